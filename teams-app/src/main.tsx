import { FluentProvider, Title2, webLightTheme } from '@fluentui/react-components';
import { createRoot } from 'react-dom/client';

createRoot(document.getElementById('root')!).render(
  <FluentProvider theme={webLightTheme}>
    <Title2 as="h1">Throughline — My OKRs</Title2>
  </FluentProvider>,
);
