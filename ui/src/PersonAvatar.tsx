import { Skeleton, SkeletonItem, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Suspense, lazy } from 'react';
import { SERVICE_ACTORS, usePerson } from './people-directory';
import { visuallyHidden } from './visually-hidden';

const Avatar = lazy(() =>
  import('./avatar-picture').then((module) => ({ default: module.Avatar })),
);

const useStyles = makeStyles({
  // Where the picture goes while it loads: a neutral circle of its size, as a person still
  // being looked up shows, so that nothing moves when it arrives.
  picture: {
    display: 'inline-block',
    flexShrink: 0,
    verticalAlign: 'middle',
    borderRadius: tokens.borderRadiusCircular,
    backgroundColor: tokens.colorNeutralBackground6,
  },
  row: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    minWidth: 0,
  },
  name: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  loading: { width: '96px' },
  hidden: visuallyHidden,
});

export type PersonAvatarProps = {
  personId: string | null | undefined;
  /** Show the name beside the picture (lists), or only the picture with a tooltip-like label (dense rows). */
  isNameShown?: boolean;
  size?: 20 | 24 | 28 | 32 | 40;
  /** Words before the name for screen readers, e.g. "Owner". */
  role?: string;
};

export function PersonAvatar({ personId, isNameShown = true, size = 24, role }: PersonAvatarProps) {
  const styles = useStyles();
  const person = usePerson(personId);
  const serviceName =
    personId && Object.hasOwn(SERVICE_ACTORS, personId) ? SERVICE_ACTORS[personId] : undefined;
  if (person === undefined && !serviceName) {
    return (
      <Skeleton className={styles.loading} aria-label="Loading person">
        <SkeletonItem size={16} />
      </Skeleton>
    );
  }
  const name = serviceName ?? person?.displayName ?? 'Someone outside your view';
  const label = role ? `${role}: ${name}` : name;
  return (
    <span className={styles.row} title={person?.jobTitle ? `${name}, ${person.jobTitle}` : name}>
      <Suspense
        fallback={
          <span
            className={styles.picture}
            style={{ width: size, height: size }}
            role={isNameShown ? undefined : 'img'}
            aria-label={isNameShown ? undefined : label}
            aria-hidden={isNameShown ? true : undefined}
          />
        }
      >
        <Avatar
          name={name}
          size={size}
          color="colorful"
          aria-label={isNameShown ? undefined : label}
          aria-hidden={isNameShown ? true : undefined}
        />
      </Suspense>
      {isNameShown && (
        <Text size={200} className={styles.name}>
          {role ? <span className={styles.hidden}>{`${role}: `}</span> : null}
          {name}
        </Text>
      )}
    </span>
  );
}
