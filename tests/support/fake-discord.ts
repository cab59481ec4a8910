/**
 * A small fake Discord (REST + gateway) on 127.0.0.1, so a REAL discord.js `Client` can be tested and
 * benchmarked fully offline.
 *
 *   const discord = await startFakeDiscord({ guilds: [{ name: 'Test', channels: [{ name: 'general' }] }] });
 *   const client = new Client({ intents, ...discord.clientOptions() });
 *   client.on('error', ...);                                 // see "Gotchas" below
 *   await client.login('fake-token');                        // any token unless `token` is set
 *   const res = await discord.interact(payloads.slashCommand({ name: 'ask', guild: discord.guild() }));
 *   expect(res.data.content).toBe('...');
 *   await client.destroy(); await discord.close();
 *
 * What is emulated (enough of Discord for a bot's happy and unhappy paths):
 * - gateway v10 JSON: HELLO, IDENTIFY → READY + GUILD_CREATE per guild, HEARTBEAT/ACK, RESUME (with replay of
 *   missed dispatches) → RESUMED, RECONNECT (op 7), INVALID_SESSION (op 9), close codes 4001–4014, intent filtering
 *   (events the client did not subscribe to are not sent; without MessageContent, guild message content is
 *   blanked unless the bot is mentioned) and privileged intents (4014).
 * - REST v10 for interactions (callback, @original, follow-ups), channel messages, threads, typing, reactions,
 *   DMs, users, guild members/roles/channels, application commands (global and guild, with validation).
 *   Bodies are parsed as JSON or multipart (`payload_json` + `files[n]`).
 * - Discord's validation for common mistakes (content > 2000, empty message, embed/component limits, modal and
 *   autocomplete limits, allowed_mentions conflicts) → 400 with Discord's error JSON.
 * - Interaction rules: one initial callback (second → 40060), 3 s deadline (→ 10062), callback type must fit
 *   the interaction type, the first follow-up after a deferred reply replaces the loading message.
 * - Fault injection: rate limits (429 with the headers discord.js reads), errors, latency.
 * - Unknown routes → 404 `{ message: 'Unknown route', code: 0 }` and listed in `unexpectedRequests`.
 *
 * Gotchas (discord.js 14.28):
 * - A rejected async `interactionCreate`/`messageCreate` listener is re-emitted as the client's `'error'`
 *   event; without an `'error'` listener the process exits. Always add one in tests.
 * - Listen to `clientReady` (the `ready` event is deprecated and prints a warning).
 * - A re-IDENTIFY within 5 s of the previous one waits in @discordjs/ws' identify throttler (up to 6.5 s, not
 *   cancelled by `client.destroy()`); `clientOptions()` installs a no-op throttler.
 * - Call `client.destroy()` before `discord.close()` (otherwise the client tries to reconnect).
 *
 * This file is only the entry point; the parts live in ./fake-discord/: fake.ts (the FakeDiscord object),
 * world.ts (guilds, channels, messages), recorder.ts (what happened, and waiting), gateway.ts, rest.ts and
 * routes-*.ts (REST), incoming.ts (completing dispatched payloads), messages.ts, validate.ts, faults.ts.
 */
export { startFakeDiscord, FakeDiscord } from './fake-discord/fake.js';
export type { RecordedFile, RequestMatcher } from './fake-discord/http.js';
export type {
  CallbackData,
  DispatchRecord,
  FakeDiscordOptions,
  FaultOptions,
  GatewayEvent,
  InteractionCallback,
  InteractionRecord,
  MessageBody,
  RecordedRequest,
  SentMessage,
  WaitOptions,
} from './fake-discord/types.js';
export type { DiscordErrorBody } from './fake-discord/validate.js';
