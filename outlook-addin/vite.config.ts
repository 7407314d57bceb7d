import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** Where Office requires add-ins to load Office.js from. */
const MICROSOFT_OFFICE_JS_URL = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

/**
 * The pane pages name Office.js as `%OFFICE_JS_URL%`: Microsoft's CDN unless the build is
 * told otherwise. The local suite builds a development copy with OFFICE_JS_URL set to the
 * sandbox's Office.js for Outlook, so the same pages run in its Outlook; nothing in the
 * pages' code knows which one it got.
 */
function officeJsAddress(url: string): Plugin {
  if (!/^https?:\/\//.test(url)) throw new Error(`OFFICE_JS_URL must be an http(s) URL: ${url}`);
  return {
    name: 'office-js-address',
    transformIndexHtml: (html) => html.replaceAll('%OFFICE_JS_URL%', url),
  };
}

// Three pages under /addin/: the read-mode pane ("Attach to OKR"), the compose-mode pane
// ("Insert OKR status") and a small landing page. Each pane page loads Office.js with a
// plain script tag, as Office requires of add-ins; nothing here bundles Office.js or a
// stand-in for it.
export default defineConfig({
  base: '/addin/',
  plugins: [officeJsAddress(process.env.OFFICE_JS_URL || MICROSOFT_OFFICE_JS_URL), react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    rollupOptions: {
      input: {
        index: resolve(__dirname, 'index.html'),
        read: resolve(__dirname, 'read.html'),
        compose: resolve(__dirname, 'compose.html'),
      },
    },
  },
});
