import { Caption1, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { MailRegular } from '@fluentui/react-icons';
import { useSession } from '@throughline/ui';
import type { OpenMessage } from '../host/office-host';

const useStyles = makeStyles({
  root: {
    display: 'grid',
    gridTemplateColumns: '24px 1fr',
    gap: tokens.spacingHorizontalS,
    padding: tokens.spacingVerticalM,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  icon: {
    fontSize: '20px',
    color: tokens.colorBrandForeground1,
    paddingTop: tokens.spacingVerticalXXS,
  },
  body: { display: 'grid', gap: tokens.spacingVerticalXXS, minWidth: 0 },
  subject: { overflowWrap: 'anywhere', margin: 0 },
  meta: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
});

export type MessageSummaryProps = { message: OpenMessage };

/** The email being read, so the person sees what they are about to attach. */
export function MessageSummary({ message }: MessageSummaryProps) {
  const styles = useStyles();
  const { locale } = useSession();
  const received = message.receivedAt
    ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
        new Date(message.receivedAt),
      )
    : null;
  return (
    <section className={styles.root} aria-label="This email">
      <MailRegular className={styles.icon} aria-hidden />
      <div className={styles.body}>
        <Subtitle2 as="h2" className={styles.subject}>
          {message.subject || '(no subject)'}
        </Subtitle2>
        {message.from && (
          <Caption1 className={styles.meta}>
            From {message.from.name}
            {message.from.name !== message.from.address ? ` <${message.from.address}>` : ''}
          </Caption1>
        )}
        {received && <Caption1 className={styles.meta}>{received}</Caption1>}
      </div>
    </section>
  );
}
