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

export function ConfigPage({ host }: ConfigPageProps) {
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
