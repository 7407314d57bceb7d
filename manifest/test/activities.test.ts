/**
 * Teams shows an activity feed notification only for activity types the app manifest
 * declares, and fills the template from the parameters the sender passes: the two must
 * agree. The types and parameters come from the server's senders.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ACTIVITY_TYPES } from '../../server/src/platform/teams/activity-feed';

const manifest = JSON.parse(
  readFileSync(path.join(__dirname, '..', 'templates', 'manifest.json'), 'utf8'),
) as {
  activities?: { activityTypes: { type: string; templateText: string }[] };
};
const sentParameters: Record<string, string[]> = {
  weeklyDigest: ['weekOf', 'checkIns', 'newRisks'],
  teamDigest: ['weekOf', 'checkIns', 'newRisks'],
  oneOnOnePrepCard: ['reportName', 'startsAt'],
  cycleEnded: ['cycleName'],
};
const serverSource = [
  'risks/digest-job.ts',
  'one-on-ones/prep-job.ts',
  'quarter/cycle-ended-job.ts',
]
  .map((file) => readFileSync(path.join(__dirname, '..', '..', 'server', 'src', file), 'utf8'))
  .join('\n');

describe('activity feed notifications', () => {
  it('declares every activity type the server sends', () => {
    const declared = (manifest.activities?.activityTypes ?? [])
      .map((activity) => activity.type)
      .sort();
    expect(declared).toEqual(Object.values(ACTIVITY_TYPES).sort());
  });

  it('uses only template parameters the server sends', () => {
    for (const activity of manifest.activities?.activityTypes ?? []) {
      const used = [...activity.templateText.matchAll(/\{(\w+)\}/g)]
        .map((match) => match[1]!)
        .filter((name) => name !== 'actor');
      for (const name of used) expect(sentParameters[activity.type]).toContain(name);
    }
  });

  it('matches what the senders pass (the list above is read from their code)', () => {
    for (const names of Object.values(sentParameters))
      for (const name of names)
        expect(serverSource).toMatch(new RegExp(`templateParameters: \\{[^}]*\\b${name}\\b`));
  });
});
