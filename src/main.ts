/**
 * Entry point: validate the environment, load the knowledge base, then either connect to
 * Discord (DISCORD_TOKEN set) or run the local console (no token, outside production).
 */
import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from './config.js';
import { loadKnowledgeBase } from './knowledge.js';

const fail = (message: string): never => {
  process.stderr.write(`checkpoint: ${message}\n`);
  process.exit(1);
};

const main = async () => {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    return fail(e instanceof ConfigError ? e.message : String(e));
  }
  const kb = loadKnowledgeBase(config.DATA_DIR);
  if (!config.DISCORD_TOKEN) {
    if (config.NODE_ENV === 'production') {
      return fail(
        'Missing DISCORD_TOKEN: production runs connect to Discord; set DISCORD_TOKEN (see .env.example), or unset NODE_ENV=production to use the local console.',
      );
    }
    const { startConsole } = await import('./console/run.js');
    await startConsole(kb);
    return;
  }
  // discord.js is heavy: loaded only when it will be used.
  const { startBot } = await import('./discord/bot.js');
  await startBot({ config, kb });
};

main().catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)));
