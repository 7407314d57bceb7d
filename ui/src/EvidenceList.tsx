/**
 * What proves progress on a key result: emails and documents (and meetings and links),
 * each shown from the snapshot taken when it was attached, so a source that was later
 * deleted or moved still says what it was — with a plain mark that it is gone. An email
 * opens in Outlook only from the reader's own copy (`openLink`); everyone who may see it
 * can open the snapshot page where the host has one.
 */
import { Badge, Body1, Caption1, Link, Text, makeStyles, tokens } from '@fluentui/react-components';
import {
  CalendarRegular,
  ChatRegular,
  DocumentPdfRegular,
  DocumentRegular,
  DocumentTextRegular,
  ImageRegular,
  LinkRegular,
  MailRegular,
  SlideTextRegular,
  TableRegular,
} from '@fluentui/react-icons';
import type { Evidence, EvidenceSyncState } from '@throughline/contracts';
import type { ReactElement } from 'react';
import { useSession } from './throughline-context';
import { visuallyHidden } from './visually-hidden';

const useStyles = makeStyles({
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'grid',
    gap: tokens.spacingVerticalS,
  },
  item: {
    display: 'grid',
    gridTemplateColumns: '32px 1fr',
    gap: tokens.spacingHorizontalM,
    padding: tokens.spacingVerticalM,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  gone: {
    backgroundColor: tokens.colorNeutralBackground3,
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke1}`,
  },
  icon: {
    fontSize: '24px',
    color: tokens.colorBrandForeground1,
    paddingTop: tokens.spacingVerticalXXS,
  },
  body: { display: 'grid', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  titleRow: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    flexWrap: 'wrap',
  },
  title: { fontWeight: tokens.fontWeightSemibold },
  meta: { color: tokens.colorNeutralForeground2 },
  preview: {
    color: tokens.colorNeutralForeground2,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  note: { fontStyle: 'italic' },
  visuallyHiddenKind: visuallyHidden,
});

export type EvidenceListProps = {
  evidence: Evidence[];
  /** Heading level context: the list is labelled by the section that holds it. */
  'aria-labelledby'?: string;
  /** Titles of the deliverables whose evidence is listed with their key result's, by id. */
  deliverableTitles?: ReadonlyMap<string, string>;
  /** Where the page showing an item's snapshot lives, when the host has one (the tab does). */
  snapshotHref?: (evidence: Evidence) => string;
};

const syncMarks: Partial<
  Record<EvidenceSyncState, { label: string; color: 'danger' | 'warning' | 'informative' }>
> = {
  deleted: { label: 'Source deleted', color: 'danger' },
  moved: { label: 'Source moved', color: 'informative' },
  access_lost: { label: 'No longer accessible', color: 'warning' },
  changed: { label: 'Changed since attached', color: 'informative' },
};

export function EvidenceList({
  evidence,
  deliverableTitles,
  snapshotHref,
  ...aria
}: EvidenceListProps) {
  const styles = useStyles();
  return (
    <ul className={styles.list} {...aria}>
      {evidence.map((item) => (
        <EvidenceItem
          key={item.id}
          evidence={item}
          snapshotHref={snapshotHref?.(item)}
          deliverableTitle={
            item.target.kind === 'deliverable'
              ? (deliverableTitles?.get(item.target.id) ?? 'a deliverable')
              : undefined
          }
        />
      ))}
    </ul>
  );
}

export type EvidenceItemProps = {
  evidence: Evidence;
  /** Set when the item proves one of the key result's deliverables rather than the key result itself. */
  deliverableTitle?: string;
  /** The page with what Throughline kept of it (who attached it and why); the title opens it. */
  snapshotHref?: string;
};

export function EvidenceItem({ evidence, deliverableTitle, snapshotHref }: EvidenceItemProps) {
  const styles = useStyles();
  const { locale } = useSession();
  const { snapshot, kind, syncState } = evidence;
  const isGone = syncState === 'deleted' || syncState === 'access_lost';
  const mark = syncMarks[syncState];
  const title =
    kind === 'email'
      ? snapshot.subject || snapshot.title || '(no subject)'
      : kind === 'document'
        ? snapshot.fileName || snapshot.title
        : snapshot.title;
  const formatDate = (iso: string | undefined) =>
    iso
      ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso))
      : undefined;
  const opensIn =
    kind === 'email'
      ? 'Outlook'
      : kind === 'document'
        ? 'Office on the web'
        : kind === 'meeting'
          ? 'Outlook'
          : kind === 'teamsMessage'
            ? 'Teams'
            : 'a new tab';
  const attachedNote = evidence.attachedBy.find((entry) => entry.note)?.note;

  let meta: string | undefined;
  if (kind === 'email')
    meta = [
      snapshot.from ? `From ${snapshot.from.name}` : undefined,
      formatDate(snapshot.receivedAt),
    ]
      .filter(Boolean)
      .join(' · ');
  else if (kind === 'document')
    meta = [
      snapshot.modifiedBy ? `Modified by ${snapshot.modifiedBy}` : undefined,
      formatDate(snapshot.modifiedAt),
    ]
      .filter(Boolean)
      .join(' · ');
  else if (kind === 'meeting') meta = formatDate(snapshot.startsAt);
  else if (kind === 'teamsMessage')
    meta = [
      snapshot.from ? `From ${snapshot.from.name}` : undefined,
      formatDate(snapshot.receivedAt),
    ]
      .filter(Boolean)
      .join(' · ');

  return (
    <li
      className={isGone ? `${styles.item} ${styles.gone}` : styles.item}
      data-evidence-kind={kind}
    >
      <span className={styles.icon} aria-hidden>
        {evidenceIcon(evidence)}
      </span>
      <div className={styles.body}>
        <div className={styles.titleRow}>
          <Text className={styles.visuallyHiddenKind}>{kindLabel(kind)}: </Text>
          {snapshotHref ? (
            <Link href={snapshotHref} className={styles.title}>
              {title}
            </Link>
          ) : evidence.openLink && !isGone ? (
            <Link
              href={evidence.openLink}
              target="_blank"
              rel="noopener noreferrer"
              className={styles.title}
              title={`Open in ${opensIn}`}
            >
              {title}
            </Link>
          ) : (
            <Text className={styles.title}>{title}</Text>
          )}
          {mark && (
            <Badge appearance="tint" color={mark.color} shape="rounded" size="small">
              {mark.label}
            </Badge>
          )}
        </div>
        {deliverableTitle && (
          <Caption1 className={styles.meta} data-testid="evidence-deliverable">
            On the deliverable “{deliverableTitle}”
          </Caption1>
        )}
        {meta && <Caption1 className={styles.meta}>{meta}</Caption1>}
        {kind === 'email' && snapshot.preview && (
          <Body1 className={styles.preview}>{snapshot.preview}</Body1>
        )}
        {isGone && (
          <Caption1 className={styles.meta}>
            Shown as it was when attached
            {syncState === 'deleted'
              ? '; the original was deleted.'
              : '; you can no longer open the original.'}
          </Caption1>
        )}
        {attachedNote && <Caption1 className={styles.note}>“{attachedNote}”</Caption1>}
        {snapshotHref && evidence.openLink && !isGone && (
          <Caption1>
            <Link href={evidence.openLink} target="_blank" rel="noopener noreferrer">
              Open in {opensIn}
            </Link>
          </Caption1>
        )}
      </div>
    </li>
  );
}

function kindLabel(kind: Evidence['kind']): string {
  return {
    email: 'Email',
    document: 'Document',
    meeting: 'Meeting',
    link: 'Link',
    teamsMessage: 'Teams message',
  }[kind];
}

/** An icon for the kind of file, from its name or type, so a list of documents scans quickly. */
export function evidenceIcon(evidence: Pick<Evidence, 'kind' | 'snapshot'>): ReactElement {
  if (evidence.kind === 'email') return <MailRegular />;
  if (evidence.kind === 'meeting') return <CalendarRegular />;
  if (evidence.kind === 'link') return <LinkRegular />;
  if (evidence.kind === 'teamsMessage') return <ChatRegular />;
  return (
    <DocumentTypeIcon
      fileName={evidence.snapshot.fileName ?? evidence.snapshot.title}
      mimeType={evidence.snapshot.mimeType}
    />
  );
}

export function documentType(
  fileName: string,
  mimeType?: string,
): 'word' | 'excel' | 'powerpoint' | 'pdf' | 'image' | 'text' | 'other' {
  const extension = fileName.toLowerCase().split('.').pop() ?? '';
  if (
    ['doc', 'docx', 'dotx', 'odt', 'rtf'].includes(extension) ||
    mimeType?.includes('wordprocessing')
  )
    return 'word';
  if (
    ['xls', 'xlsx', 'xlsm', 'csv', 'ods'].includes(extension) ||
    mimeType?.includes('spreadsheet')
  )
    return 'excel';
  if (['ppt', 'pptx', 'odp'].includes(extension) || mimeType?.includes('presentation'))
    return 'powerpoint';
  if (extension === 'pdf' || mimeType === 'application/pdf') return 'pdf';
  if (
    ['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp'].includes(extension) ||
    mimeType?.startsWith('image/')
  )
    return 'image';
  if (['txt', 'md'].includes(extension) || mimeType?.startsWith('text/')) return 'text';
  return 'other';
}

function DocumentTypeIcon({ fileName, mimeType }: { fileName: string; mimeType?: string }) {
  const type = documentType(fileName, mimeType);
  const icons = {
    word: DocumentTextRegular,
    excel: TableRegular,
    powerpoint: SlideTextRegular,
    pdf: DocumentPdfRegular,
    image: ImageRegular,
    text: DocumentTextRegular,
    other: DocumentRegular,
  };
  const Icon = icons[type];
  return <Icon data-document-type={type} />;
}
