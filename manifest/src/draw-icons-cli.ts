import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { drawColorIcon, drawOutlineIcon } from './draw-icons';
import { ADDIN_ICONS, TEAMS_ICONS } from './icon-files';
import { ICONS_DIR } from './manifest-files';

// Re-draws the committed PNGs in manifest/icons (npm run icons -w manifest).
for (const icon of [...TEAMS_ICONS, ...ADDIN_ICONS]) {
  const png = icon.kind === 'outline' ? drawOutlineIcon(icon.size) : drawColorIcon(icon.size);
  writeFileSync(path.join(ICONS_DIR, icon.file), png);
  process.stdout.write(`wrote icons/${icon.file} (${icon.size}×${icon.size})\n`);
}
