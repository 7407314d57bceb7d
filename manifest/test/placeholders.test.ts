import { buildManifests } from '../src/package-app';
import { escapeXml, fillPlaceholders, findLeftoverPlaceholders } from '../src/fill-placeholders';
import { buildSettings } from './factories';

describe('filling the manifest sources from the environment', () => {
  it('leaves no placeholder behind in either manifest', async () => {
    const built = await buildManifests(buildSettings());

    expect(findLeftoverPlaceholders(JSON.stringify(built.manifest))).toEqual([]);
    expect(findLeftoverPlaceholders(built.xml)).toEqual([]);
    expect(built.problems).toEqual([]);
  });

  it('puts the environment values where the sources asked for them', async () => {
    const settings = buildSettings({
      publicUrl: 'https://okrs.fabrikam.net',
      publicHost: 'okrs.fabrikam.net',
    });
    const built = await buildManifests(settings);
    const json = JSON.stringify(built.manifest);

    expect(json).toContain(`"id":"${settings.teamsAppId}"`);
    expect(json).toContain(`"version":"${settings.appVersion}"`);
    expect(json).toContain('"contentUrl":"https://okrs.fabrikam.net/tab/#/my"');
    expect(json).toContain(`"resource":"api://okrs.fabrikam.net/${settings.authClientId}"`);
    expect(built.xml).toContain(`<Id>${settings.teamsAppId}</Id>`);
    expect(built.xml).toContain('<Version>1.4.2.0</Version>');
    expect(built.xml).toContain('DefaultValue="https://okrs.fabrikam.net/addin/read.html"');
  });

  it('reports a placeholder it has no value for instead of shipping it', () => {
    const filled = fillPlaceholders('{{PUBLIC_URL}}/tab/ and {{PUBLIK_URL}}', {
      PUBLIC_URL: 'https://x.test',
    });

    expect(filled.text).toBe('https://x.test/tab/ and {{PUBLIK_URL}}');
    expect(filled.unknown).toEqual(['PUBLIK_URL']);
    expect(findLeftoverPlaceholders(filled.text)).toEqual(['{{PUBLIK_URL}}']);
  });

  it('escapes values that would break an XML attribute', () => {
    expect(
      fillPlaceholders('<a href="{{U}}"/>', { U: 'https://x.test/?a=1&b="2"' }, escapeXml).text,
    ).toBe('<a href="https://x.test/?a=1&amp;b=&quot;2&quot;"/>');
  });
});
