/**
 * The configurable tab's settings page: which team's OKRs this channel or chat shows.
 * Teams enables Save once a team is chosen (setValidityState) and calls our save handler,
 * which hands Teams the tab's address for that team.
 */
import {
  Body1,
  Field,
  Radio,
  RadioGroup,
  Spinner,
  Title3,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { Team } from '@throughline/contracts';
import { ErrorBar, useApi, useResource, useSession } from '@throughline/ui';
import { useEffect, useRef, useState } from 'react';
import type { Host, TabConfig } from '../host/teams-host';

const useStyles = makeStyles({
  root: {
    padding: tokens.spacingHorizontalXL,
    display: 'grid',
    gap: tokens.spacingVerticalL,
    maxWidth: '560px',
  },
});

export type ConfigPageProps = { host: Host };

export function tabConfigForTeam(publicUrl: string, team: Pick<Team, 'id' | 'name'>): TabConfig {
  const url = `${publicUrl.replace(/\/$/, '')}/tab/#/team?teamId=${encodeURIComponent(team.id)}`;
  return {
    contentUrl: url,
    websiteUrl: url,
    entityId: `team-${team.id}`,
    suggestedDisplayName: `${team.name} OKRs`,
  };
}

/** In a meeting (its chat, details or side panel) the tab is that meeting's 1-on-1 card. */
export function tabConfigForMeeting(publicUrl: string): TabConfig {
  const url = `${publicUrl.replace(/\/$/, '')}/tab/#/one-on-ones`;
  return {
    contentUrl: url,
    websiteUrl: url,
    entityId: 'one-on-one',
    suggestedDisplayName: 'Throughline 1-on-1',
  };
}

const MEETING_CHAT = /^19:meeting_[^@\s]+@thread\.v2$/;

export function ConfigPage({ host }: ConfigPageProps) {
  return MEETING_CHAT.test(host.teams?.chatId ?? '') ? (
    <MeetingConfigPage host={host} />
  ) : (
    <TeamConfigPage host={host} />
  );
}

function MeetingConfigPage({ host }: ConfigPageProps) {
  const styles = useStyles();
  const { publicUrl } = useSession();
  useEffect(() => {
    host.config?.registerOnSaveHandler(async () => tabConfigForMeeting(publicUrl));
    host.config?.setValidityState(true);
  }, [host, publicUrl]);
  return (
    <main className={styles.root}>
      <Title3 as="h1">Bring the 1-on-1 prep card to this meeting</Title3>
      <Body1>
        The tab shows this meeting's prep card: what changed in each key result since the last
        1-on-1, the risks, the evidence and the action items. In the meeting it opens in the side
        panel. Only the manager and the report see it.
      </Body1>
    </main>
  );
}

function TeamConfigPage({ host }: ConfigPageProps) {
  const styles = useStyles();
  const api = useApi();
  const { publicUrl, me } = useSession();
  const teams = useResource(() => api.teams.list(), [api]);
  const [teamId, setTeamId] = useState<string | null>(null);
  const chosen = useRef<Team | null>(null);
  chosen.current = teams.data?.items.find((team) => team.id === teamId) ?? null;

  // Preselect the team the person belongs to, so the common case is one click on Save.
  useEffect(() => {
    if (teamId || !teams.data) return;
    const mine = teams.data.items.find(
      (team) => team.memberIds.includes(me.person.id) || team.leadId === me.person.id,
    );
    if (mine) setTeamId(mine.id);
  }, [teams.data, teamId, me.person.id]);

  useEffect(() => {
    host.config?.registerOnSaveHandler(async () => {
      if (!chosen.current) throw new Error('Choose a team first.');
      return tabConfigForTeam(publicUrl, chosen.current);
    });
  }, [host, publicUrl]);

  useEffect(() => {
    host.config?.setValidityState(Boolean(teamId));
  }, [host, teamId]);

  return (
    <main className={styles.root}>
      <Title3 as="h1">Show a team's OKRs in this channel</Title3>
      <Body1>
        The tab shows the team's alignment tree, from the company objectives down to each key
        result, what the team waits on and who waits on it.
      </Body1>
      {teams.error && (
        <ErrorBar title="Could not load the teams" error={teams.error} onRetry={teams.reload} />
      )}
      {teams.isLoading && !teams.data && <Spinner label="Loading teams…" />}
      {teams.data && (
        <Field
          label="Team"
          hint={
            teams.data.items.length === 0
              ? 'No teams exist yet: an admin creates them, or they are synced from your organisation.'
              : undefined
          }
        >
          {/* Radios rather than a dropdown: the list is short, every choice is visible at once, and arrow keys move between them. */}
          <RadioGroup
            value={teamId ?? ''}
            onChange={(_event, data) => setTeamId(data.value || null)}
          >
            {teams.data.items.map((team) => (
              <Radio key={team.id} value={team.id} label={team.name} />
            ))}
          </RadioGroup>
        </Field>
      )}
    </main>
  );
}
