import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The web app lives in src/web and is built into dist/web, which the server serves with an
// SPA fallback to index.html. In development `npx vite` proxies /api to the server on :3000
// (MASSLINE_API=http://127.0.0.1:3100 npx vite to use another one).
const root = fileURLToPath(new URL('./src/web', import.meta.url));
const apiTarget = process.env.MASSLINE_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
  },
  server: {
    proxy: {
      '/api': {
        target: apiTarget,
        changeOrigin: false,
        // src/web/api/*.ts are modules of the app itself, not API calls.
        bypass: (req) => (/^\/api\/[^?]*\.tsx?(\?|$)/.test(req.url ?? '') ? req.url : undefined),
      },
    },
  },
});
