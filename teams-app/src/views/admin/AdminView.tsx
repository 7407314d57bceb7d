/**
 * Running Throughline in a tenant: the cycles people set OKRs in, the teams, who the
 * admins are, and the org sync that brings people and managers from the directory.
 * Admins only; anyone else is told who to ask.
 */
import {
  Body1,
  Button,
  Caption1,
  Card,
  Field,
  Input,
  Label,
  Link,
  MessageBar,
  MessageBarBody,
  Select,
  Subtitle2,
  Switch,
  Title2,
  makeStyles,
  tokens,
  useId,
} from '@fluentui/react-components';
import {
  AddRegular,
  ArrowSyncRegular,
  DismissRegular,
  EditRegular,
  LockClosedRegular,
  OrganizationRegular,
} from '@fluentui/react-icons';
import type { Cycle, ImportReport, Page, Team } from '@throughline/contracts';
import {
  CardListSkeleton,
  CycleEndedBar,
  ErrorBar,
  PersonAvatar,
  describeError,
  useApi,
  useResource,
  useSave,
  useSession,
  type Resource,
  type SaveAction,
} from '@throughline/ui';
import { hrefFor } from '../../app/router';
import { generalFailureOf } from '../../forms/FormDialog';
import { useState, type FormEvent, type ReactNode } from 'react';
import { PersonPicker } from '../../forms/PersonPicker';
import { CloseCycleDialog, EditCycleDialog } from './CycleDialogs';
import { EditTeamDialog } from './EditTeamDialog';
import { HierarchyTeamsDialog } from './HierarchyTeamsDialog';

const useStyles = makeStyles({
  root: { display: 'grid', gap: tokens.spacingVerticalL, maxWidth: '880px' },
  card: { display: 'grid', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalL },
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'grid',
    gap: tokens.spacingVerticalS,
  },
  row: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    flexWrap: 'wrap',
  },
  grow: { flexGrow: 1 },
  form: {
    display: 'grid',
    gap: tokens.spacingVerticalS,
    gridTemplateColumns: 'repeat(auto-fit, minmax(180px, 1fr))',
    alignItems: 'end',
  },
  muted: { color: tokens.colorNeutralForeground2 },
  fileField: { display: 'grid', gap: tokens.spacingVerticalXXS },
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

export function AdminView() {
  const styles = useStyles();
  const api = useApi();
  const setup = useResource(() => api.setup.get(), [api]);
  // Shared, so a cycle created above is at once one to import into.
  const cycles = useResource(() => api.cycles.list(), [api]);
  if (setup.error)
    return <ErrorBar title="Could not load the setup" error={setup.error} onRetry={setup.reload} />;
  if (!setup.data) return <CardListSkeleton label="Loading the admin view" />;
  if (!setup.data.isAdmin)
    return (
      <div className={styles.root}>
        <Title2 as="h1">Admin</Title2>
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            Only Throughline admins can manage cycles, teams and admins.{' '}
            {setup.data.adminIds.length > 0
              ? 'Ask one of the admins below.'
              : 'Ask your IT admin: a Global Administrator sets Throughline up.'}
          </MessageBarBody>
        </MessageBar>
        <AdminNames ids={setup.data.adminIds} />
      </div>
    );
  return (
    <div className={styles.root}>
      <Title2 as="h1">Admin</Title2>
      <CyclesSection cycles={cycles} />
      <TeamsSection />
      <ImportSection cycles={cycles} />
      <SettingsSection />
      <AdminsSection />
      <OrgSyncSection />
    </div>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <Card className={styles.card} role="region" aria-labelledby={id}>
      <Subtitle2 as="h2" id={id}>
        {title}
      </Subtitle2>
      {children}
    </Card>
  );
}

function AdminNames({ ids }: { ids: string[] }) {
  const styles = useStyles();
  return (
    <ul className={styles.list} aria-label="Throughline admins">
      {ids.map((id) => (
        <li key={id}>
          <PersonAvatar personId={id} />
        </li>
      ))}
    </ul>
  );
}

