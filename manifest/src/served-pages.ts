import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The one list of what the stack serves that a manifest may point at. The server mounts
 * each front end's Vite build (`dist/`) at its path; the pages are the Vite inputs of
 * that build and the files are what its `public/` folder must hold. A manifest URL that
 * points anywhere else would load a 404 inside Teams or Outlook, so the validator refuses
 * it.
 */
export interface ServedFrontEnd {
  /** The workspace folder that builds it. */
  workspace: string;
  /** Where the server mounts its `dist/`, with leading and trailing slash. */
  mountPath: string;
  /** HTML pages, one per Vite input. `index.html` also answers the bare mount path. */
  pages: readonly string[];
  /** Static files the manifests reference (copied to `dist/` from the workspace's `public/`). */
  files: readonly string[];
}

export const SERVED_FRONT_ENDS: readonly ServedFrontEnd[] = [
  {
    workspace: 'teams-app',
    mountPath: '/tab/',
    pages: ['index.html', 'config.html'],
    // Reachable without signing in, as the manifest's privacy and terms links must be.
    files: ['privacy.html', 'terms.html', 'legal.css'],
  },
  {
    workspace: 'outlook-addin',
    mountPath: '/addin/',
    pages: ['read.html', 'compose.html'],
    files: [
      'icons/icon-16.png',
      'icons/icon-32.png',
      'icons/icon-64.png',
      'icons/icon-80.png',
      'icons/icon-128.png',
    ],
  },
];

/** Every file, relative to its front end's `dist/`, that must be served. */
export function requiredDistFiles(frontEnd: ServedFrontEnd): string[] {
  return [...frontEnd.pages, ...frontEnd.files];
}

/**
 * Which served file a URL lands on, or undefined when it lands on none. The query and
 * the fragment (the tab's hash routes such as `#/my`) do not change the file.
 */
export function servedFileFor(url: string, publicUrl: string): string | undefined {
  if (!url.startsWith(`${publicUrl}/`)) return undefined;
  const rest = url.slice(publicUrl.length).split(/[?#]/)[0] ?? '';
  for (const frontEnd of SERVED_FRONT_ENDS) {
    if (!rest.startsWith(frontEnd.mountPath)) continue;
    const file = rest.slice(frontEnd.mountPath.length) || 'index.html';
    return requiredDistFiles(frontEnd).includes(file)
      ? `${frontEnd.workspace}/dist/${file}`
      : undefined;
  }
  return undefined;
}

/** The required files missing from a built `dist/` folder. */
export function findMissingDistFiles(distDir: string, frontEnd: ServedFrontEnd): string[] {
  return requiredDistFiles(frontEnd).filter((file) => !existsSync(path.join(distDir, file)));
}
