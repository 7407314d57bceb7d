/** The themes other than Teams' light one, loaded the first time one is worn (themes.ts). */
export {
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  webDarkTheme,
  webLightTheme,
} from '@fluentui/react-components';