const quarterAfter = (today: Date) => {
  const start = new Date(
    Date.UTC(today.getUTCFullYear(), Math.floor(today.getUTCMonth() / 3) * 3, 1),
  );
  const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 3, 0));
  const quarter = Math.floor(start.getUTCMonth() / 3) + 1;
  return {
    name: `Q${quarter} ${start.getUTCFullYear()}`,
    startsOn: start.toISOString().slice(0, 10),
    endsOn: end.toISOString().slice(0, 10),
  };
};

type CyclesResource = Resource<Page<Cycle>>;

function CyclesSection({ cycles }: { cycles: CyclesResource }) {
  const styles = useStyles();
  const api = useApi();
  const { locale } = useSession();
  const suggested = quarterAfter(new Date());
  const [name, setName] = useState(suggested.name);
  const [startsOn, setStartsOn] = useState(suggested.startsOn);
  const [endsOn, setEndsOn] = useState(suggested.endsOn);
  const [dialog, setDialog] = useState<{ kind: 'edit' | 'close'; cycle: Cycle } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const save = useSave();
  const day = (iso: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${iso}T00:00:00Z`),
    );

  async function create(event: FormEvent) {
    event.preventDefault();
    const created = await save.run((key) =>
      api.cycles.create({ name, kind: 'quarter', startsOn, endsOn }, { idempotencyKey: key }),
    );
    if (created) cycles.reload();
  }

  return (
    <Section id="admin-cycles" title="Cycles">
      <Body1 className={styles.muted}>
        People set their objectives for a cycle, usually a quarter. The open cycle whose dates
        include today is the one My OKRs shows.
      </Body1>
      <CycleEndedBar
        cycles={cycles.data?.items ?? []}
        reviewHref={(ended) => hrefFor({ name: 'cycleReview', cycleId: ended.id })}
      />
      {cycles.error && (
        <ErrorBar title="Could not load the cycles" error={cycles.error} onRetry={cycles.reload} />
      )}
      {cycles.data && cycles.data.items.length > 0 && (
        <ul className={styles.list} aria-label="Cycles">
          {cycles.data.items.map((cycle: Cycle) => (
            <li key={cycle.id} className={styles.row}>
              <Body1 className={styles.grow}>
                <strong>{cycle.name}</strong> · {day(cycle.startsOn)} – {day(cycle.endsOn)}
              </Body1>
              <Caption1 className={styles.muted}>{cycle.closedAt ? 'Closed' : 'Open'}</Caption1>
              <Link
                href={hrefFor({ name: 'cycleReview', cycleId: cycle.id })}
                aria-label={`Review ${cycle.name}`}
              >
                Review
              </Link>
              {cycle.state === 'open' && (
                <>
                  <Button
                    size="small"
                    icon={<EditRegular />}
                    aria-label={`Edit ${cycle.name}`}
                    onClick={() => setDialog({ kind: 'edit', cycle })}
                  >
                    Edit
                  </Button>
                  <Button
                    size="small"
                    icon={<LockClosedRegular />}
                    aria-label={`Close ${cycle.name}`}
                    onClick={() => setDialog({ kind: 'close', cycle })}
                  >
                    Close
                  </Button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {notice && (
        <MessageBar intent="success">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      {dialog?.kind === 'edit' && (
        <EditCycleDialog
          cycle={dialog.cycle}
          onDismiss={() => setDialog(null)}
          onSaved={(saved) => {
            setDialog(null);
            setNotice(`Saved ${saved.name}.`);
            cycles.reload();
          }}
        />
      )}
      {dialog?.kind === 'close' && (
        <CloseCycleDialog
          cycle={dialog.cycle}
          onDismiss={() => setDialog(null)}
          onClosed={(closed) => {
            setDialog(null);
            setNotice(`Closed ${closed.name}: scores are recorded and check-ins have ended.`);
            cycles.reload();
          }}
        />
      )}
      {cycles.data && cycles.data.items.length === 0 && (
        <Body1>No cycle yet: create the first one, and people can set their OKRs.</Body1>
      )}
      <form className={styles.form} onSubmit={create} aria-label="New cycle">
        <Field label="Name" required validationMessage={save.fieldMessage('name')}>
          <Input value={name} onChange={(_event, data) => setName(data.value)} />
        </Field>
        <Field label="Starts on" required validationMessage={save.fieldMessage('startsOn')}>
          <Input
            type="date"
            value={startsOn}
            onChange={(_event, data) => setStartsOn(data.value)}
          />
        </Field>
        <Field label="Ends on" required validationMessage={save.fieldMessage('endsOn')}>
          <Input type="date" value={endsOn} onChange={(_event, data) => setEndsOn(data.value)} />
        </Field>
        <Button type="submit" appearance="primary" icon={<AddRegular />} disabled={save.isSaving}>
          Create cycle
        </Button>
      </form>
      <Failure save={save} fields={['name', 'startsOn', 'endsOn']} />
    </Section>
  );
}

function TeamsSection() {
  const styles = useStyles();
  const api = useApi();
  const teams = useResource(() => api.teams.list(), [api]);
  const [name, setName] = useState('');
  const [leadId, setLeadId] = useState('');
  const [parentId, setParentId] = useState('');
  const [editing, setEditing] = useState<Team | null>(null);
  const [isFromHierarchyOpen, setIsFromHierarchyOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const save = useSave();
  const nameOf = (id: string | null) =>
    teams.data?.items.find((team) => team.id === id)?.name ?? null;

  async function create(event: FormEvent) {
    event.preventDefault();
    const created = await save.run((key) =>
      api.teams.create(
        { name, leadId: leadId || null, parentId: parentId || null },
        { idempotencyKey: key },
      ),
    );
    if (created) {
      setName('');
      setLeadId('');
      setParentId('');
      teams.reload();
    }
  }

  return (
    <Section id="admin-teams" title="Teams">
      {teams.error && (
        <ErrorBar title="Could not load the teams" error={teams.error} onRetry={teams.reload} />
      )}
      {teams.data && teams.data.items.length > 0 && (
        <ul className={styles.list} aria-label="Teams">
          {teams.data.items.map((team) => (
            <li key={team.id} className={styles.row}>
              <Body1 className={styles.grow}>
                <strong>{team.name}</strong>
                {team.parentId && (
                  <span className={styles.muted}> · part of {nameOf(team.parentId)}</span>
                )}
              </Body1>
              {team.leadId && <PersonAvatar personId={team.leadId} role="Lead" />}
              <Button
                size="small"
                icon={<EditRegular />}
                aria-label={`Edit ${team.name}`}
                onClick={() => setEditing(team)}
              >
                Edit
              </Button>
            </li>
          ))}
        </ul>
      )}
      {teams.data && teams.data.items.length === 0 && (
        <Body1>No team yet. Teams own team objectives and give the Team view its tree.</Body1>
      )}
      <div className={styles.row}>
        <Button icon={<OrganizationRegular />} onClick={() => setIsFromHierarchyOpen(true)}>
          Set up teams from the manager hierarchy
        </Button>
        <Caption1 className={styles.muted}>
          One team per manager, from the people and managers the org sync brought in. You see what
          would be created first.
        </Caption1>
      </div>
      {notice && (
        <MessageBar intent="success">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      {editing && (
        <EditTeamDialog
          team={editing}
          teams={teams.data?.items ?? []}
          onDismiss={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            setNotice(`Saved ${saved.name}.`);
            teams.reload();
          }}
        />
      )}
      {isFromHierarchyOpen && (
        <HierarchyTeamsDialog
          teams={teams.data?.items ?? []}
          onDismiss={() => setIsFromHierarchyOpen(false)}
          onCreated={(report) => {
            setIsFromHierarchyOpen(false);
            setNotice(
              `Created ${report.counts.created} ${report.counts.created === 1 ? 'team' : 'teams'} from the manager hierarchy.`,
            );
            teams.reload();
          }}
        />
      )}
      <form className={styles.form} onSubmit={create} aria-label="New team">
        <Field label="Team name" required validationMessage={save.fieldMessage('name')}>
          <Input value={name} onChange={(_event, data) => setName(data.value)} />
        </Field>
        <PersonPicker
          label="Lead"
          personId={leadId}
          onChange={setLeadId}
          validationMessage={save.fieldMessage('leadId')}
        />
        <Field label="Part of" validationMessage={save.fieldMessage('parentId')}>
          <Select value={parentId} onChange={(_event, data) => setParentId(data.value)}>
            <option value="">No parent team</option>
            {(teams.data?.items ?? []).map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" appearance="primary" icon={<AddRegular />} disabled={save.isSaving}>
          Create team
        </Button>
      </form>
      <Failure save={save} fields={['name', 'leadId', 'parentId']} />
    </Section>
  );
}

const outcomeLabels = {
  create: 'Will be created',
  already_imported: 'Imported before',
  refused: 'Refused',
} as const;

/** Last quarter's OKRs from a file: checked first (nothing written), then imported. */
function ImportSection({ cycles }: { cycles: CyclesResource }) {
  const styles = useStyles();
  const api = useApi();
  const fileInputId = useId('import-file');
  const open = (cycles.data?.items ?? []).filter((cycle) => !cycle.closedAt);
  const [cycleId, setCycleId] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const save = useSave();
  const chosenCycle = cycleId || open[0]?.id || '';

  async function run(dryRun: boolean) {
    if (!file || !chosenCycle) return;
    const result = await save.run(() =>
      api.imports.run(file, {
        cycleId: chosenCycle,
        dryRun: dryRun ? 'true' : 'false',
        fileName: file.name,
      }),
    );
    if (result) setReport(result);
  }

  return (
    <Section id="admin-import" title="Bring last quarter along">
      <Body1 className={styles.muted}>
        Import objectives and key results from an Excel workbook (.xlsx) or a CSV file: a Viva Goals
        export as it is, or Throughline’s columns (Type, Title, Parent, Owner, Team, Metric, Start,
        Target, Current, Unit). Check the file first; nothing is written until you import, and
        importing the same file again creates nothing new.
      </Body1>
      <div className={styles.form}>
        <Field label="Into the cycle">
          <Select value={chosenCycle} onChange={(_event, data) => setCycleId(data.value)}>
            {open.map((cycle) => (
              <option key={cycle.id} value={cycle.id}>
                {cycle.name}
              </option>
            ))}
          </Select>
        </Field>
        <div className={styles.fileField}>
          <Label htmlFor={fileInputId}>File (.xlsx or .csv)</Label>
          <input
            id={fileInputId}
            type="file"
            accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setReport(null);
            }}
          />
        </div>
        <Button onClick={() => run(true)} disabled={!file || !chosenCycle || save.isSaving}>
          Check the file
        </Button>
      </div>
      <Failure save={save} fields={[]} />
      {report && (
        <>
          <Body1 aria-live="polite">
            {report.dryRun
              ? `${report.rows} rows: ${report.created} to create, ${report.alreadyImported} imported before, ${report.refused} refused.`
              : `Imported: ${report.created} created, ${report.alreadyImported} already there, ${report.refused} refused.`}
          </Body1>
          <table className={styles.table} aria-label="What the import does, row by row">
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Title</th>
                <th scope="col">What happens</th>
              </tr>
            </thead>
            <tbody>
              {report.items.map((item) => (
                <tr key={item.row}>
                  <td>{item.row}</td>
                  <td>
                    {item.type === 'keyResult'
                      ? 'Key result: '
                      : item.type === 'deliverable'
                        ? 'Deliverable: '
                        : ''}
                    {item.title}
                  </td>
                  <td>
                    {outcomeLabels[item.outcome]}
                    {item.problems.map((problem) => (
                      <div key={`${problem.column}-${problem.reason}`}>
                        {problem.column ? `${problem.column}: ` : ''}
                        {problem.reason}
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.dryRun && report.created > 0 && (
            <div className={styles.row}>
              <Button appearance="primary" onClick={() => run(false)} disabled={save.isSaving}>
                Import {report.created} {report.created === 1 ? 'item' : 'items'}
              </Button>
            </div>
          )}
        </>
      )}
    </Section>
  );
}

const weekdays = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;

/** The check-in rhythm, the digest's day and hour, and the thresholds the risk rules use. */
function SettingsSection() {
  const styles = useStyles();
  const api = useApi();
  const settings = useResource(() => api.settings.get(), [api]);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const save = useSave();
  if (settings.error)
    return (
      <Section id="admin-settings" title="Check-ins, digest and risk rules">
        <ErrorBar
          title="Could not load the settings"
          error={settings.error}
          onRetry={settings.reload}
        />
      </Section>
    );
  if (!settings.data) return null;
  const current = settings.data;
  const value = (field: keyof typeof current) => draft[field] ?? String(current[field] ?? '');
  const set = (field: string) => (text: string) => {
    setDraft((before) => ({ ...before, [field]: text }));
    setSaved(false);
  };
  const numberField = (field: keyof typeof current, label: string, hint: string) => (
    <Field label={label} hint={hint} validationMessage={save.fieldMessage(field)}>
      <Input
        type="number"
        value={value(field)}
        onChange={(_event, data) => set(field)(data.value)}
      />
    </Field>
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    const asNumber = (field: string) => (field in draft ? Number(draft[field]) : undefined);
    const updated = await save.run(() =>
      api.settings.update({
        version: current.version,
        checkInCadenceDays: asNumber('checkInCadenceDays'),
        digestHour: asNumber('digestHour'),
        paceTolerance: 'paceTolerance' in draft ? Number(draft.paceTolerance) / 100 : undefined,
        confidenceDrop: asNumber('confidenceDrop'),
        greenWithoutProofWeeks: asNumber('greenWithoutProofWeeks'),
        prepCardLeadMinutes: asNumber('prepCardLeadMinutes'),
        checkInReminders:
          'checkInReminders' in draft ? draft.checkInReminders === 'true' : undefined,
        checkInWeekday: draft.checkInWeekday as (typeof weekdays)[number] | undefined,
        timeZone: draft.timeZone,
      }),
    );
    if (updated) {
      setDraft({});
      setSaved(true);
      settings.reload();
    }
  }

  return (
    <Section id="admin-settings" title="Check-ins, digest and risk rules">
      <form className={styles.form} onSubmit={submit} aria-label="Settings">
        {numberField(
          'checkInCadenceDays',
          'Check in every (days)',
          'No check-in for two of these is a risk.',
        )}
        <Field label="Check-in day" validationMessage={save.fieldMessage('checkInWeekday')}>
          <Select
            value={value('checkInWeekday')}
            onChange={(_event, data) => set('checkInWeekday')(data.value)}
          >
            {weekdays.map((day) => (
              <option key={day} value={day}>
                {day.charAt(0).toUpperCase() + day.slice(1)}
              </option>
            ))}
          </Select>
        </Field>
        {numberField(
          'digestHour',
          'Digest at (hour, 0–23)',
          'On the check-in day, in the time zone below.',
        )}
        <Field
          label="Time zone"
          hint="e.g. Europe/London"
          validationMessage={save.fieldMessage('timeZone')}
        >
          <Input
            value={value('timeZone')}
            onChange={(_event, data) => set('timeZone')(data.value)}
          />
        </Field>
        <Field
          label="Behind pace beyond (%)"
          hint="How far under the ideal line a key result may be."
          validationMessage={save.fieldMessage('paceTolerance')}
        >
          <Input
            type="number"
            value={draft.paceTolerance ?? String(Math.round(current.paceTolerance * 100))}
            onChange={(_event, data) => set('paceTolerance')(data.value)}
          />
        </Field>
        {numberField(
          'confidenceDrop',
          'Confidence drop (points)',
          'Between two check-ins, on the 1–10 scale.',
        )}
        {numberField(
          'greenWithoutProofWeeks',
          'Green without proof after (weeks)',
          'On track with no new value or evidence.',
        )}
        {numberField(
          'prepCardLeadMinutes',
          'Prep card before a 1-on-1 (minutes)',
          'When the manager gets the prep card in Teams: its activity feed and the chat with the bot.',
        )}
        <Field
          hint="On the check-in day, the Teams bot sends each person a card with the key results they have not checked in yet."
          validationMessage={save.fieldMessage('checkInReminders')}
        >
          <Switch
            label="Weekly check-in card in Teams"
            checked={value('checkInReminders') === 'true'}
            onChange={(_event, data) => set('checkInReminders')(String(data.checked))}
          />
        </Field>
        <Button
          type="submit"
          appearance="primary"
          disabled={save.isSaving || Object.keys(draft).length === 0}
        >
          Save settings
        </Button>
      </form>
      {saved && (
        <MessageBar intent="success">
          <MessageBarBody>Saved. The risk rules use the new values from now on.</MessageBarBody>
        </MessageBar>
      )}
      <Failure
        save={save}
        fields={[
          'checkInCadenceDays',
          'checkInWeekday',
          'digestHour',
          'timeZone',
          'paceTolerance',
          'confidenceDrop',
          'greenWithoutProofWeeks',
          'prepCardLeadMinutes',
          'checkInReminders',
        ]}
      />
    </Section>
  );
}

function AdminsSection() {
  const styles = useStyles();
  const api = useApi();
  const { me } = useSession();
  const roster = useResource(() => api.admins.list(), [api]);
  const [personId, setPersonId] = useState('');
  const save = useSave();

  async function add(event: FormEvent) {
    event.preventDefault();
    if (!personId) return;
    const changed = await save.run(() => api.admins.add({ personId }));
    if (changed) {
      setPersonId('');
      roster.reload();
    }
  }
  async function remove(id: string) {
    const changed = await save.run(() => api.admins.remove(id));
    if (changed) roster.reload();
  }

  return (
    <Section id="admin-admins" title="Admins">
      <Body1 className={styles.muted}>
        People holding the Throughline admin app role in Entra ID are admins too; this list is for
        those made admins here.
      </Body1>
      {roster.error && (
        <ErrorBar title="Could not load the admins" error={roster.error} onRetry={roster.reload} />
      )}
      <ul className={styles.list} aria-label="Throughline admins">
        {(roster.data?.personIds ?? []).map((id) => (
          <li key={id} className={styles.row}>
            <span className={styles.grow}>
              <PersonAvatar personId={id} />
            </span>
            <Button
              size="small"
              icon={<DismissRegular />}
              onClick={() => remove(id)}
              disabled={save.isSaving}
            >
              {id === me.person.id ? 'Stop being an admin' : 'Remove'}
            </Button>
          </li>
        ))}
      </ul>
      <form className={styles.form} onSubmit={add} aria-label="Add an admin">
        <PersonPicker
          label="Make an admin"
          personId={personId}
          onChange={setPersonId}
          validationMessage={save.fieldMessage('personId')}
        />
        <Button
          type="submit"
          appearance="primary"
          icon={<AddRegular />}
          disabled={!personId || save.isSaving}
        >
          Add admin
        </Button>
      </form>
      <Failure save={save} fields={['personId']} />
    </Section>
  );
}

function OrgSyncSection() {
  const styles = useStyles();
  const api = useApi();
  const { locale } = useSession();
  const status = useResource(() => api.orgSync.status(), [api]);
  const save = useSave();
  const when = (iso: string | null) =>
    iso
      ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
          new Date(iso),
        )
      : null;

  async function run() {
    const started = await save.run(() => api.orgSync.start());
    if (started) status.reload();
  }

  return (
    <Section id="admin-org-sync" title="People from the directory">
      {status.error && (
        <ErrorBar
          title="Could not load the org sync"
          error={status.error}
          onRetry={status.reload}
        />
      )}
      {status.data && (
        <Body1 aria-live="polite">
          {status.data.state === 'idle'
            ? 'Not synced yet.'
            : status.data.state === 'running'
              ? 'Syncing people and managers…'
              : status.data.state === 'succeeded'
                ? `Last synced ${when(status.data.finishedAt)}: ${status.data.seen} people (${status.data.created} new, ${status.data.updated} changed, ${status.data.deactivated} left).`
                : `The last sync failed ${when(status.data.finishedAt) ?? ''}.`}
          {status.data.nextRunAt && ` Next sync ${when(status.data.nextRunAt)}.`}
        </Body1>
      )}
      {status.data?.error && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{status.data.error}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.row}>
        <Button icon={<ArrowSyncRegular />} onClick={run} disabled={save.isSaving}>
          Sync now
        </Button>
        <Button appearance="subtle" onClick={status.reload}>
          Refresh
        </Button>
      </div>
      <Failure save={save} fields={[]} />
    </Section>
  );
}

/** A refusal that is not about one of the form's fields (those are said beside the field). */
function Failure({ save, fields }: { save: SaveAction; fields: string[] }) {
  const failure = generalFailureOf(save.failure, save.fieldMessage, fields);
  if (!failure) return null;
  return (
    <MessageBar intent="error" layout="multiline" role="alert">
      <MessageBarBody>{describeError(failure)}</MessageBarBody>
    </MessageBar>
  );
}
