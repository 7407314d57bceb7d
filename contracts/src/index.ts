export * from './common';
export * from './people';
export * from './okrs';
export * from './client';
export * from './evidence';
export * from './risks';
export * from './one-on-ones';
export * from './admins';
