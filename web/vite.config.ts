import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [
    react(),
    tailwindcss(),
    // The doorstep app works with no signal: a service worker (src/sw.ts) keeps the app shell; walks and
    // records live in IndexedDB (src/doorstep/db.ts).
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      injectRegister: false,
      registerType: 'autoUpdate',
      manifest: {
        name: 'Broadchurch Doorstep',
        short_name: 'Doorstep',
        description: 'Canvass your walk, with or without a signal.',
        start_url: '/doorstep',
        scope: '/',
        display: 'standalone',
        background_color: '#fafaf9',
        theme_color: '#7c2d12',
        icons: [{ src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      injectManifest: { globPatterns: ['**/*.{js,css,html,svg}'] },
    }),
  ],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
