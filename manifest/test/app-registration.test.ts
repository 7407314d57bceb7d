/**
 * The README's registration steps and the app registration the sandbox issues tokens from
 * are one description (src/app-registration.ts): the permissions table in the README lists
 * exactly its Graph permissions, each permission names code that exists, and no Graph
 * permission is requested that nothing uses.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appRegistration } from '../src/app-registration';

const root = join(__dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

function readmePermissionRows(): string[] {
  const start = readme.indexOf('**API permissions** → Microsoft Graph');
  const section = readme.slice(start, readme.indexOf('**Grant admin consent**', start));
  return [...section.matchAll(/^\s*\|\s*(delegated|application)\s*\|\s*`([^`]+)`\s*\|/gm)].map(
    (match) => `${match[1]} ${match[2]}`,
  );
}

describe('the app registration', () => {
  it('is what the README tells an admin to register, permission for permission', () => {
    const described = appRegistration.graphPermissions.map(
      (permission) => `${permission.type} ${permission.value}`,
    );
    expect(readmePermissionRows().sort()).toEqual(described.sort());
  });

  it('has the README create its app role and expose its scope', () => {
    for (const role of appRegistration.appRoles)
      expect(readme).toContain(`value \`${role.value}\``);
    for (const scope of appRegistration.exposedScopes)
      expect(readme).toContain(`**Add a scope** \`${scope.value}\``);
  });

  it('asks for no permission that no code uses', () => {
    for (const permission of appRegistration.graphPermissions) {
      expect(permission.usedBy.length).toBeGreaterThan(0);
      for (const file of permission.usedBy)
        expect([file, existsSync(join(root, file))]).toEqual([file, true]);
    }
    const requested = appRegistration.graphPermissions.map((permission) => permission.value);
    expect(requested).not.toContain('Chat.Create');
    expect(requested).not.toContain('ChatMessage.Send');
  });
});
