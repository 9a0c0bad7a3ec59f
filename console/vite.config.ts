import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The console is served by the hub at /console/ from dist/console. No React plugin: Vite's own
// transform handles TSX (automatic runtime); the console needs no fast refresh to be built.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    reportCompressedSize: false,
    rolldownOptions: {
      // antd marks its modules "use client" for React Server Components; meaningless in a SPA bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: { proxy: { '/graphql': 'http://127.0.0.1:3000', '/console/settings.json': 'http://127.0.0.1:3000' } },
});
