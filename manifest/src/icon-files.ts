/**
 * Every icon the manifests use, its pixel size, and how it is drawn. The Teams icons go
 * into the app package; the add-in icons are served by the add-in at /addin/icons/.
 */
export interface IconSpec {
  file: string;
  size: number;
  kind: 'color' | 'outline';
}

export const TEAMS_ICONS: readonly IconSpec[] = [
  { file: 'color.png', size: 192, kind: 'color' },
  { file: 'outline.png', size: 32, kind: 'outline' },
];

/** Ribbon buttons need 16, 32 and 80 px; the classic manifest's IconUrl 64 px and HighResolutionIconUrl 128 px. */
export const ADDIN_ICONS: readonly IconSpec[] = [16, 32, 64, 80, 128].map((size) => ({
  file: `icon-${size}.png`,
  size,
  kind: 'color',
}));
