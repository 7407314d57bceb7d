import type { BuildSettings } from './build-settings';

/**
 * The manifest sources carry `{{NAME}}` placeholders instead of hosts and ids, so that one
 * source serves every environment. These are the names a source may use.
 */
export function placeholderValues(settings: BuildSettings): Record<string, string> {
  return {
    PUBLIC_URL: settings.publicUrl,
    PUBLIC_HOST: settings.publicHost,
    AUTH_CLIENT_ID: settings.authClientId,
    BOT_APP_ID: settings.botAppId,
    TEAMS_APP_ID: settings.teamsAppId,
    APP_VERSION: settings.appVersion,
    // The classic add-in manifest wants up to four numeric parts.
    ADDIN_VERSION: `${settings.appVersion}.0`,
  };
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

export interface FillResult {
  text: string;
  /** Placeholders the source used that have no value: a typo in the source. */
  unknown: string[];
}

/** Replaces every `{{NAME}}`; `escape` protects the surrounding syntax (XML attributes). */
export function fillPlaceholders(
  source: string,
  values: Readonly<Record<string, string>>,
  escape: (value: string) => string = (value) => value,
): FillResult {
  const unknown = new Set<string>();
  const text = source.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) {
      unknown.add(name);
      return whole;
    }
    return escape(value);
  });
  return { text, unknown: [...unknown] };
}

/** Placeholders still present in a filled text, so a build never ships a `{{...}}`. */
export function findLeftoverPlaceholders(text: string): string[] {
  return [...text.matchAll(/\{\{[^}]*\}\}/g)].map((match) => match[0]);
}

/** Values in a JSON template are substituted inside the parsed strings, so no value can break the JSON. */
export function fillJsonPlaceholders(
  value: unknown,
  values: Readonly<Record<string, string>>,
  unknown: Set<string>,
): unknown {
  if (typeof value === 'string') {
    const filled = fillPlaceholders(value, values);
    filled.unknown.forEach((name) => unknown.add(name));
    return filled.text;
  }
  if (Array.isArray(value)) return value.map((item) => fillJsonPlaceholders(item, values, unknown));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        fillJsonPlaceholders(item, values, unknown),
      ]),
    );
  }
  return value;
}

export function escapeXml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
