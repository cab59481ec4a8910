/**
 * Structured logs (pino) to stderr, so stdout stays free for answers and JSON. Secrets are
 * redacted by path, and anything shaped like a bot token is blanked from every line as it is
 * written — a second line of defence, since we never log them on purpose (an error message or a
 * stack that quotes one is caught too).
 */
import pino, { type Logger } from 'pino';

export type { Logger };

export const REDACT_PATHS = [
  'token',
  '*.token',
  'config.DISCORD_TOKEN',
  'DISCORD_TOKEN',
  'headers.authorization',
  '*.headers.authorization',
  'authorization',
];

/** A Discord bot token: base64 user id, timestamp, HMAC, dot-separated (as config.ts validates it). */
export const TOKEN_SHAPE = /[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}/g;

export const scrubTokens = (line: string): string => line.replace(TOKEN_SHAPE, '[redacted]');

/**
 * Synchronous writes (pino's default): one short line per interaction is a single write, and no
 * line is lost when the process dies. (Measured: queueing them to a worker thread cost more.)
 */
export const createLogger = (
  level: string = process.env.LOG_LEVEL ?? 'info',
  destination: pino.DestinationStream = pino.destination(2),
): Logger =>
  pino(
    {
      level,
      base: { app: 'checkpoint' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      hooks: { streamWrite: scrubTokens },
    },
    destination,
  );
