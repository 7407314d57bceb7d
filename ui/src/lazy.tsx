/**
 * Dialogs that open on demand, loaded when first opened so the first screen of the tab
 * and the add-in stays small.
 */
import { lazy } from 'react';

export const LazyCheckInDialog = lazy(() =>
  import('./CheckInDialog').then((module) => ({ default: module.CheckInDialog })),
);
