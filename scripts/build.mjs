// Bundles the two entry points into dist/ so that start-up skips transpiling TypeScript
// (cold start of the JSON interface: ~1.5 s through tsx, a few hundred ms bundled).
// Runs on `npm install`/`npm ci` (the `prepare` script). Dependencies stay external.
// If it cannot run (e.g. installed without dev dependencies), scripts/launch.mjs falls back to tsx.
import { build } from 'esbuild';

const entries = { ask: 'src/console/ask.ts', main: 'src/main.ts' };
try {
  await build({
    entryPoints: entries,
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
} catch (e) {
  console.warn(`checkpoint: bundling skipped (${e instanceof Error ? e.message : e}); npm start will run from source.`);
}
