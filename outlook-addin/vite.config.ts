import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Three pages under /addin/: the read-mode pane ("Attach to OKR"), the compose-mode pane
// ("Insert OKR status") and a small landing page. Each pane page loads Office.js with a
// plain script tag, as Office requires of add-ins; nothing here bundles Office.js or a
// stand-in for it.
export default defineConfig({
  base: '/addin/',
  plugins: [react()],
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
