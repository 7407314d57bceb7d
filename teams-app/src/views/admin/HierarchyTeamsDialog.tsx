/**
 * Teams from the manager hierarchy, in two steps: the dialog opens on a dry run (what would
 * be created, what is already there, who is skipped and why; nothing written), and only
 * the admin's confirmation creates the teams.
 */
import {
  Body1,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { Team, TeamsFromHierarchyReport } from '@throughline/contracts';
import {
  ErrorBar,
  PersonAvatar,
  describeError,
  useApi,
  useResource,
  useSave,
} from '@throughline/ui';

const useStyles = makeStyles({
  surface: { maxWidth: '760px', width: '100%' },
  content: { display: 'grid', gap: tokens.spacingVerticalM },
  muted: { color: tokens.colorNeutralForeground2 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
  table: {
    borderCollapse: 'collapse',
    width: '100%',
    '& th, & td': {
      textAlign: 'left',
      verticalAlign: 'top',
      padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
      borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    },
  },
});

export type HierarchyTeamsDialogProps = {
  /** The tenant's teams as the admin view holds them, to name parents already there. */
  teams: Team[];
  onDismiss: () => void;
  onCreated: (report: TeamsFromHierarchyReport) => void;
};

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

export function HierarchyTeamsDialog({ teams, onDismiss, onCreated }: HierarchyTeamsDialogProps) {
  const styles = useStyles();
  const api = useApi();
  const preview = useResource(() => api.teams.fromHierarchy({ dryRun: 'true' }), [api]);
  const save = useSave();
  const report = preview.data;
  const nameOf = (id: string | null) =>
    id
      ? ([...(report?.created ?? []), ...(report?.matched ?? []), ...teams].find(
          (team) => team.id === id,
        )?.name ?? null)
      : null;

  async function create() {
    const created = await save.run(() => api.teams.fromHierarchy({ dryRun: 'false' }));
    if (created) onCreated(created);
  }

  return (
    <Dialog open onOpenChange={(_event, data) => !data.open && !save.isSaving && onDismiss()}>
      <DialogSurface className={styles.surface} aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>Create teams from the manager hierarchy</DialogTitle>
          <DialogContent className={styles.content}>
            <Body1 className={styles.muted}>
              One team for each person with direct reports, named after them, with them as lead,
              their direct reports as members, and the team their own manager leads as its parent. A
              manager who already leads a team keeps it as it is.
            </Body1>
            {preview.error && (
              <ErrorBar
                title="Could not read the manager hierarchy"
                error={preview.error}
                onRetry={preview.reload}
              />
            )}
            {!report && !preview.error && (
              <Spinner size="small" label="Reading the manager hierarchy…" />
            )}
            {report && (
              <>
                <Body1 aria-live="polite">
                  {report.counts.created === 0
                    ? 'Nothing to create: every manager already leads a team.'
                    : `${plural(report.counts.created, 'team', 'teams')} will be created.`}{' '}
                  {report.counts.matched > 0 &&
                    `${plural(report.counts.matched, 'manager already leads a team', 'managers already lead a team')}. `}
                  {report.counts.skipped > 0 &&
                    `${plural(report.counts.skipped, 'manager is', 'managers are')} skipped.`}
                </Body1>
                {report.created.length > 0 && (
                  <table className={styles.table} aria-label="Teams that will be created">
                    <thead>
                      <tr>
                        <th scope="col">Team</th>
                        <th scope="col">Lead</th>
                        <th scope="col">Members</th>
                        <th scope="col">Part of</th>
                      </tr>
                    </thead>
                    <tbody>
                      {report.created.map((team) => (
                        <tr key={team.id}>
                          <td>{team.name}</td>
                          <td>{team.leadId && <PersonAvatar personId={team.leadId} />}</td>
                          <td>{plural(team.memberIds.length, 'person', 'people')}</td>
                          <td>{nameOf(team.parentId) ?? '—'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
                {report.matched.length > 0 && (
                  <section aria-label="Already there">
                    <Subtitle2 as="h3">Already there, left as they are</Subtitle2>
                    <ul className={styles.list}>
                      {report.matched.map((team) => (
                        <li key={team.id}>{team.name}</li>
                      ))}
                    </ul>
                  </section>
                )}
                {report.skipped.length > 0 && (
                  <section aria-label="Skipped">
                    <Subtitle2 as="h3">Skipped</Subtitle2>
                    <ul className={styles.list}>
                      {report.skipped.map((skip) => (
                        <li key={skip.managerId}>{skip.message}</li>
                      ))}
                    </ul>
                  </section>
                )}
              </>
            )}
            {Boolean(save.failure) && (
              <MessageBar intent="error" layout="multiline" role="alert">
                <MessageBarBody>Not created: {describeError(save.failure)}</MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            <Button onClick={onDismiss} disabled={save.isSaving}>
              {report && report.counts.created === 0 ? 'Close' : 'Cancel'}
            </Button>
            {report && report.counts.created > 0 && (
              <Button
                appearance="primary"
                onClick={create}
                disabled={save.isSaving}
                icon={save.isSaving ? <Spinner size="tiny" /> : undefined}
              >
                {save.isSaving
                  ? 'Creating…'
                  : `Create ${plural(report.counts.created, 'team', 'teams')}`}
              </Button>
            )}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
