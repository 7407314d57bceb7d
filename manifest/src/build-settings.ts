import { error, warning, type Problem } from './problems';

/**
 * The values a build fills into the manifest templates. Read once from the environment
 * by the CLI; everything else receives them as a plain object.
 */
export interface BuildSettings {
  /** Where people reach the server, without a trailing slash. */
  publicUrl: string;
  /** Host (and port when not the default) of `publicUrl`: the `api://` audience and the valid domain. */
  publicHost: string;
  authClientId: string;
  /** The Azure Bot's Microsoft App ID (BOT_APP_ID; the Entra app of AUTH_CLIENT_ID when the bot shares it). */
  botAppId: string;
  teamsAppId: string;
  /** MAJOR.MINOR.PATCH, as Teams wants it. */
  appVersion: string;
}

export const DEFAULT_PUBLIC_URL = 'http://localhost:3978';
/** The sandbox's demo Entra ID application, so a local build works without a tenant. */
export const DEFAULT_AUTH_CLIENT_ID = 'a3a1d0f4-6c1b-4b8e-9d6a-1f0c2b3d4e5f';
/** Throughline's own app id: fixed so that a re-upload updates the app instead of adding a second one. */
export const DEFAULT_TEAMS_APP_ID = '6e72f760-e0b3-4253-8ed1-0d67b8ed7a9c';

export const GUID_PATTERN =
  /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** Teams takes plain MAJOR.MINOR.PATCH (no pre-release or build suffix) and so do we. */
export const SEMVER_PATTERN = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

export type Environment = Readonly<Record<string, string | undefined>>;

export interface SettingsResult {
  settings?: BuildSettings;
  problems: Problem[];
}

export function readBuildSettings(env: Environment, packageVersion: string): SettingsResult {
  const problems: Problem[] = [];
  // A package only to look at may use the local defaults; one for Teams and Outlook may not.
  const isForInspection = env.PACKAGE_FOR_INSPECTION === 'true';
  const rawUrl = nonEmpty(env.PUBLIC_URL) ?? DEFAULT_PUBLIC_URL;
  const givenClientId = nonEmpty(env.AUTH_CLIENT_ID);
  const authClientId = givenClientId ?? DEFAULT_AUTH_CLIENT_ID;
  if (!givenClientId)
    problems.push(
      isForInspection
        ? warning(
            'environment',
            'AUTH_CLIENT_ID',
            'not set: the package carries the sandbox demo app’s id, which no tenant has',
          )
        : error(
            'environment',
            'AUTH_CLIENT_ID',
            'is required: the Application (client) ID of your Entra app registration (README, "Register the Entra ID application")',
          ),
    );
  const teamsAppId = nonEmpty(env.TEAMS_APP_ID) ?? DEFAULT_TEAMS_APP_ID;
  const givenBotAppId = nonEmpty(env.BOT_APP_ID);
  const botAppId = givenBotAppId ?? authClientId;
  const appVersion = nonEmpty(env.APP_VERSION) ?? packageVersion;

  let parsed: URL | undefined;
  try {
    parsed = new URL(rawUrl);
  } catch {
    problems.push(error('environment', 'PUBLIC_URL', `"${rawUrl}" is not a URL`));
  }
  if (parsed && parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    problems.push(error('environment', 'PUBLIC_URL', `must be http(s), got "${parsed.protocol}"`));
  }
  if (parsed && (parsed.search || parsed.hash)) {
    problems.push(error('environment', 'PUBLIC_URL', 'must not carry a query or a fragment'));
  }
  if (parsed?.protocol === 'http:') {
    problems.push(
      isForInspection
        ? warning(
            'environment',
            'PUBLIC_URL',
            `${rawUrl} is http: fine for local inspection, but Teams and Outlook load only https pages; set an https PUBLIC_URL before you upload the package`,
          )
        : error(
            'environment',
            'PUBLIC_URL',
            `${rawUrl} is http, and Teams and Outlook load only https pages. To sideload a local server, give it an https address (a dev tunnel, e.g. \`devtunnel host -p 3978 --allow-anonymous\`, or your own reverse proxy with a certificate) and set PUBLIC_URL to it; to build a package only to inspect, set PACKAGE_FOR_INSPECTION=true`,
          ),
    );
  }
  if (!GUID_PATTERN.test(authClientId)) {
    problems.push(
      error(
        'environment',
        'AUTH_CLIENT_ID',
        `"${authClientId}" is not a GUID (the Entra ID application (client) id)`,
      ),
    );
  }
  if (givenBotAppId && !GUID_PATTERN.test(givenBotAppId)) {
    problems.push(
      error(
        'environment',
        'BOT_APP_ID',
        `"${botAppId}" is not a GUID (the Azure Bot's Microsoft App ID)`,
      ),
    );
  }
  if (!GUID_PATTERN.test(teamsAppId)) {
    problems.push(error('environment', 'TEAMS_APP_ID', `"${teamsAppId}" is not a GUID`));
  }
  if (!SEMVER_PATTERN.test(appVersion)) {
    problems.push(error('environment', 'APP_VERSION', `"${appVersion}" is not MAJOR.MINOR.PATCH`));
  }
  if (problems.some((problem) => problem.severity === 'error') || !parsed) return { problems };

  const publicUrl = rawUrl.replace(/\/+$/, '');
  return {
    settings: {
      publicUrl,
      publicHost: parsed.host,
      authClientId,
      botAppId,
      teamsAppId,
      appVersion,
    },
    problems,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
