import {
  DEFAULT_AUTH_CLIENT_ID,
  DEFAULT_TEAMS_APP_ID,
  readBuildSettings,
} from '../src/build-settings';

describe('reading the build settings from the environment', () => {
  it('refuses to build a package for upload with an http address or no client id, saying how to get one', () => {
    const { settings, problems } = readBuildSettings({}, '0.1.0');
    expect(settings).toBeUndefined();
    expect(problems.map((problem) => [problem.severity, problem.field])).toEqual([
      ['error', 'AUTH_CLIENT_ID'],
      ['error', 'PUBLIC_URL'],
    ]);
    expect(problems[1]!.message).toMatch(/dev tunnel/);
    // An https address alone no longer slips the sandbox's client id into the package.
    expect(readBuildSettings({ PUBLIC_URL: 'https://okrs.contoso.com' }, '0.1.0').problems).toEqual(
      [expect.objectContaining({ severity: 'error', field: 'AUTH_CLIENT_ID' })],
    );
  });

  it('uses the local defaults for a package only to inspect, and warns it cannot be uploaded', () => {
    const { settings, problems } = readBuildSettings({ PACKAGE_FOR_INSPECTION: 'true' }, '0.1.0');

    expect(settings).toEqual({
      publicUrl: 'http://localhost:3978',
      publicHost: 'localhost:3978',
      authClientId: DEFAULT_AUTH_CLIENT_ID,
      botAppId: DEFAULT_AUTH_CLIENT_ID,
      teamsAppId: DEFAULT_TEAMS_APP_ID,
      appVersion: '0.1.0',
    });
    expect(problems.map((problem) => [problem.severity, problem.field])).toEqual([
      ['warning', 'AUTH_CLIENT_ID'],
      ['warning', 'PUBLIC_URL'],
    ]);
  });

  it('takes an https PUBLIC_URL without warnings and drops its trailing slash', () => {
    const { settings, problems } = readBuildSettings(
      {
        PUBLIC_URL: 'https://okrs.contoso.com:8443/',
        AUTH_CLIENT_ID: '0b7e5c2a-1111-4222-8333-944455556666',
      },
      '0.1.0',
    );

    expect(problems).toEqual([]);
    expect(settings?.publicUrl).toBe('https://okrs.contoso.com:8443');
    expect(settings?.publicHost).toBe('okrs.contoso.com:8443');
  });

  it('refuses ids that are not GUIDs and a version that is not semver, naming each variable', () => {
    const { settings, problems } = readBuildSettings(
      {
        PUBLIC_URL: 'https://okrs.contoso.com',
        AUTH_CLIENT_ID: 'my-app',
        TEAMS_APP_ID: '1234',
        APP_VERSION: '1.0',
      },
      '0.1.0',
    );

    expect(settings).toBeUndefined();
    expect(
      problems.filter((problem) => problem.severity === 'error').map((problem) => problem.field),
    ).toEqual(['AUTH_CLIENT_ID', 'TEAMS_APP_ID', 'APP_VERSION']);
  });

  it('refuses a PUBLIC_URL that is not an http(s) address', () => {
    const withId = { AUTH_CLIENT_ID: '0b7e5c2a-1111-4222-8333-944455556666' };
    expect(
      readBuildSettings({ ...withId, PUBLIC_URL: 'okrs.contoso.com' }, '0.1.0').problems,
    ).toEqual([expect.objectContaining({ severity: 'error', field: 'PUBLIC_URL' })]);
    expect(
      readBuildSettings({ ...withId, PUBLIC_URL: 'ftp://okrs.contoso.com' }, '0.1.0').problems,
    ).toEqual([expect.objectContaining({ severity: 'error', field: 'PUBLIC_URL' })]);
  });
});
