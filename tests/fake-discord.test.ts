/**
 * Proves the fake Discord in tests/support is good enough to drive a REAL discord.js Client offline:
 * login, interactions (reply / defer+edit / follow-up / autocomplete / component update / modal), messages
 * (guild and DM), REST rate limits, gateway resume and re-identify, Discord-side validation and clean shutdown.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  AttachmentBuilder,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  Partials,
  TextInputBuilder,
  TextInputStyle,
  type ClientOptions,
  type Interaction,
  type Message,
} from 'discord.js';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from './support/fake-discord.js';
import * as payloads from './support/payloads.js';

const GUILD_ID = '1200000000000000001';
const GENERAL_ID = '1200000000000000002';
const OWNER_ID = '1200000000000000003';
const MOD_ROLE_ID = '1200000000000000004';

let discord: FakeDiscord | undefined;
let client: Client | undefined;
/** Errors the client emitted (a rejected async listener lands here); every test asserts there are none. */
let clientErrors: Error[] = [];

afterEach(async () => {
  await client?.destroy();
  await discord?.close();
  client = undefined;
  discord = undefined;
  const errors = clientErrors;
  clientErrors = [];
  expect(errors.map((e) => e.message)).toEqual([]);
});

interface StartOptions {
  fake?: FakeDiscordOptions;
  intents?: number[];
  client?: Partial<ClientOptions>;
  /** Installed before login. */
  setup?: (client: Client) => void;
}

/** Fake with one guild (#general, a moderator role) + a logged-in, ready client. */
async function start(opts: StartOptions = {}): Promise<{ discord: FakeDiscord; client: Client }> {
  discord = await startFakeDiscord({
    guilds: [
      {
        id: GUILD_ID,
        name: 'Checkpoint HQ',
        ownerId: OWNER_ID,
        roles: [{ id: MOD_ROLE_ID, name: 'Moderator', permissions: payloads.ManageGuild, position: 2 }],
        channels: [{ id: GENERAL_ID, name: 'general' }],
        members: [{ user: payloads.user({ id: OWNER_ID, username: 'owner' }) }],
      },
    ],
    ...opts.fake,
  });
  client = new Client({
    intents: opts.intents ?? [GatewayIntentBits.Guilds],
    ...discord.clientOptions(),
    ...opts.client,
  });
  client.on(Events.Error, (err) => clientErrors.push(err));
  opts.setup?.(client);
  const ready = new Promise<void>((resolve) => client!.once(Events.ClientReady, () => resolve()));
  await client.login('fake-token');
  await ready;
  return { discord, client };
}

/** Registers an interaction handler whose failures are reported through the client's error event. */
function onInteraction(c: Client, handler: (i: Interaction) => Promise<unknown>): void {
  c.on(Events.InteractionCreate, (i) => {
    handler(i).catch((err: Error) => clientErrors.push(err));
  });
}

function onMessage(c: Client, handler: (m: Message) => Promise<unknown>): void {
  c.on(Events.MessageCreate, (m) => {
    handler(m).catch((err: Error) => clientErrors.push(err));
  });
}

