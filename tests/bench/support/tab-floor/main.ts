/**
 * The floor the tab's first JavaScript is measured against: a page with nothing but React,
 * a Fluent UI v9 provider and button, and teams-js initialised — what any Fluent tab in
 * Teams loads before its own code. Built by tab.bench.ts the way the tab is built.
 */
import { app } from '@microsoft/teams-js';
import { Button, FluentProvider, teamsLightTheme } from '@fluentui/react-components';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

void app.initialize().catch(() => undefined);
createRoot(document.getElementById('root')!).render(
  createElement(FluentProvider, { theme: teamsLightTheme }, createElement(Button, null, 'Floor')),
);
