import type { BuildSettings } from '../src/build-settings';
import { buildManifests } from '../src/package-app';

export function buildSettings(overrides: Partial<BuildSettings> = {}): BuildSettings {
  return {
    publicUrl: 'https://okrs.contoso.com',
    publicHost: 'okrs.contoso.com',
    authClientId: '0b7e5c1a-9d2f-4e83-b6a4-2c1d8f3e7a90',
    botAppId: '5d1f7a2b-8c3e-4f9a-a1b2-c3d4e5f6a7b8',
    teamsAppId: '6e72f760-e0b3-4253-8ed1-0d67b8ed7a9c',
    appVersion: '1.4.2',
    ...overrides,
  };
}

/** A filled JSON manifest to break in one place per test. */
export async function buildJsonManifest(
  settings = buildSettings(),
): Promise<Record<string, unknown>> {
  const { manifest } = await buildManifests(settings);
  return structuredClone(manifest) as Record<string, unknown>;
}

export async function buildXmlManifest(settings = buildSettings()): Promise<string> {
  return (await buildManifests(settings)).xml;
}

/** Walks a path of keys and indexes; fails loudly if the template changed shape. */
export function at(value: unknown, ...keys: (string | number)[]): Record<string, unknown> {
  let current: unknown = value;
  for (const key of keys) {
    current = (current as Record<string | number, unknown>)[key];
    if (current === undefined) throw new Error(`no ${keys.join('.')} in the manifest`);
  }
  return current as Record<string, unknown>;
}
