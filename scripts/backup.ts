/**
 * npm run backup -- <file>
 *
 * Online, consistent copy of the database at DATABASE_PATH (from the environment or .env, as
 * for `npm start`; default ./var/checkpoint.db), safe while the bot is running. Never migrates
 * or creates the source: a backup tool that changed what it copies would be no backup.
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import { backupDatabase, openDatabase, userVersion, type Db } from '../src/store/db.js';
import { StoreError, StoreUnavailableError, toStoreError } from '../src/store/errors.js';
import { configSchema } from '../src/config.js';

type Output = { log: (line: string) => void; error: (line: string) => void };

/** Returns the exit code: 0 written, 1 failed, 2 usage. */
export async function runBackup(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  out: Output = console,
): Promise<number> {
  const file = argv[0];
  if (!file || file.startsWith('-') || argv.length > 1) {
    out.error(
      'usage: npm run backup -- <file>\n  copies the database at DATABASE_PATH (default ./var/checkpoint.db) to <file>',
    );
    return 2;
  }
  // Only this variable: a backup must not fail over an unrelated setting such as a malformed token.
  const source = nodePath.resolve(configSchema.shape.DATABASE_PATH.parse(env['DATABASE_PATH']?.trim() || undefined));
  if (!fs.existsSync(source)) {
    out.error(`backup: no database at ${source} (set DATABASE_PATH to the bot's database file)`);
    return 1;
  }
  let db: Db | undefined;
  try {
    db = openDatabase({ path: source, fileMustExist: true, migrate: false });
    const { file: written, totalPages } = await backupDatabase(db, source, file);
    out.log(`backup: copied ${source} (schema v${userVersion(db)}) to ${written}: ${totalPages} pages`);
    return 0;
  } catch (err) {
    const e = toStoreError(err, source);
    const detail = e instanceof StoreUnavailableError ? e.message : e instanceof StoreError ? e.userMessage : String(e);
    out.error(`backup failed: ${detail}`);
    return 1;
  } finally {
    db?.close();
  }
}

if (process.argv[1] && nodePath.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Same rule as src/main.ts: .env fills in what the environment does not set.
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  process.exitCode = await runBackup(process.argv.slice(2), process.env);
}
