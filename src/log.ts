/**
 * Structured logs (pino) to stderr, so stdout stays free for answers and JSON. Secrets are
 * redacted by path as a second line of defence: we never log them on purpose.
 */
import pino, { type Logger } from 'pino';

export type { Logger };

export const REDACT_PATHS = ['token', '*.token', 'config.DISCORD_TOKEN', 'DISCORD_TOKEN', 'headers.authorization', '*.headers.authorization', 'authorization'];

export const createLogger = (level: string = process.env.LOG_LEVEL ?? 'info', destination: pino.DestinationStream = pino.destination(2)): Logger =>
  pino({ level, base: { app: 'checkpoint' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
