import { teamsLightTheme, type Theme } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { Host, HostTheme } from './teams-host';

type ThemeName = 'teamsLight' | 'teamsDark' | 'teamsHighContrast' | 'webLight' | 'webDark';

/** Inside Teams the tab wears Teams' own themes; a plain browser gets Fluent's web themes. */
export function themeNameFor(kind: Host['kind'], theme: HostTheme): ThemeName {
  if (theme === 'contrast') return 'teamsHighContrast';
  if (kind === 'teams') return theme === 'dark' ? 'teamsDark' : 'teamsLight';
  return theme === 'dark' ? 'webDark' : 'webLight';
}

// Each theme is some 15 KiB of tokens: the first JavaScript carries only Teams' light one,
// which most people see; the others are one small request away.
const loaded = new Map<ThemeName, Theme>([['teamsLight', teamsLightTheme]]);

async function loadTheme(name: ThemeName): Promise<Theme> {
  const known = loaded.get(name);
  if (known) return known;
  const themes = await import('./more-themes');
  const theme = themes[`${name}Theme`];
  loaded.set(name, theme);
  return theme;
}

/** The Fluent theme for the host's theme, or null while it loads (only the first time a theme other than Teams' light one is worn). */
export function useFluentTheme(kind: Host['kind'], theme: HostTheme): Theme | null {
  const name = themeNameFor(kind, theme);
  const [shown, setShown] = useState<{ name: ThemeName; theme: Theme } | null>(() => {
    const known = loaded.get(name);
    return known ? { name, theme: known } : null;
  });
  useEffect(() => {
    if (shown?.name === name) return;
    let current = true;
    void loadTheme(name).then((next) => current && setShown({ name, theme: next }));
    return () => {
      current = false;
    };
  }, [name, shown?.name]);
  // While another theme loads after a switch, the one shown stays: no blank page mid-session.
  return shown?.theme ?? null;
}
