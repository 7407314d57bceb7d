import { hrefFor, parseRoute } from './router';

describe('hash routes', () => {
  it('opens My OKRs by default and reads each view with its parameters', () => {
    expect(parseRoute('')).toEqual({ name: 'my', cycleId: undefined });
    expect(parseRoute('#/my?cycleId=c1')).toEqual({ name: 'my', cycleId: 'c1' });
    expect(parseRoute('#/key-results/6650a1b2c3d4e5f601234567')).toEqual({
      name: 'keyResult',
      id: '6650a1b2c3d4e5f601234567',
    });
    expect(parseRoute('#/objectives/o-1')).toEqual({ name: 'objective', id: 'o-1' });
    expect(parseRoute('#/team?teamId=t1&atRiskOnly=true')).toEqual({
      name: 'team',
      teamId: 't1',
      cycleId: undefined,
      isAtRiskOnly: true,
    });
    expect(parseRoute('#/one-on-ones')).toEqual({ name: 'oneOnOnes' });
    expect(parseRoute('#/evidence/f2d3e2485344ff5164e3e2c89c50b015')).toEqual({
      name: 'evidence',
      id: 'f2d3e2485344ff5164e3e2c89c50b015',
    });
    expect(parseRoute('#/digest?weekOf=2026-11-30')).toEqual({
      name: 'digest',
      weekOf: '2026-11-30',
    });
    // The activity feed's earlier links.
    expect(parseRoute('#/my?digest=2026-11-30')).toEqual({ name: 'digest', weekOf: '2026-11-30' });
    expect(parseRoute('#/digest?weekOf=not-a-date')).toEqual({ name: 'digest' });
    expect(parseRoute('#/key-results/<script>')).toEqual({
      name: 'notFound',
      path: '/key-results/<script>',
    });
  });

  it('writes the same addresses it reads', () => {
    for (const hash of [
      '#/my',
      '#/key-results/kr-1',
      '#/objectives/o-1',
      '#/team?teamId=t1&atRiskOnly=true',
      '#/one-on-ones',
      '#/evidence/e-1',
      '#/digest?weekOf=2026-11-30',
    ]) {
      expect(hrefFor(parseRoute(hash))).toBe(hash);
    }
  });
});
