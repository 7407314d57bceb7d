import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { checkIcon } from '../src/check-icons';
import { drawColorIcon, drawOutlineIcon } from '../src/draw-icons';
import { ADDIN_ICONS, TEAMS_ICONS } from '../src/icon-files';
import { ICONS_DIR } from '../src/manifest-files';

const outline = { file: 'outline.png', size: 32, kind: 'outline' as const };

function pngWith(size: number, paint: (png: PNG) => void): Buffer {
  const png = new PNG({ width: size, height: size });
  paint(png);
  return PNG.sync.write(png);
}

describe('the icons', () => {
  it.each([...TEAMS_ICONS, ...ADDIN_ICONS])(
    'commits $file at $size×$size and passes the icon rules',
    (spec) => {
      const bytes = readFileSync(path.join(ICONS_DIR, spec.file));

      expect(checkIcon(spec, bytes)).toEqual([]);
      expect(PNG.sync.read(bytes)).toMatchObject({ width: spec.size, height: spec.size });
    },
  );

  it('commits the icons the drawing code makes today', () => {
    expect(readFileSync(path.join(ICONS_DIR, 'color.png')).equals(drawColorIcon(192))).toBe(true);
    expect(readFileSync(path.join(ICONS_DIR, 'outline.png')).equals(drawOutlineIcon(32))).toBe(
      true,
    );
  });

  it('refuses an icon of the wrong size', () => {
    expect(checkIcon({ file: 'color.png', size: 192, kind: 'color' }, drawColorIcon(96))).toEqual([
      expect.objectContaining({
        source: 'color.png',
        field: 'size',
        message: 'must be 192×192 pixels, is 96×96',
      }),
    ]);
  });

  it('refuses an outline icon with coloured pixels', () => {
    const bytes = pngWith(32, (png) => {
      png.data.set([255, 0, 0, 255], 0);
    });

    expect(checkIcon(outline, bytes)).toEqual([expect.objectContaining({ field: 'colour' })]);
  });

  it('refuses an outline icon without transparency', () => {
    const bytes = pngWith(32, (png) => png.data.fill(255));

    expect(checkIcon(outline, bytes)).toEqual([expect.objectContaining({ field: 'transparency' })]);
  });

  it('refuses a file that is not a PNG', () => {
    expect(checkIcon(outline, Buffer.from('GIF89a'))).toEqual([
      expect.objectContaining({ field: 'image' }),
    ]);
  });
});