describe('fake Discord with a real discord.js Client', () => {
  it('logs in: one REST call, IDENTIFY with the intents, clientReady with the guild cached', async () => {
    const { discord, client } = await start({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages] });

    const identify = await discord.waitForIdentify();
    expect(identify.intents).toBe(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages);
    expect(identify.token).toBe('fake-token');
    expect(discord.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /gateway/bot']);

    expect(client.user?.id).toBe(discord.botUser.id);
    expect(client.application?.id).toBe(discord.applicationId);
    const guild = client.guilds.cache.get(GUILD_ID);
    expect(guild?.name).toBe('Checkpoint HQ');
    expect(guild?.channels.cache.get(GENERAL_ID)?.name).toBe('general');
    expect(guild?.roles.cache.get(MOD_ROLE_ID)?.permissions.has('ManageGuild')).toBe(true);
    // The bot's own member and managed role exist, so permission checks work.
    expect(guild?.members.me?.permissions.has('SendMessages')).toBe(true);
    discord.assertNoUnexpectedRequests();
  });

  it('answers a slash command; the callback body carries content and allowed_mentions', async () => {
    const { discord, client } = await start();
    onInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return;
      const question = i.options.getString('question', true);
      await i.reply({ content: `You asked: ${question} <@${OWNER_ID}>`, allowedMentions: { parse: [] } });
    });

    const res = await discord.interact(
      payloads.slashCommand({ name: 'ask', options: { question: 'how to apply?' }, guild: discord.guild() }),
    );

    expect(res.type).toBe(4);
    expect(res.data.content).toBe(`You asked: how to apply? <@${OWNER_ID}>`);
    expect(res.data.allowed_mentions).toEqual({ parse: [] });
    // allowed_mentions is honoured: the stored reply pings nobody.
    const record = discord.interaction(res.interactionId)!;
    expect(record.original?.mentions).toEqual([]);
    expect(record.original?.type).toBe(20);
    discord.assertNoUnexpectedRequests();
  });

  it('fills member.permissions / app_permissions and resolves guild vs DM context', async () => {
    const { discord, client } = await start();
    const seen: Array<{ admin: boolean; manageGuild: boolean; channelId: string | null; inGuild: boolean }> = [];
    onInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return;
      seen.push({
        admin: i.memberPermissions?.has('Administrator') ?? false,
        manageGuild: i.memberPermissions?.has('ManageGuild') ?? false,
        channelId: i.channelId,
        inGuild: i.inGuild(),
      });
      await i.reply({ content: 'ok', flags: MessageFlags.Ephemeral });
    });

    const mod = await discord.interact(
      payloads.slashCommand({ name: 'config', guild: discord.guild(), roles: [MOD_ROLE_ID] }),
    );
    const plain = await discord.interact(payloads.slashCommand({ name: 'config', guild: discord.guild() }));
    const admin = await discord.interact(
      payloads.slashCommand({
        name: 'config',
        guild: discord.guild(),
        permissions: payloads.Administrator | payloads.ManageGuild,
      }),
    );
    const dmPayload = payloads.slashCommand({ name: 'config' });
    const dm = await discord.interact(dmPayload);

    expect(seen).toEqual([
      { admin: false, manageGuild: true, channelId: GENERAL_ID, inGuild: true },
      { admin: false, manageGuild: false, channelId: GENERAL_ID, inGuild: true },
      { admin: true, manageGuild: true, channelId: GENERAL_ID, inGuild: true },
      { admin: false, manageGuild: false, channelId: dmPayload.channel?.id, inGuild: false },
    ]);
    for (const r of [mod, plain, admin, dm]) expect(r.data.flags).toBe(MessageFlags.Ephemeral);
  });

  it('subcommands and typed options', async () => {
    const { discord, client } = await start();
    onInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return;
      const parts = [
        i.options.getSubcommand(),
        i.options.getString('topic'),
        i.options.getInteger('count'),
        i.options.getNumber('weight'),
        i.options.getBoolean('public'),
      ];
      await i.reply(parts.join('|'));
    });
    const res = await discord.interact(
      payloads.slashCommand({
        name: 'search',
        subcommand: 'jobs',
        options: [
          payloads.option.string('topic', 'pay'),
          payloads.option.integer('count', 3),
          payloads.option.number('weight', 2),
          payloads.option.boolean('public', false),
        ],
        guild: discord.guild(),
      }),
    );
    expect(res.data.content).toBe('jobs|pay|3|2|false');
  });

  it('deferReply + editReply + fetchReply', async () => {
    const { discord, client } = await start();
    const fetched: string[] = [];
    onInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      await i.editReply({ content: 'Here is the answer', allowedMentions: { parse: [] } });
      fetched.push((await i.fetchReply()).content);
    });

    const payload = payloads.slashCommand({ name: 'ask', options: { question: 'q' }, guild: discord.guild() });
    const res = await discord.interact(payload);
    expect(res.type).toBe(5);
    expect(res.data.flags).toBe(MessageFlags.Ephemeral);

    const edit = await discord.waitForEdit(payload.token);
    expect(edit.body.content).toBe('Here is the answer');
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
    expect(edit.message.flags).toBe(MessageFlags.Ephemeral); // loading flag cleared, ephemeral kept
    await discord.waitForRequest(`GET /webhooks/${discord.applicationId}/${payload.token}/messages/@original`);
    await discord.waitFor(() => fetched.length > 0, { description: 'fetchReply to resolve' });
    expect(fetched).toEqual(['Here is the answer']);
  });

  it('followUp after reply returns a message; the first followUp after a defer replaces the loading message', async () => {
    const { discord, client } = await start();
    const followUpIds: string[] = [];
    onInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return;
      if (i.commandName === 'reply-then-follow') {
        await i.reply('first');
        const m = await i.followUp({ content: 'second', flags: MessageFlags.Ephemeral });
        followUpIds.push(m.id);
      } else {
        await i.deferReply();
        const m = await i.followUp('done');
        followUpIds.push(m.id);
      }
    });

    const a = payloads.slashCommand({ name: 'reply-then-follow', guild: discord.guild() });
    await discord.interact(a);
    const follow = await discord.waitForFollowUp(a.token);
    expect(follow.body.content).toBe('second');
    expect(follow.message.flags).toBe(MessageFlags.Ephemeral);
    await discord.waitFor(() => followUpIds.length === 1);
    expect(followUpIds[0]).toBe(follow.message.id);
    expect(discord.interaction(a.id)?.followUps).toHaveLength(1);

    const b = payloads.slashCommand({ name: 'defer-then-follow', guild: discord.guild() });
    await discord.interact(b);
    const replaced = await discord.waitForFollowUp(b.token);
    const record = discord.interaction(b.id)!;
    expect(replaced.message.id).toBe(record.original?.id);
    expect(record.original?.content).toBe('done');
    expect(record.loading).toBe(false);
  });

  it('autocomplete respond', async () => {
    const { discord, client } = await start();
    onInteraction(client, async (i) => {
      if (!i.isAutocomplete()) return;
      const typed = i.options.getFocused();
      await i.respond(
        ['border patrol agent', 'border officer'].filter((n) => n.includes(typed)).map((n) => ({ name: n, value: n })),
      );
    });

    const res = await discord.interact(
      payloads.autocomplete({ name: 'ask', focused: 'topic', value: 'officer', guild: discord.guild() }),
    );
    expect(res.type).toBe(8);
    expect(res.data.choices).toEqual([{ name: 'border officer', value: 'border officer' }]);
  });

  it('button press → interaction.update edits the message the button is on', async () => {
    const { discord, client } = await start();
    onInteraction(client, async (i) => {
      if (!i.isButton()) return;
      await i.update({ content: `Thanks for voting (${i.customId})`, components: [] });
    });

    const press = payloads.buttonPress({ customId: 'vote:up', guild: discord.guild(), content: 'Was this helpful?' });
    const res = await discord.interact(press);
    expect(res.type).toBe(7);
    expect(res.data).toMatchObject({ content: 'Thanks for voting (vote:up)', components: [] });
    const updated = discord.message(press.message.id);
    expect(updated?.content).toBe('Thanks for voting (vote:up)');
    expect(updated?.components).toEqual([]);
  });

  it('string select values reach the handler', async () => {
    const { discord, client } = await start();
    onInteraction(client, async (i) => {
      if (!i.isStringSelectMenu()) return;
      await i.reply({ content: `picked ${i.values.join(',')}`, flags: MessageFlags.Ephemeral });
    });
    const res = await discord.interact(
      payloads.stringSelect({ customId: 'topic', values: ['pay', 'training'], guild: discord.guild() }),
    );
    expect(res.data.content).toBe('picked pay,training');
  });

  it('showModal (callback type 9) then the modal submit', async () => {
    const { discord, client } = await start();
    onInteraction(client, async (i) => {
      if (i.isChatInputCommand()) {
        const modal = new ModalBuilder()
          .setCustomId('feedback')
          .setTitle('Feedback')
          .addLabelComponents(
            new LabelBuilder()
              .setLabel('What could be better?')
              .setTextInputComponent(new TextInputBuilder().setCustomId('text').setStyle(TextInputStyle.Paragraph)),
          );
        await i.showModal(modal);
      } else if (i.isModalSubmit()) {
        await i.reply({ content: `got: ${i.fields.getTextInputValue('text')}`, flags: MessageFlags.Ephemeral });
      }
    });

    const shown = await discord.interact(payloads.slashCommand({ name: 'feedback', guild: discord.guild() }));
    expect(shown.type).toBe(9);
    expect(shown.data).toMatchObject({ custom_id: 'feedback', title: 'Feedback' });
    expect(shown.data.components).toEqual([
      { type: 18, label: 'What could be better?', component: expect.objectContaining({ type: 4, custom_id: 'text' }) },
    ]);

    for (const layout of ['label', 'actionRow'] as const) {
      const submitted = await discord.interact(
        payloads.modalSubmit({
          customId: 'feedback',
          fields: { text: `more examples (${layout})` },
          layout,
          guild: discord.guild(),
        }),
      );
      expect(submitted.data.content).toBe(`got: more examples (${layout})`);
    }
  });

  it('replies to a guild MESSAGE_CREATE (Guilds + GuildMessages + MessageContent)', async () => {
    const { discord, client } = await start({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    });
    onMessage(client, async (m) => {
      if (m.author.bot) return;
      await m.reply({ content: `echo: ${m.content}`, allowedMentions: { repliedUser: false } });
    });

    const incoming = payloads.message({ guild: discord.guild(), content: 'when is the next hiring event?' });
    discord.dispatch('MESSAGE_CREATE', incoming);
    const sent = await discord.waitForChannelMessage(GENERAL_ID);
    expect(sent.body.content).toBe('echo: when is the next hiring event?');
    expect(sent.body.message_reference).toMatchObject({ message_id: incoming.id });
    expect(sent.message).toMatchObject({
      type: 19,
      author: { id: discord.botUser.id },
      referenced_message: { id: incoming.id },
    });
    expect(sent.message.mentions).toEqual([]); // repliedUser: false
  });

  it('answers a message in an existing thread (thread channel from GUILD_CREATE)', async () => {
    const threadId = '1200000000000000009';
    const { discord, client } = await start({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
      fake: {
        guilds: [
          {
            id: GUILD_ID,
            channels: [
              { id: GENERAL_ID, name: 'general' },
              { id: threadId, type: payloads.ChannelKind.PublicThread, parentId: GENERAL_ID, name: 'help' },
            ],
          },
        ],
      },
    });
    onMessage(client, async (m) => {
      if (m.author.bot || !m.channel.isThread()) return;
      await m.reply(`in thread ${m.channel.name}, mentioned ${m.mentions.users.map((u) => u.username).join(',')}`);
    });
    const asker = payloads.user({ username: 'asker' });
    discord.dispatch(
      'MESSAGE_CREATE',
      payloads.message({
        guildId: GUILD_ID,
        channel: discord.channel(threadId),
        author: asker,
        content: `<@${discord.botUser.id}> help`,
      }),
    );
    const sent = await discord.waitForChannelMessage(threadId);
    expect(sent.message.content).toBe(`in thread help, mentioned ${discord.botUser.username}`);
    expect(sent.message.mentions.map((u) => u.id)).toEqual([asker.id]); // the reply pings the replied-to author
  });

  it('without MessageContent, guild message content is blank unless the bot is mentioned', async () => {
    const { discord, client } = await start({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages] });
    const contents: string[] = [];
    client.on(Events.MessageCreate, (m) => {
      if (!m.author.bot) contents.push(m.content);
    });

    discord.dispatch('MESSAGE_CREATE', payloads.message({ guild: discord.guild(), content: 'secret' }));
    const mention = `<@${discord.botUser.id}> hello`;
    discord.dispatch('MESSAGE_CREATE', payloads.message({ guild: discord.guild(), content: mention }));
    await discord.waitFor(() => contents.length === 2);
    expect(contents).toEqual(['', mention]);
  });

  it('DMs need the DirectMessages intent and Partials.Channel', async () => {
    const intents = [GatewayIntentBits.DirectMessages, GatewayIntentBits.MessageContent];

    // Without Partials.Channel, discord.js silently drops the DM (the DM channel is not cached).
    {
      const { discord, client } = await start({ intents });
      let seen = 0;
      client.on(Events.MessageCreate, () => (seen += 1));
      const record = discord.dispatch('MESSAGE_CREATE', payloads.message({ content: 'hi' }));
      expect(record.delivered).toBe(true);
      // Dispatches are handled in order: once a later event is handled, the DM was handled (or dropped).
      const later = new Promise((resolve) => client.once(Events.InteractionCreate, resolve));
      discord.sendInteraction(payloads.slashCommand({ name: 'noop' }));
      await later;
      expect(seen).toBe(0);
      await client.destroy();
      await discord.close();
    }

    // With it, the DM arrives and can be answered.
    {
      const { discord, client } = await start({ intents, client: { partials: [Partials.Channel] } });
      onMessage(client, async (m) => {
        if (m.author.bot) return;
        expect(m.channel.isDMBased()).toBe(true);
        await m.reply(`dm echo: ${m.content}`);
      });
      const dm = payloads.message({ content: 'hello in private' });
      discord.dispatch('MESSAGE_CREATE', dm);
      const sent = await discord.waitForChannelMessage(dm.channel_id);
      expect(sent.message.content).toBe('dm echo: hello in private');
    }
  });

  it('drops events the client has no intent for', async () => {
    const { discord } = await start({ intents: [GatewayIntentBits.Guilds] });
    const record = discord.dispatch('MESSAGE_CREATE', payloads.message({ guild: discord.guild(), content: 'x' }));
    expect(record.delivered).toBe(false);
    expect(record.droppedReason).toMatch(/GuildMessages/);
  });

  it('retries after a 429 with the rate-limit headers', async () => {
    const { discord, client } = await start();
    const rateLimited: number[] = [];
    client.rest.on('rateLimited', (info) => rateLimited.push(info.retryAfter));
    discord.rateLimitOnce('POST /channels/:id/messages', 150);

    const channel = client.channels.cache.get(GENERAL_ID);
    if (!channel?.isSendable()) throw new Error('general not sendable');
    const sent = await channel.send('after the rate limit');

    const attempts = discord.requestsMatching('POST /channels/:id/messages');
    expect(attempts.map((r) => r.status)).toEqual([429, 200]);
    expect(attempts[0]?.injected).toBe('rate-limit');
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(145);
    expect(rateLimited.length).toBeGreaterThan(0);
    expect(sent.content).toBe('after the rate limit');
  });

  it.each([
    ['close code 4000', (d: FakeDiscord) => d.disconnect(4000)],
    ['a dropped TCP connection', (d: FakeDiscord) => d.disconnect(1006)],
    ['op 7 RECONNECT', (d: FakeDiscord) => d.requestReconnect()],
  ])('resumes after %s, replays missed events and keeps answering', async (_name, drop) => {
    const { discord, client } = await start({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    });
    const contents: string[] = [];
    client.on(Events.MessageCreate, (m) => contents.push(m.content));
    onInteraction(client, async (i) => {
      if (i.isChatInputCommand()) await i.reply('still here');
    });

    const mark = discord.mark();
    drop(discord);
    await discord.waitFor(() => !discord.connected, { description: 'the socket to close' });
    // Sent while the client is away: Discord buffers it and replays it on RESUME.
    discord.dispatch('MESSAGE_CREATE', payloads.message({ guild: discord.guild(), content: 'while you were away' }));
    const resume = await discord.waitForResume({ since: mark });
    expect(resume.session_id).toBeTruthy();
    await discord.waitForSession({ since: mark });
    await discord.waitFor(() => contents.includes('while you were away'), { description: 'the replayed message' });
    expect(discord.gatewayEvents.filter((e) => e.n > mark && e.op === 2)).toEqual([]); // no re-identify

    const res = await discord.interact(payloads.slashCommand({ name: 'ping', guild: discord.guild() }));
    expect(res.data.content).toBe('still here');
  });

  it.each([
    ['INVALID_SESSION (not resumable)', (d: FakeDiscord) => d.invalidateSession(false)],
    ['close code 1000', (d: FakeDiscord) => d.disconnect(1000)],
  ])('re-identifies after %s and keeps answering', async (_name, drop) => {
    const { discord, client } = await start();
    onInteraction(client, async (i) => {
      if (i.isChatInputCommand()) await i.reply('fresh session');
    });
    const mark = discord.mark();
    drop(discord);
    await discord.waitForIdentify({ since: mark });
    await discord.waitForSession({ since: mark });
    expect(discord.gatewayEvents.filter((e) => e.n > mark && e.op === 6)).toEqual([]); // no resume
    const res = await discord.interact(payloads.slashCommand({ name: 'ping', guild: discord.guild() }));
    expect(res.data.content).toBe('fresh session');
  });

  it('acknowledges heartbeats', async () => {
    const { discord, client } = await start({ fake: { heartbeatIntervalMs: 20 } });
    await discord.waitForGatewayOp(1);
    await discord.waitFor(() => client.ws.ping >= 0, { description: 'a measured ping' });
  });

  it('rejects what Discord rejects: a second initial response, too-long content', async () => {
    const { discord, client } = await start();
    const failures: string[] = [];
    onInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return;
      try {
        if (i.commandName === 'twice') {
          await i.reply('one');
          // Bypass discord.js' own "already replied" guard to hit the API like a second process would.
          await client.rest.post(`/interactions/${i.id}/${i.token}/callback`, {
            body: { type: 4, data: { content: 'two' } },
            auth: false,
          });
        } else {
          await i.reply('x'.repeat(2001));
        }
      } catch (err) {
        failures.push(err instanceof DiscordAPIError ? `${err.code}: ${err.message.split('\n')[0]}` : String(err));
      }
    });

    await discord.interact(payloads.slashCommand({ name: 'twice', guild: discord.guild() }));
    discord.sendInteraction(payloads.slashCommand({ name: 'long', guild: discord.guild() }));
    await discord.waitFor(() => failures.length === 2, { description: 'two failures' });
    expect(failures.sort()).toEqual(['40060: Interaction has already been acknowledged.', '50035: Invalid Form Body']);
    const long = discord.requestsMatching('POST /interactions/:id/:token/callback').at(-1)!;
    expect(long.response).toMatchObject({
      code: 50035,
      errors: { data: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } },
    });
  });

  it('answers 500 to a body holding a lone surrogate (half an emoji), as Discord does', async () => {
    const { discord, client } = await start();
    const failures: string[] = [];
    onInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return;
      try {
        await i.reply(`${'😀'.repeat(3).slice(0, 5)}…`);
      } catch (err) {
        failures.push(String((err as { status?: number }).status));
      }
    });
    discord.sendInteraction(payloads.slashCommand({ name: 'half', guild: discord.guild() }));
    await discord.waitFor(() => failures.length === 1, { description: 'the failure' });
    expect(failures).toEqual(['500']);
    const sent = discord.requestsMatching('POST /interactions/:id/:token/callback').at(-1)!;
    expect(sent.status).toBe(500);
    expect(discord.warnings.some((w) => /lone surrogate at body\.data\.content/.test(w))).toBe(true);
  });

  it('answers 10062 Unknown interaction after the response deadline (3 s on Discord)', async () => {
    const { discord, client } = await start({ fake: { interactionDeadlineMs: 50 } });
    const failures: number[] = [];
    onInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return;
      await new Promise((r) => setTimeout(r, 100));
      await i.reply('too late').catch((err: DiscordAPIError) => failures.push(Number(err.code)));
    });
    const slow = discord.sendInteraction(payloads.slashCommand({ name: 'slow', guild: discord.guild() }));
    await discord.waitFor(() => failures.length === 1, { description: 'the late reply to fail' });
    expect(failures).toEqual([10062]);
    expect(slow.callbacks).toEqual([]);
    expect(discord.warnings.some((w) => w.includes('deadline'))).toBe(true);
  });

  it('registers commands (bulk overwrite) and uses their ids in interactions', async () => {
    const { discord, client } = await start();
    await client.application!.commands.set([
      {
        name: 'ask',
        description: 'Ask a question',
        options: [{ type: 3, name: 'question', description: 'q', required: true }],
      },
    ]);
    await client.application!.commands.set([{ name: 'ask', description: 'Ask a question (v2)' }], GUILD_ID);
    expect(discord.registeredCommands().map((c) => c.name)).toEqual(['ask']);
    const guildCmd = discord.registeredCommands(GUILD_ID)[0]!;

    let commandId: string | undefined;
    onInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return;
      commandId = i.commandId;
      await i.reply('ok');
    });
    await discord.interact(payloads.slashCommand({ name: 'ask', guild: discord.guild() }));
    expect(commandId).toBe(guildCmd.id); // guild command wins, like on Discord

    await expect(client.application!.commands.set([{ name: 'Bad Name', description: 'x' }])).rejects.toMatchObject({
      code: 50035,
    });
  });

  it('parses multipart bodies (files) and starts a thread from a message', async () => {
    const { discord, client } = await start({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    });
    onMessage(client, async (m) => {
      if (m.author.bot) return;
      const thread = await m.startThread({ name: 'Discussion' });
      await thread.send({
        content: 'details attached',
        files: [new AttachmentBuilder(Buffer.from('hello'), { name: 'notes.txt' })],
      });
    });
    onInteraction(client, async (i) => {
      if (i.isChatInputCommand())
        await i.reply({
          content: 'report',
          files: [new AttachmentBuilder(Buffer.from('a,b\n1,2'), { name: 'r.csv' })],
        });
    });

    const res = await discord.interact(payloads.slashCommand({ name: 'export', guild: discord.guild() }));
    expect(res.data.content).toBe('report');
    expect(res.files).toEqual([expect.objectContaining({ field: 'files[0]', name: 'r.csv' })]);
    expect(res.files[0]!.data.toString()).toBe('a,b\n1,2');

    const incoming = payloads.message({ guild: discord.guild(), content: 'start a thread' });
    discord.dispatch('MESSAGE_CREATE', incoming);
    const inThread = await discord.waitForChannelMessage(incoming.id); // thread id = starter message id
    expect(discord.channel(incoming.id)).toMatchObject({ type: 11, parent_id: GENERAL_ID, name: 'Discussion' });
    expect(inThread.files.map((f) => [f.name, f.data.toString()])).toEqual([['notes.txt', 'hello']]);
    expect(inThread.message.attachments[0]).toMatchObject({ filename: 'notes.txt', size: 5 });
  });

  it('records unknown routes and answers 404 Unknown route', async () => {
    const { discord, client } = await start();
    await expect(client.rest.get('/guilds/1/audit-logs')).rejects.toMatchObject({ status: 404 });
    expect(discord.unexpectedRequests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /guilds/1/audit-logs']);
    expect(() => discord.assertNoUnexpectedRequests()).toThrow(/audit-logs/);
  });

  it('interact() rejects with a clear message when the bot never answers', async () => {
    const { discord } = await start();
    await expect(
      discord.interact(payloads.slashCommand({ name: 'ignored', guild: discord.guild() }), { timeoutMs: 100 }),
    ).rejects.toThrow(/no response to the slash command \/ignored .* within 100ms/);
  });

  it('closes cleanly: no sockets, servers or timers left behind', async () => {
    const { discord, client } = await start();
    const port = new URL(discord.apiBase).port;
    await client.destroy();
    await discord.close();
    await expect(fetch(`http://127.0.0.1:${port}/api/v10/gateway/bot`)).rejects.toThrow();
    // Handles are released asynchronously right after close(); give them a moment, then nothing must remain.
    const deadline = Date.now() + 2000;
    while (Object.keys(liveHandles()).length > 0 && Date.now() < deadline) await new Promise((r) => setImmediate(r));
    expect(liveHandles()).toEqual({});
  });
});

/** TCP sockets/servers and timers alive in this worker (vitest's own IPC uses pipes, not TCP). */
function liveHandles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) {
    if (r === 'TCPSocketWrap' || r === 'TCPServerWrap' || r === 'Timeout') counts[r] = (counts[r] ?? 0) + 1;
  }
  return counts;
}
