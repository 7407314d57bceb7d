export { readBuildSettings, type BuildSettings } from './build-settings';
export { buildManifests, packageApp } from './package-app';
export { SERVED_FRONT_ENDS, type ServedFrontEnd } from './served-pages';
export type { Problem } from './problems';
