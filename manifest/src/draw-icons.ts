import { PNG } from 'pngjs';

/**
 * Throughline's mark, drawn in code so the PNGs can be re-made at any size without an
 * image editor: a target (two rings and a bullseye) with an arrow flying into its centre
 * from the top right. Shapes live in a unit square; each pixel is sampled 4×4 times so
 * edges are anti-aliased through coverage.
 */
type Point = readonly [number, number];

const CENTRE: Point = [0.42, 0.58];
const ARROW_TAIL: Point = [0.86, 0.14];
const SHAFT_HALF_WIDTH = 0.035;
/** Clear space either side of the shaft, so it reads as in front of the rings in one colour. */
const SHAFT_KNOCKOUT = 0.085;
const FLETCHING: readonly Point[] = [
  [0.74, 0.08],
  [0.94, 0.06],
  [0.92, 0.26],
];

function isOnMark(x: number, y: number): boolean {
  const r = Math.hypot(x - CENTRE[0], y - CENTRE[1]);
  const onRings = (r >= 0.29 && r <= 0.37) || (r >= 0.13 && r <= 0.21) || r <= 0.07;
  const shaftDistance = distanceToSegment([x, y], CENTRE, ARROW_TAIL);
  const onArrow = shaftDistance <= SHAFT_HALF_WIDTH || isInTriangle([x, y], FLETCHING);
  if (onArrow) return true;
  return onRings && shaftDistance > SHAFT_KNOCKOUT;
}

function distanceToSegment(p: Point, a: Point, b: Point): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const t = Math.max(
    0,
    Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)),
  );
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

function isInTriangle(p: Point, [a, b, c]: readonly Point[]): boolean {
  if (!a || !b || !c) return false;
  const side = (u: Point, v: Point) =>
    (p[0] - v[0]) * (u[1] - v[1]) - (u[0] - v[0]) * (p[1] - v[1]);
  const [d1, d2, d3] = [side(a, b), side(b, c), side(c, a)];
  const hasNegative = d1 < 0 || d2 < 0 || d3 < 0;
  const hasPositive = d1 > 0 || d2 > 0 || d3 > 0;
  return !(hasNegative && hasPositive);
}

/** Fraction of the pixel covered by the mark, with the mark scaled into `inset`..`1-inset`. */
function coverage(px: number, py: number, size: number, inset: number): number {
  const samples = 4;
  let hits = 0;
  for (let sy = 0; sy < samples; sy++) {
    for (let sx = 0; sx < samples; sx++) {
      const u = (px + (sx + 0.5) / samples) / size;
      const v = (py + (sy + 0.5) / samples) / size;
      const x = (u - inset) / (1 - 2 * inset);
      const y = (v - inset) / (1 - 2 * inset);
      if (x >= 0 && x <= 1 && y >= 0 && y <= 1 && isOnMark(x, y)) hits++;
    }
  }
  return hits / (samples * samples);
}

export type Rgb = readonly [number, number, number];

/** Throughline blue; also the manifest's accentColor (#2F5EA8). */
export const BRAND_BLUE: Rgb = [0x2f, 0x5e, 0xa8];

/** A full-colour icon: the white mark on a solid brand background (Teams' color icon, add-in ribbon icons). */
export function drawColorIcon(size: number, background: Rgb = BRAND_BLUE): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const cover = coverage(x, y, size, 0.16);
      const offset = (y * size + x) * 4;
      background.forEach(
        (channel, i) => (png.data[offset + i] = Math.round(channel + (255 - channel) * cover)),
      );
      png.data[offset + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/** Teams' outline icon: the mark in pure white, everything else fully transparent. */
export function drawOutlineIcon(size: number): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const offset = (y * size + x) * 4;
      png.data[offset] = 255;
      png.data[offset + 1] = 255;
      png.data[offset + 2] = 255;
      png.data[offset + 3] = Math.round(255 * coverage(x, y, size, 0.03));
    }
  }
  return PNG.sync.write(png);
}
