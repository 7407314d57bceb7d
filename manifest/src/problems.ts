/**
 * What every check returns: a list of problems, each naming the file and the field
 * (a JSON pointer such as `/staticTabs/0/contentUrl`, an XML line, or an environment
 * variable) so that the person packaging knows exactly what to fix.
 */
export type Severity = 'error' | 'warning';

export interface Problem {
  severity: Severity;
  /** The file or input the problem is in: `manifest.json`, `outlook-addin.xml`, `outline.png`, `environment`. */
  source: string;
  /** The field: a JSON pointer, `line N`, or a variable name. */
  field: string;
  message: string;
}

export function error(source: string, field: string, message: string): Problem {
  return { severity: 'error', source, field, message };
}

export function warning(source: string, field: string, message: string): Problem {
  return { severity: 'warning', source, field, message };
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((problem) => problem.severity === 'error');
}

export function formatProblem(problem: Problem): string {
  return `${problem.severity}: ${problem.source} ${problem.field}: ${problem.message}`;
}
