/** REST routes for the gateway address, the bot's identity and application, users, DMs and guilds. */
import type { APIUser } from 'discord.js';
import { dmChannel } from '../payloads.js';
import { discordError, route, type FakeContext, type Route, type RouteResult } from './rest.js';
import type { RecordedRequest } from './types.js';
import { isObj, type World } from './world.js';

const unknownGuild = (): RouteResult => discordError(404, 10004, 'Unknown Guild');

export function coreRoutes(fake: FakeContext): Route[] {
  const { world } = fake;
  const guild = (id: string | undefined) => world.guildById(id);
  return [
    route('GET', '/gateway/bot', () => ({
      status: 200,
      body: {
        url: fake.gatewayUrl(),
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      },
    })),
    route('GET', '/gateway', () => ({ status: 200, body: { url: fake.gatewayUrl() } })),
    route('GET', '/users/@me', () => ({
      status: 200,
      body: { ...world.botUser, verified: true, mfa_enabled: false, flags: 0 },
    })),
    route('GET', '/users/:id', ({ params }) => {
      const u = world.users.get(params[0]!);
      return u ? { status: 200, body: u } : discordError(404, 10013, 'Unknown User');
    }),
    route('GET', '/applications/@me', () => ({ status: 200, body: applicationObject(world) })),
    route('GET', '/oauth2/applications/@me', () => ({ status: 200, body: applicationObject(world) })),
    route('POST', '/users/@me/channels', ({ req }) => openDm(world, req)),

    route('GET', '/guilds/:gid', ({ params }) => {
      const g = guild(params[0]);
      if (!g) return unknownGuild();
      // The REST guild object has no gateway-only lists, and approximate counts instead.
      const { members: _m, channels: _c, threads: _t, presences: _p, voice_states: _v, ...rest } = g;
      return {
        status: 200,
        body: { ...rest, approximate_member_count: g.member_count, approximate_presence_count: 0 },
      };
    }),
    route('GET', '/guilds/:gid/channels', ({ params }) => {
      const g = guild(params[0]);
      return g ? { status: 200, body: g.channels } : unknownGuild();
    }),
    route('GET', '/guilds/:gid/roles', ({ params }) => {
      const g = guild(params[0]);
      return g ? { status: 200, body: g.roles } : unknownGuild();
    }),
    route('GET', '/guilds/:gid/members', ({ params, req }) => {
      const g = guild(params[0]);
      return g ? { status: 200, body: g.members.slice(0, Number(req.query.limit ?? 1)) } : unknownGuild();
    }),
    route('GET', '/guilds/:gid/members/:uid', ({ params }) => {
      const g = guild(params[0]);
      if (!g) return unknownGuild();
      const m = world.memberOf(g, params[1] === '@me' ? world.botUser.id : params[1]!);
      return m ? { status: 200, body: m } : discordError(404, 10007, 'Unknown Member');
    }),
  ];
}

function applicationObject(world: World): Record<string, unknown> {
  return {
    id: world.applicationId,
    name: world.botUser.username,
    icon: null,
    description: '',
    summary: '',
    type: null,
    bot_public: true,
    bot_require_code_grant: false,
    verify_key: '0'.repeat(64),
    flags: 0,
    owner: { id: '1100000000000000002', username: 'owner', global_name: 'Owner', discriminator: '0', avatar: null },
    team: null,
    bot: world.botUser,
    approximate_guild_count: world.guilds.length,
    integration_types_config: { '0': {} },
  };
}

/** Opens (or returns the existing) DM channel with a user the fake knows. */
function openDm(world: World, req: RecordedRequest): RouteResult {
  const body = isObj(req.body) ? req.body : {};
  const recipientId = String(body.recipient_id ?? '');
  const recipient = world.users.get(recipientId);
  if (!recipient) return discordError(400, 50033, 'Invalid Recipient(s)');
  const existing = [...world.channels.values()].find(
    (c) => c.type === 1 && ((c as { recipients?: APIUser[] }).recipients ?? []).some((u) => u.id === recipientId),
  );
  if (existing) return { status: 200, body: existing };
  const ch = dmChannel({ recipient });
  world.channels.set(ch.id, ch);
  return { status: 200, body: ch };
}
