/**
 * Where this email is already attached — found by its ids, so a copy of the message in
 * another folder or mailbox is found too — each with a way to open it and to detach it.
 */
import {
  Button,
  Caption1,
  Link,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import type { EvidenceLocation } from '@throughline/contracts';
import { keyResultDeepLink, useSession } from '@throughline/ui';
import { teamsKeyResultDeepLink } from '@throughline/ui/src/teams-deep-link';

const useStyles = makeStyles({
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'grid',
    gap: tokens.spacingVerticalXS,
  },
  item: {
    display: 'grid',
    gridTemplateColumns: '1fr auto',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  text: { display: 'grid', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  title: { overflowWrap: 'anywhere', fontWeight: tokens.fontWeightSemibold },
  meta: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  links: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
});

export type AttachedLocationsProps = {
  locations: EvidenceLocation[];
  /** Evidence ids being detached right now. */
  detachingIds: ReadonlySet<string>;
  onDetach: (location: EvidenceLocation) => void;
  /** Set inside Outlook when the app has a Teams id: also offer the link that opens Teams itself. */
  teamsAppId: string | null;
  'aria-labelledby'?: string;
};

export function AttachedLocations({
  locations,
  detachingIds,
  onDetach,
  teamsAppId,
  ...aria
}: AttachedLocationsProps) {
  const styles = useStyles();
  const { publicUrl } = useSession();
  return (
    <ul className={styles.list} {...aria}>
      {locations.map((location) => {
        const isDetaching = detachingIds.has(location.id);
        const kind = location.target.kind === 'deliverable' ? 'Deliverable' : 'Key result';
        return (
          <li key={location.id} className={styles.item} data-evidence-id={location.id}>
            <span className={styles.text}>
              <Text className={styles.title}>{location.targetTitle}</Text>
              <Caption1 className={styles.meta}>
                {kind}
                {location.target.kind === 'deliverable' && location.keyResultTitle
                  ? ` · for ${location.keyResultTitle}`
                  : ''}
              </Caption1>
              {location.keyResultId && (
                <span className={styles.links}>
                  <Link
                    href={keyResultDeepLink(publicUrl, location.keyResultId)}
                    target="_blank"
                    rel="noopener noreferrer"
                  >
                    Open in Throughline
                  </Link>
                  {teamsAppId && (
                    <Link
                      href={teamsKeyResultDeepLink(teamsAppId, location.keyResultId)}
                      target="_blank"
                      rel="noopener noreferrer"
                    >
                      Open in Teams
                    </Link>
                  )}
                </span>
              )}
            </span>
            <Button
              appearance="subtle"
              size="small"
              icon={isDetaching ? <Spinner size="extra-tiny" /> : <DismissRegular />}
              disabled={isDetaching}
              onClick={() => onDetach(location)}
              aria-label={`Detach from ${location.targetTitle}`}
            >
              Detach
            </Button>
          </li>
        );
      })}
    </ul>
  );
}
