import { checkJsonManifest } from '../src/check-json-manifest';
import { at, buildJsonManifest, buildSettings } from './factories';

const errorsOf = (manifest: unknown, settings = buildSettings()) =>
  checkJsonManifest(manifest, settings).filter((problem) => problem.severity === 'error');

describe('the Teams / Microsoft 365 app manifest', () => {
  it('validates against the official v1.30 schema and Throughline’s rules when built for https', async () => {
    expect(checkJsonManifest(await buildJsonManifest(), buildSettings())).toEqual([]);
  });

  it('builds for a local http address with warnings only, each naming the Outlook page that needs https', async () => {
    const settings = buildSettings({
      publicUrl: 'http://localhost:3978',
      publicHost: 'localhost:3978',
    });
    const problems = checkJsonManifest(await buildJsonManifest(settings), settings);

    expect(problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    expect(problems.map((problem) => problem.field)).toEqual([
      '/extensions/0/runtimes/0/code/page',
      '/extensions/0/runtimes/1/code/page',
    ]);
  });

  it('offers the personal tabs, the team tab with the meeting surfaces, and both Outlook buttons', async () => {
    const manifest = await buildJsonManifest();

    expect(at(manifest, 'staticTabs', 0)).toMatchObject({
      name: 'My OKRs',
      contentUrl: 'https://okrs.contoso.com/tab/#/my',
    });
    expect(at(manifest, 'staticTabs', 1)).toMatchObject({
      name: '1-on-1s',
      contentUrl: 'https://okrs.contoso.com/tab/#/one-on-ones',
    });
    expect(at(manifest, 'configurableTabs', 0)).toMatchObject({
      configurationUrl: 'https://okrs.contoso.com/tab/config.html',
      scopes: ['team', 'groupChat'],
      context: expect.arrayContaining(['meetingSidePanel', 'meetingChatTab', 'meetingDetailsTab']),
    });
    expect(at(manifest, 'extensions', 0, 'requirements')).toEqual({
      scopes: ['mail'],
      capabilities: [{ name: 'Mailbox', minVersion: '1.3' }],
    });
    expect(at(manifest, 'extensions', 0, 'ribbons', 0)).toMatchObject({ contexts: ['mailRead'] });
    expect(
      at(manifest, 'extensions', 0, 'ribbons', 0, 'tabs', 0, 'groups', 0, 'controls', 0),
    ).toMatchObject({ label: 'Attach to OKR' });
    expect(at(manifest, 'extensions', 0, 'ribbons', 1)).toMatchObject({
      contexts: ['mailCompose'],
    });
    expect(
      at(manifest, 'extensions', 0, 'ribbons', 1, 'tabs', 0, 'groups', 0, 'controls', 0),
    ).toMatchObject({ label: 'Insert OKR status' });
  });

  it('declares the bot under BOT_APP_ID (personal chats, and teams and group chats its cards are shared into), and refuses a manifest whose bot is another app', async () => {
    const manifest = await buildJsonManifest();
    expect(manifest.bots).toEqual([
      expect.objectContaining({
        botId: buildSettings().botAppId,
        scopes: ['personal', 'team', 'groupChat'],
        isNotificationOnly: false,
      }),
    ]);
    at(manifest, 'bots', 0).botId = '00000000-0000-4000-8000-000000000000';
    expect(errorsOf(manifest).map((problem) => problem.field)).toEqual(['/bots']);
  });

  it('declares the message extension on the bot: a search from the compose box and "Attach to OKR" on messages', async () => {
    const manifest = await buildJsonManifest();
    const extensions = manifest.composeExtensions as { botId: string; commands: unknown[] }[];
    expect(extensions).toHaveLength(1);
    expect(extensions[0]!.botId).toBe(buildSettings().botAppId);
    expect(extensions[0]!.commands).toEqual([
      expect.objectContaining({
        id: 'searchOkrs',
        type: 'query',
        context: ['compose', 'commandBox'],
      }),
      expect.objectContaining({
        id: 'attachToOkr',
        type: 'action',
        context: ['message'],
        fetchTask: true,
      }),
    ]);
    expect(errorsOf(manifest)).toEqual([]);
    at(manifest, 'composeExtensions', 0).botId = '00000000-0000-4000-8000-000000000000';
    expect(errorsOf(manifest).map((problem) => problem.field)).toEqual([
      '/composeExtensions/0/botId',
    ]);
  });

  it('refuses a field of the wrong type, naming it', async () => {
    const manifest = await buildJsonManifest();
    at(manifest, 'staticTabs', 0).name = 42;

    expect(errorsOf(manifest)).toEqual([
      expect.objectContaining({ field: '/staticTabs/0/name', message: 'must be string' }),
    ]);
  });

  it('refuses a manifest missing a required property, naming the property', async () => {
    const manifest = await buildJsonManifest();
    delete at(manifest, 'developer').privacyUrl;

    expect(errorsOf(manifest)).toEqual([
      expect.objectContaining({
        field: '/developer/privacyUrl',
        message: 'is required but missing',
      }),
    ]);
  });

  it('refuses a contentUrl that is not a web address', async () => {
    const manifest = await buildJsonManifest();
    at(manifest, 'staticTabs', 0).contentUrl = 'ftp://okrs.contoso.com/tab/';

    expect(errorsOf(manifest).map((problem) => problem.field)).toEqual([
      '/staticTabs/0/contentUrl',
      '/staticTabs/0/contentUrl',
    ]);
  });

  it('refuses a manifest whose contentUrl is not https when PUBLIC_URL is', async () => {
    const manifest = await buildJsonManifest();
    at(manifest, 'staticTabs', 0).contentUrl = 'http://okrs.contoso.com/tab/#/my';

    expect(errorsOf(manifest)).toEqual([
      expect.objectContaining({
        field: '/staticTabs/0/contentUrl',
        message: expect.stringContaining('is not on PUBLIC_URL'),
      }),
    ]);
  });

  it('refuses a URL on another host', async () => {
    const manifest = await buildJsonManifest();
    at(manifest, 'configurableTabs', 0).configurationUrl =
      'https://okrs.example.org/tab/config.html';

    expect(errorsOf(manifest).map((problem) => problem.field)).toEqual([
      '/configurableTabs/0/configurationUrl',
    ]);
  });

  it('refuses a URL to a page the stack does not serve', async () => {
    const manifest = await buildJsonManifest();
    at(manifest, 'extensions', 0, 'runtimes', 0, 'code').page =
      'https://okrs.contoso.com/addin/reading.html';

    expect(errorsOf(manifest)).toEqual([
      expect.objectContaining({
        field: '/extensions/0/runtimes/0/code/page',
        message: expect.stringContaining('points at nothing the stack serves'),
      }),
    ]);
  });

  it('refuses an app id that is not a GUID and a version that is not semver', async () => {
    const manifest = await buildJsonManifest();
    manifest.id = 'throughline';
    manifest.version = '1.4';

    expect(
      errorsOf(manifest)
        .map((problem) => problem.field)
        .sort(),
    ).toEqual(['/id', '/version']);
  });

  it('refuses an SSO resource that is not the api:// URI the server accepts', async () => {
    const manifest = await buildJsonManifest();
    at(manifest, 'webApplicationInfo').resource = 'api://okrs.contoso.com';

    expect(errorsOf(manifest)).toEqual([
      expect.objectContaining({ field: '/webApplicationInfo/resource' }),
    ]);
  });

  it('refuses a manifest whose validDomains leave out the PUBLIC_URL host', async () => {
    const manifest = await buildJsonManifest();
    manifest.validDomains = ['contoso.com'];

    expect(errorsOf(manifest)).toEqual([expect.objectContaining({ field: '/validDomains' })]);
  });

  it('refuses a property the schema does not know', async () => {
    const manifest = await buildJsonManifest();
    at(manifest, 'staticTabs', 1).contentURL = 'https://okrs.contoso.com/tab/';

    expect(errorsOf(manifest)).toEqual([
      expect.objectContaining({
        field: '/staticTabs/1/contentURL',
        message: 'is not allowed by the schema',
      }),
    ]);
  });
});
