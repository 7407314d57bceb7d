import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../src/manifest-files';
import { SERVED_FRONT_ENDS, findMissingDistFiles, servedFileFor } from '../src/served-pages';

const [tab, addin] = SERVED_FRONT_ENDS;
if (!tab || !addin) throw new Error('the served front ends changed shape');

describe('the pages the manifests may point at', () => {
  const publicUrl = 'https://okrs.contoso.com';

  it('maps tab routes, the config page and add-in pages to the files that serve them', () => {
    expect(servedFileFor(`${publicUrl}/tab/#/my`, publicUrl)).toBe('teams-app/dist/index.html');
    expect(servedFileFor(`${publicUrl}/tab/config.html`, publicUrl)).toBe(
      'teams-app/dist/config.html',
    );
    expect(servedFileFor(`${publicUrl}/addin/compose.html?x=1`, publicUrl)).toBe(
      'outlook-addin/dist/compose.html',
    );
    expect(servedFileFor(`${publicUrl}/addin/icons/icon-80.png`, publicUrl)).toBe(
      'outlook-addin/dist/icons/icon-80.png',
    );
  });

  it('maps nothing for unknown pages, other mounts or other hosts', () => {
    expect(servedFileFor(`${publicUrl}/addin/`, publicUrl)).toBeUndefined();
    expect(servedFileFor(`${publicUrl}/api/health`, publicUrl)).toBeUndefined();
    expect(servedFileFor('https://other.example/tab/', publicUrl)).toBeUndefined();
  });

  it('finds the required files a built front end is missing', () => {
    const distDir = mkdtempSync(path.join(tmpdir(), 'throughline-dist-'));
    try {
      writeFileSync(path.join(distDir, 'read.html'), '');
      mkdirSync(path.join(distDir, 'icons'));
      writeFileSync(path.join(distDir, 'icons', 'icon-16.png'), '');

      expect(findMissingDistFiles(distDir, addin)).toEqual([
        'compose.html',
        'icons/icon-32.png',
        'icons/icon-64.png',
        'icons/icon-80.png',
        'icons/icon-128.png',
      ]);
    } finally {
      rmSync(distDir, { recursive: true, force: true });
    }
  });

  // The front ends are built by other parts of the repo and may not be built yet. A dist
  // counts as a multi-page build once it holds any page besides index.html; from then on
  // every page the manifests name must be in it. The add-in icons are checked once the
  // add-in serves an icons/ folder (they are copied from manifest/icons, see the README).
  it('names only pages and files that the built front ends really have', () => {
    const missing = SERVED_FRONT_ENDS.flatMap((frontEnd) => {
      const distDir = path.join(REPO_ROOT, frontEnd.workspace, 'dist');
      const isMultiPageBuild = frontEnd.pages.some(
        (page) => page !== 'index.html' && existsSync(path.join(distDir, page)),
      );
      const servesIcons = existsSync(path.join(distDir, 'icons'));
      const checked = findMissingDistFiles(distDir, frontEnd).filter((file) =>
        frontEnd.pages.includes(file) ? isMultiPageBuild : servesIcons,
      );
      return checked.map((file) => `${frontEnd.workspace}/dist/${file}`);
    });

    expect(missing).toEqual([]);
  });
});
