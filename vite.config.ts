import { vitePlugin as remix } from '@remix-run/dev';
import { defineConfig } from 'vite';
import tsconfigPaths from 'vite-tsconfig-paths';

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
    tsconfigPaths(),
  ],
  // Tremor is imported by deep ESM paths (app/components/ui/tremor.ts) that Node cannot load as they are.
  ssr: { noExternal: ['@tremor/react'] },
  build: {
    rollupOptions: {
      onwarn(warning, warn) {
        // Resource routes (CSV export, audit export, logo) have no component: nothing of them reaches the
        // browser, so their client chunk is empty by design.
        if (warning.code === 'EMPTY_BUNDLE') return;
        warn(warning);
      },
    },
  },
});
