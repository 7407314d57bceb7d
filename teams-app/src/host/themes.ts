import {
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  webDarkTheme,
  webLightTheme,
  type Theme,
} from '@fluentui/react-components';
import type { Host, HostTheme } from './teams-host';

/** Inside Teams the tab wears Teams' own themes; a plain browser gets Fluent's web themes. */
export function fluentThemeFor(kind: Host['kind'], theme: HostTheme): Theme {
  if (kind === 'teams')
    return theme === 'dark'
      ? teamsDarkTheme
      : theme === 'contrast'
        ? teamsHighContrastTheme
        : teamsLightTheme;
  return theme === 'dark'
    ? webDarkTheme
    : theme === 'contrast'
      ? teamsHighContrastTheme
      : webLightTheme;
}
