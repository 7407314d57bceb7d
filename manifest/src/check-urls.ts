import type { BuildSettings } from './build-settings';
import type { LocatedUrl } from './collect-urls';
import { error, type Problem } from './problems';
import { SERVED_FRONT_ENDS, servedFileFor } from './served-pages';

/**
 * Every URL a manifest carries must be on PUBLIC_URL and land on a page or file the stack
 * serves. This catches a hard-coded host, an http link in an https build, and a typo in a
 * page name before Teams or Outlook shows a blank pane.
 */
export function checkManifestUrls(
  source: string,
  urls: readonly LocatedUrl[],
  settings: BuildSettings,
): Problem[] {
  const problems: Problem[] = [];
  for (const { field, url } of urls) {
    if (!url.startsWith(`${settings.publicUrl}/`)) {
      problems.push(error(source, field, `${url} is not on PUBLIC_URL (${settings.publicUrl})`));
    } else if (!servedFileFor(url, settings.publicUrl)) {
      problems.push(
        error(source, field, `${url} points at nothing the stack serves (${describeServed()})`),
      );
    }
  }
  return problems;
}

function describeServed(): string {
  return SERVED_FRONT_ENDS.map(
    (frontEnd) => `${frontEnd.mountPath}{${[...frontEnd.pages, ...frontEnd.files].join(',')}}`,
  ).join(' ');
}
