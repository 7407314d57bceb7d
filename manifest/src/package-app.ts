import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import JSZip from 'jszip';
import type { BuildSettings } from './build-settings';
import { checkIcon } from './check-icons';
import { checkJsonManifest } from './check-json-manifest';
import { checkXmlManifest } from './check-xml-manifest';
import {
  escapeXml,
  fillJsonPlaceholders,
  fillPlaceholders,
  findLeftoverPlaceholders,
  placeholderValues,
} from './fill-placeholders';
import { TEAMS_ICONS } from './icon-files';
import {
  APP_PACKAGE_NAME,
  ICONS_DIR,
  JSON_TEMPLATE,
  XML_MANIFEST_NAME,
  XML_TEMPLATE,
} from './manifest-files';
import { error, hasErrors, type Problem } from './problems';

export interface BuiltManifests {
  manifest: unknown;
  xml: string;
  icons: Map<string, Buffer>;
  problems: Problem[];
}

/** Fills the templates with the build's values and validates everything that goes out. */
export async function buildManifests(settings: BuildSettings): Promise<BuiltManifests> {
  const values = placeholderValues(settings);
  const problems: Problem[] = [];

  const unknownInJson = new Set<string>();
  const template = JSON.parse(await readFile(JSON_TEMPLATE, 'utf8')) as unknown;
  const manifest = fillJsonPlaceholders(template, values, unknownInJson);
  unknownInJson.forEach((name) =>
    problems.push(error('manifest.json', `{{${name}}}`, 'is not a known placeholder')),
  );
  findLeftoverPlaceholders(JSON.stringify(manifest)).forEach((left) =>
    problems.push(error('manifest.json', left, 'was left unfilled')),
  );

  const filledXml = fillPlaceholders(await readFile(XML_TEMPLATE, 'utf8'), values, escapeXml);
  filledXml.unknown.forEach((name) =>
    problems.push(error(XML_MANIFEST_NAME, `{{${name}}}`, 'is not a known placeholder')),
  );
  findLeftoverPlaceholders(filledXml.text).forEach((left) =>
    problems.push(error(XML_MANIFEST_NAME, left, 'was left unfilled')),
  );

  const icons = new Map<string, Buffer>();
  for (const spec of TEAMS_ICONS) {
    const bytes = await readFile(path.join(ICONS_DIR, spec.file));
    icons.set(spec.file, bytes);
    problems.push(...checkIcon(spec, bytes));
  }

  problems.push(...checkJsonManifest(manifest, settings));
  problems.push(...(await checkXmlManifest(filledXml.text, settings)));
  return { manifest, xml: filledXml.text, icons, problems };
}

export interface PackageResult {
  problems: Problem[];
  /** Paths written; empty when validation failed and nothing was written. */
  written: string[];
}

/** Builds, validates and, only when nothing is wrong, writes the zip and the XML manifest. */
export async function packageApp(settings: BuildSettings, outDir: string): Promise<PackageResult> {
  const built = await buildManifests(settings);
  if (hasErrors(built.problems)) return { problems: built.problems, written: [] };

  const zip = new JSZip();
  zip.file('manifest.json', `${JSON.stringify(built.manifest, null, 2)}\n`);
  for (const [file, bytes] of built.icons) zip.file(file, bytes);
  // A fixed date keeps the zip identical for identical inputs.
  const fixedDate = new Date('2026-01-01T00:00:00Z');
  Object.values(zip.files).forEach((entry) => (entry.date = fixedDate));
  const zipBytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });

  await mkdir(outDir, { recursive: true });
  const zipPath = path.join(outDir, APP_PACKAGE_NAME);
  const xmlPath = path.join(outDir, XML_MANIFEST_NAME);
  await writeFile(zipPath, zipBytes);
  await writeFile(xmlPath, built.xml);
  return { problems: built.problems, written: [zipPath, xmlPath] };
}
