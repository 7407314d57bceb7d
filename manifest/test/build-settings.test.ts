import {
  DEFAULT_AUTH_CLIENT_ID,
  DEFAULT_TEAMS_APP_ID,
  readBuildSettings,
} from '../src/build-settings';

describe('reading the build settings from the environment', () => {
  it('uses the local defaults when nothing is set, and warns that http cannot be uploaded', () => {
    const { settings, problems } = readBuildSettings({}, '0.1.0');

    expect(settings).toEqual({
      publicUrl: 'http://localhost:3978',
      publicHost: 'localhost:3978',
      authClientId: DEFAULT_AUTH_CLIENT_ID,
      teamsAppId: DEFAULT_TEAMS_APP_ID,
      appVersion: '0.1.0',
    });
    expect(problems).toEqual([
      expect.objectContaining({ severity: 'warning', field: 'PUBLIC_URL' }),
    ]);
  });

  it('takes an https PUBLIC_URL without warnings and drops its trailing slash', () => {
    const { settings, problems } = readBuildSettings(
      { PUBLIC_URL: 'https://okrs.contoso.com:8443/' },
      '0.1.0',
    );

    expect(problems).toEqual([]);
    expect(settings?.publicUrl).toBe('https://okrs.contoso.com:8443');
    expect(settings?.publicHost).toBe('okrs.contoso.com:8443');
  });

  it('refuses ids that are not GUIDs and a version that is not semver, naming each variable', () => {
    const { settings, problems } = readBuildSettings(
      { AUTH_CLIENT_ID: 'my-app', TEAMS_APP_ID: '1234', APP_VERSION: '1.0' },
      '0.1.0',
    );

    expect(settings).toBeUndefined();
    expect(
      problems.filter((problem) => problem.severity === 'error').map((problem) => problem.field),
    ).toEqual(['AUTH_CLIENT_ID', 'TEAMS_APP_ID', 'APP_VERSION']);
  });

  it('refuses a PUBLIC_URL that is not an http(s) address', () => {
    expect(readBuildSettings({ PUBLIC_URL: 'okrs.contoso.com' }, '0.1.0').problems).toEqual([
      expect.objectContaining({ severity: 'error', field: 'PUBLIC_URL' }),
    ]);
    expect(readBuildSettings({ PUBLIC_URL: 'ftp://okrs.contoso.com' }, '0.1.0').problems).toEqual([
      expect.objectContaining({ severity: 'error', field: 'PUBLIC_URL' }),
    ]);
  });
});
