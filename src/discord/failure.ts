/**
 * The one way a failure reaches the log and the member: a short reference, logged with the error
 * and shown in the reply, so a member who reports "ref 3FA2" points at one log line. Interactions
 * (the router) and conversations (messages, edits, clarifying choices) all report through here.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../log.js';
import { renderNotice, type MessagePayload } from './render.js';

/** Four hex digits: short enough to read out, enough to find one line among a day's errors. */
export const newRef = (): string => randomBytes(2).toString('hex').toUpperCase();

export const failureText = (ref: string) =>
  `Something went wrong (ref ${ref}). Please try again; if it keeps happening, tell a moderator this ref.`;

/** The fields of a log line being built (what was handled, where). */
export type Line = Record<string, unknown>;

/**
 * Logs the failure with a new reference (also set on `line`, for the caller's own log line) and
 * tells the member through `notify`, if Discord still lets us; never throws.
 */
export const reportFailure = async (
  logger: Logger,
  err: unknown,
  line: Line,
  what: string,
  notify: (body: MessagePayload) => Promise<unknown>,
): Promise<void> => {
  const ref = newRef();
  line.ref = ref;
  logger.error({ err, ...line }, `${what} failed`);
  try {
    await notify(renderNotice(failureText(ref)));
  } catch (replyErr) {
    logger.warn({ ...line, err: replyErr }, 'could not send the error reply');
  }
};
