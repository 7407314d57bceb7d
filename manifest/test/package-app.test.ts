import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { packageApp } from '../src/package-app';
import { buildSettings } from './factories';

describe('packaging the app', () => {
  let outDir: string;
  beforeEach(async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'throughline-package-'));
  });
  afterEach(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('writes a zip holding exactly manifest.json and the two icons, and the XML manifest beside it', async () => {
    const { problems, written } = await packageApp(buildSettings(), outDir);

    expect(problems).toEqual([]);
    expect(written.map((file) => path.basename(file))).toEqual([
      'throughline-teams-outlook.zip',
      'throughline-outlook-addin.xml',
    ]);
    const zip = await JSZip.loadAsync(
      await readFile(path.join(outDir, 'throughline-teams-outlook.zip')),
    );
    expect(Object.keys(zip.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as {
      id: string;
      icons: unknown;
    };
    expect(manifest.id).toBe(buildSettings().teamsAppId);
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
  });

  it('writes nothing and reports the field when validation fails', async () => {
    const { problems, written } = await packageApp(
      buildSettings({ authClientId: 'not-a-guid' }),
      outDir,
    );

    expect(written).toEqual([]);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'error', field: '/webApplicationInfo/id' }),
      ]),
    );
    expect(await readdir(outDir)).toEqual([]);
  });
});
