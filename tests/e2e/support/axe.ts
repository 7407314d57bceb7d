/**
 * axe-core inside the page (or a frame of it): injected from the installed package's
 * source, run against the whole document, and reduced to the violations that matter.
 */
import { readFileSync } from 'node:fs';
import type { Frame, Page } from 'playwright-core';

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

export async function runAxe(
  target: Page | Frame,
  options: { exclude?: string[] } = {},
): Promise<AxeViolation[]> {
  // Runs in the page: globalThis is its window (this package's tsconfig has no DOM types).
  const hasAxe = await target.evaluate(() => 'axe' in globalThis);
  // The tab's CSP rightly refuses inline scripts, so addScriptTag({content}) is blocked there;
  // evaluating the source through the DevTools protocol runs it without weakening the policy.
  if (!hasAxe) await target.evaluate(axeSource);
  // Fluent's focus manager (tabster) puts aria-hidden focus sentinels around groups and moves
  // focus on the moment one receives it; axe cannot know that and reports them as
  // aria-hidden-focus. Only those sentinels are left out, nothing else on the page.
  const excluded = ['[data-tabster-dummy]', ...(options.exclude ?? [])];
  // Colours measured mid-transition (a button just re-enabled, a dialog fading in) are not
  // what anyone reads: let running CSS transitions and animations finish first.
  await target.evaluate(async () => {
    const { document: page } = globalThis as unknown as {
      document: { getAnimations(): { finished: Promise<unknown> }[] };
    };
    await Promise.all(
      page.getAnimations().map((animation) => animation.finished.catch(() => undefined)),
    );
  });
  return target.evaluate(async (exclude) => {
    const { axe, document } = globalThis as unknown as {
      document: unknown;
      axe: { run: (context: unknown, options: unknown) => Promise<{ violations: AxeViolation[] }> };
    };
    const result = await axe.run(
      { include: [document], exclude: exclude.map((selector) => [selector]) },
      { resultTypes: ['violations'] },
    );
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => ({
        target: node.target,
        failureSummary: node.failureSummary,
      })),
    }));
  }, excluded);
}

/** Serious and critical violations only: what blocks people, not what a reviewer might prefer. */
export async function seriousAxeViolations(
  target: Page | Frame,
  options: { exclude?: string[] } = {},
): Promise<AxeViolation[]> {
  return (await runAxe(target, options)).filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (violation) =>
        `${violation.impact} ${violation.id}: ${violation.help}\n  ${violation.nodes.map((node) => node.target.join(' ')).join('\n  ')}`,
    )
    .join('\n');
}
