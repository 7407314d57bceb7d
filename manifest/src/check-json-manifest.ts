import { readFileSync } from 'node:fs';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { SEMVER_PATTERN, type BuildSettings } from './build-settings';
import { checkManifestUrls } from './check-urls';
import { collectJsonUrls } from './collect-urls';
import { teamsSchemaPath } from './manifest-files';
import { error, warning, type Problem } from './problems';

const SOURCE = 'manifest.json';

let compiled: ValidateFunction | undefined;

/**
 * Microsoft's schema file, read from node_modules and compiled once. It declares JSON
 * Schema draft-04, hence ajv-draft-04; `strict: false` because the schema carries
 * keywords ajv does not know (`deprecationMessage`) that must not stop validation.
 */
function teamsSchemaValidator(): ValidateFunction {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(teamsSchemaPath(), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    compiled = ajv.compile(schema);
  }
  return compiled;
}

/** Checks a filled Teams/Microsoft 365 app manifest: the official schema first, then Throughline's rules. */
export function checkJsonManifest(manifest: unknown, settings: BuildSettings): Problem[] {
  return [
    ...checkAgainstTeamsSchema(manifest, settings),
    ...checkThroughlineRules(manifest, settings),
  ];
}

export function checkAgainstTeamsSchema(manifest: unknown, settings: BuildSettings): Problem[] {
  const validate = teamsSchemaValidator();
  if (validate(manifest)) return [];
  const isLocalHttpBuild = settings.publicUrl.startsWith('http:');
  return (validate.errors ?? []).map((schemaError) => {
    const field = fieldOf(schemaError);
    const message = messageOf(schemaError);
    // Outlook add-in pages must be https (secureHttpUrl). A local http build is allowed to
    // exist for inspection, and the PUBLIC_URL warning already says it cannot be uploaded.
    if (isLocalHttpBuild && schemaError.schemaPath.includes('/secureHttpUrl/')) {
      return warning(
        SOURCE,
        field,
        `must be https for Outlook; allowed only because PUBLIC_URL is a local http address`,
      );
    }
    return error(SOURCE, field, message);
  });
}

function checkThroughlineRules(manifest: unknown, settings: BuildSettings): Problem[] {
  if (!isRecord(manifest)) return [error(SOURCE, '/', 'is not a JSON object')];
  const problems: Problem[] = [];
  const version = manifest.version;
  if (typeof version === 'string' && !SEMVER_PATTERN.test(version)) {
    problems.push(error(SOURCE, '/version', `"${version}" is not MAJOR.MINOR.PATCH`));
  }
  const sso = manifest.webApplicationInfo;
  const expectedResource = `api://${settings.publicHost}/${settings.authClientId}`;
  if (!isRecord(sso)) {
    problems.push(
      error(SOURCE, '/webApplicationInfo', 'is required: the tab signs in with Teams SSO'),
    );
  } else {
    if (sso.id !== settings.authClientId) {
      problems.push(
        error(
          SOURCE,
          '/webApplicationInfo/id',
          `must be AUTH_CLIENT_ID (${settings.authClientId})`,
        ),
      );
    }
    if (sso.resource !== expectedResource) {
      problems.push(
        error(
          SOURCE,
          '/webApplicationInfo/resource',
          `must be ${expectedResource}, the Application ID URI the server accepts`,
        ),
      );
    }
  }
  const bots = Array.isArray(manifest.bots) ? manifest.bots : [];
  if (bots.length !== 1 || !isRecord(bots[0]) || bots[0].botId !== settings.botAppId) {
    problems.push(
      error(
        SOURCE,
        '/bots',
        `must declare one bot whose botId is BOT_APP_ID (${settings.botAppId})`,
      ),
    );
  }
  const extensions = Array.isArray(manifest.composeExtensions) ? manifest.composeExtensions : [];
  extensions.forEach((extension, index) => {
    // The extension's invokes reach the bot that powers it: only ours answers them.
    if (!isRecord(extension) || extension.botId !== settings.botAppId)
      problems.push(
        error(
          SOURCE,
          `/composeExtensions/${index}/botId`,
          `must be BOT_APP_ID (${settings.botAppId}), the bot that answers the message extension`,
        ),
      );
  });
  const domains = manifest.validDomains;
  if (!Array.isArray(domains) || !domains.includes(settings.publicHost)) {
    problems.push(error(SOURCE, '/validDomains', `must list ${settings.publicHost}`));
  }
  // The Application ID URI is an identifier with its own rule above, not an address to load.
  const urls = collectJsonUrls(manifest).filter(
    ({ field }) => field !== '/webApplicationInfo/resource',
  );
  problems.push(...checkManifestUrls(SOURCE, urls, settings));
  return problems;
}

/** The field a schema error is about, as a JSON pointer to the property itself. */
function fieldOf(schemaError: ErrorObject): string {
  const params = schemaError.params as Record<string, unknown>;
  if (schemaError.keyword === 'required' && typeof params.missingProperty === 'string') {
    return `${schemaError.instancePath}/${params.missingProperty}`;
  }
  if (
    schemaError.keyword === 'additionalProperties' &&
    typeof params.additionalProperty === 'string'
  ) {
    return `${schemaError.instancePath}/${params.additionalProperty}`;
  }
  return schemaError.instancePath || '/';
}

function messageOf(schemaError: ErrorObject): string {
  const params = schemaError.params as Record<string, unknown>;
  if (schemaError.keyword === 'required') return 'is required but missing';
  if (schemaError.keyword === 'additionalProperties') return 'is not allowed by the schema';
  if (schemaError.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    return `must be one of ${params.allowedValues.map((value) => JSON.stringify(value)).join(', ')}`;
  }
  return schemaError.message ?? 'is invalid';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
