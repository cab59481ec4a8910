/**
 * Configuration comes only from the environment, validated once at start-up. A wrong value
 * stops the process with one line naming the variable and what to do about it.
 */
import { z } from 'zod';

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord ID (17–20 digits)');

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DISCORD_TOKEN: z
    .string()
    .regex(
      /^[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}$/,
      'does not look like a bot token (three dot-separated parts; copy it from the Developer Portal → Bot → Reset Token)',
    )
    .optional(),
  DISCORD_CLIENT_ID: snowflake.optional(),
  DISCORD_GUILD_ID: snowflake.optional(),
  DISCORD_API_BASE: z.string().url('must be a URL such as https://discord.com/api').optional(),
  DATABASE_PATH: z.string().min(1).default('./var/checkpoint.db'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().min(1).optional(),
  /** The privileged Message Content intent; set false if it is not enabled in the Developer Portal. */
  DISCORD_MESSAGE_CONTENT: z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .default('true')
    .transform((v) => v === 'true' || v === '1' || v === 'yes'),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Blank values count as unset, the way `.env` files are usually written. */
const withoutBlanks = (env: NodeJS.ProcessEnv) =>
  Object.fromEntries(
    Object.entries(env)
      .filter(([, v]) => v !== undefined && v.trim() !== '')
      .map(([k, v]) => [k, v!.trim()]),
  );

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const parsed = configSchema.safeParse(withoutBlanks(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    // Never echo the value: it may be a secret.
    throw new ConfigError(`Invalid ${issue.path.join('.')}: ${issue.message}.`);
  }
  return parsed.data;
};

/** Deploying commands needs the application id as well as the token. */
export const requireForDiscord = (config: Config): { token: string; clientId?: string } => {
  if (!config.DISCORD_TOKEN)
    throw new ConfigError('Missing DISCORD_TOKEN: set it in .env (see .env.example) to connect to Discord.');
  return { token: config.DISCORD_TOKEN, ...(config.DISCORD_CLIENT_ID ? { clientId: config.DISCORD_CLIENT_ID } : {}) };
};
