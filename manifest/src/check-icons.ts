import { PNG } from 'pngjs';
import type { IconSpec } from './icon-files';
import { error, type Problem } from './problems';

/**
 * Teams refuses an app whose icons are the wrong size, and shows a broken outline icon
 * when it has colour or no transparency: the outline must be white on transparent.
 */
export function checkIcon(spec: IconSpec, bytes: Buffer): Problem[] {
  let png: PNG;
  try {
    png = PNG.sync.read(bytes);
  } catch (cause) {
    return [error(spec.file, 'image', `is not a readable PNG (${(cause as Error).message})`)];
  }
  const problems: Problem[] = [];
  if (png.width !== spec.size || png.height !== spec.size) {
    problems.push(
      error(
        spec.file,
        'size',
        `must be ${spec.size}×${spec.size} pixels, is ${png.width}×${png.height}`,
      ),
    );
  }
  if (spec.kind === 'outline') problems.push(...checkWhiteOnTransparent(spec.file, png));
  return problems;
}

function checkWhiteOnTransparent(file: string, png: PNG): Problem[] {
  let transparent = 0;
  let visible = 0;
  let coloured = 0;
  for (let offset = 0; offset < png.data.length; offset += 4) {
    const alpha = png.data[offset + 3] ?? 0;
    if (alpha === 0) {
      transparent++;
      continue;
    }
    visible++;
    const isWhite =
      png.data[offset] === 255 && png.data[offset + 1] === 255 && png.data[offset + 2] === 255;
    if (!isWhite) coloured++;
  }
  const problems: Problem[] = [];
  if (transparent === 0)
    problems.push(error(file, 'transparency', 'must have a transparent background'));
  if (visible === 0)
    problems.push(error(file, 'pixels', 'is fully transparent: nothing would show'));
  if (coloured > 0)
    problems.push(
      error(
        file,
        'colour',
        `must be white on transparent; ${coloured} visible pixels are not white`,
      ),
    );
  return problems;
}
