/** The order of a versioned edit's steps, with records held in memory. */
import { AppError } from '../../src/platform/http/errors';
import { editVersioned } from '../../src/narrative/versioned';

interface Note {
  id: string;
  text: string;
  version: number;
}

function noteEdit(overrides: { version?: number; text?: string; mayEdit?: boolean } = {}) {
  const steps: string[] = [];
  const committed: Note[] = [];
  const edit = editVersioned({
    load: async () => {
      steps.push('load');
      return { before: { id: 'note', text: 'draft', version: 3 } };
    },
    authorise: () => {
      steps.push('authorise');
      if (overrides.mayEdit === false) throw new AppError('forbidden', 'Not yours.');
    },
    guard: () => {
      steps.push('guard');
      return 'open';
    },
    version: overrides.version ?? 3,
    change: ({ before }, state) => {
      steps.push(`change (${state})`);
      return { ...before, text: overrides.text ?? 'final' };
    },
    fields: ['text'],
    commit: async (after) => {
      steps.push('commit');
      committed.push(after);
    },
  });
  return { edit, steps, committed };
}

describe('a versioned edit', () => {
  it('loads, authorises, guards, changes and commits the next version', async () => {
    const { edit, steps, committed } = noteEdit();
    const outcome = await edit;
    expect(steps).toEqual(['load', 'authorise', 'guard', 'change (open)', 'commit']);
    expect(committed).toEqual([{ id: 'note', text: 'final', version: 4 }]);
    expect(outcome).toMatchObject({
      isChanged: true,
      checked: 'open',
      changes: { text: { from: 'draft', to: 'final' } },
    });
  });

  it('refuses a caller before it checks the version', async () => {
    const { edit, steps } = noteEdit({ mayEdit: false, version: 1 });
    await expect(edit).rejects.toMatchObject({ code: 'forbidden' });
    expect(steps).toEqual(['load', 'authorise']);
  });

  it('refuses a stale version with the current record, before any change is built', async () => {
    const { edit, steps, committed } = noteEdit({ version: 2 });
    await expect(edit).rejects.toMatchObject({
      code: 'version_conflict',
      details: { current: { version: 3 } },
    });
    expect(steps).toEqual(['load', 'authorise', 'guard']);
    expect(committed).toEqual([]);
  });

  it('commits nothing when none of its fields changes', async () => {
    const { edit, committed } = noteEdit({ text: 'draft' });
    const outcome = await edit;
    expect(outcome).toMatchObject({ isChanged: false, after: { version: 3 } });
    expect(committed).toEqual([]);
  });
});
