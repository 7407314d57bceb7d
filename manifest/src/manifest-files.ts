import path from 'node:path';

/**
 * Where the manifest workspace keeps its sources and where a build goes. Everything is
 * resolved from this folder, never from `../shared` or the network, so a clean clone
 * packages and validates offline.
 */
export const MANIFEST_DIR = path.resolve(__dirname, '..');
export const REPO_ROOT = path.resolve(MANIFEST_DIR, '..');
export const TEMPLATES_DIR = path.join(MANIFEST_DIR, 'templates');
export const ICONS_DIR = path.join(MANIFEST_DIR, 'icons');
export const VENDORED_XSD_DIR = path.join(MANIFEST_DIR, 'vendor', 'xsd');
export const OWN_SCHEMAS_DIR = path.join(MANIFEST_DIR, 'schemas');
export const DEFAULT_OUT_DIR = path.join(REPO_ROOT, 'build', 'appPackage');

export const JSON_TEMPLATE = path.join(TEMPLATES_DIR, 'manifest.json');
export const XML_TEMPLATE = path.join(TEMPLATES_DIR, 'outlook-addin.xml');

export const APP_PACKAGE_NAME = 'throughline-teams-outlook.zip';
export const XML_MANIFEST_NAME = 'throughline-outlook-addin.xml';

/** The Teams manifest schema this app targets: the newest shipped with @microsoft/app-manifest. */
export const TEAMS_SCHEMA_VERSION = 'v1.30';

export function teamsSchemaPath(): string {
  const packageDir = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
  return path.join(
    packageDir,
    'build',
    'json-schemas',
    'teams',
    TEAMS_SCHEMA_VERSION,
    'MicrosoftTeams.schema.json',
  );
}
