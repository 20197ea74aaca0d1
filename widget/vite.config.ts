import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv, type Plugin } from 'vite';
import packageJson from './package.json';

const fromHere = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * Vite always adds RequireJS's `require` to AMD output. Kommo's contract (and a bare `define`
 * shim in tests) expects exactly `define(['jquery'], function ($) {...})`, and we never use
 * `require`, so the header is put back once every other plugin has run.
 */
function kommoAmdHeader(): Plugin {
  const vitePrefix = 'define(["require", "jquery"], (function(require, $) {';

  return {
    name: 'heap-sync:kommo-amd-header',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunk = bundle['script.js'];

      if (chunk?.type !== 'chunk' || chunk.code.split(vitePrefix).length !== 2) {
        this.error('script.js does not start with the expected AMD wrapper');
      }

      chunk.code = [
        `/* Heap Sync for Kommo, widget ${packageJson.version}. Built by Vite from widget/src:`,
        ' * React, TanStack Query and the shared contract are bundled; jQuery comes from Kommo. */',
        chunk.code.replace(vitePrefix, 'define(["jquery"], (function($) {'),
      ].join('\n');
    },
  };
}

export default defineConfig(({ mode }) => {
  const env = { ...loadEnv(mode, fromHere('.'), 'VITE_'), ...process.env };
  const defaultBackendUrl = env.VITE_BACKEND_URL || 'http://localhost:3000';

  return {
    plugins: [react(), kommoAmdHeader()],
    resolve: {
      // Bundle the shared contract from source, as Jest and tsc see it.
      alias: { '@heap-sync/shared': fromHere('../shared/src/index.ts') },
    },
    define: {
      __DEFAULT_BACKEND_URL__: JSON.stringify(defaultBackendUrl),
      __WIDGET_VERSION__: JSON.stringify(packageJson.version),
    },
    publicDir: false,
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      // The marketplace rejects minified or obfuscated code.
      minify: false,
      sourcemap: false,
      target: 'es2022',
      cssCodeSplit: false,
      rollupOptions: {
        input: fromHere('src/index.ts'),
        // App builds drop entry exports by default; the AMD factory must return the constructor.
        preserveEntrySignatures: 'strict',
        // Kommo's RequireJS provides jQuery; everything else is bundled into script.js.
        external: ['jquery'],
        onwarn(warning, warn) {
          // zod ships comments Rollup cannot use as annotations; harmless, and not ours to fix.
          if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) {
            return;
          }

          warn(warning);
        },
        output: {
          format: 'amd',
          entryFileNames: 'script.js',
          inlineDynamicImports: true,
          exports: 'default',
        },
      },
    },
  };
});
