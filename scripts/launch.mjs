// Runs an entry point: the bundle in dist/ when it is newer than every source file, otherwise
// the TypeScript source through tsx — so an edited checkout never runs stale code.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entries = { ask: 'src/console/ask.ts', main: 'src/main.ts' };
const name = process.argv[2];
const source = entries[name];
if (!source) {
  process.stderr.write(`launch: unknown entry "${name}" (expected ${Object.keys(entries).join(' or ')})\n`);
  process.exit(2);
}
// Drop our own argument so the entry point sees the arguments meant for it.
process.argv.splice(2, 1);

const newestSource = (dir) => {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
};

const bundle = join(root, 'dist', `${name}.mjs`);
const fresh =
  existsSync(bundle) &&
  statSync(bundle).mtimeMs >= Math.max(newestSource(join(root, 'src')), newestSource(join(root, 'commands')));
// Entry points check process.argv[1] to know they were run rather than imported.
const target = fresh ? bundle : join(root, source);
process.argv[1] = target;
if (fresh) {
  await import(pathToFileURL(target).href);
} else {
  const { tsImport } = await import('tsx/esm/api');
  await tsImport(pathToFileURL(target).href, import.meta.url);
}
