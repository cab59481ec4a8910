/**
 * The fuzz's world: two servers, each with a mentor and a recruiter role, two text channels
 * (one where the bot may not embed links) and a cast of members whose roles never change. Who
 * may write is fixed by the cast, so the store can be checked afterwards: no FAQ entry, checklist
 * item or setting may carry the id of a member who could not have written it.
 */
import type { APIUser } from 'discord.js';
import { startFakeDiscord, type FakeDiscord } from '../support/fake-discord.js';
import * as payloads from '../support/payloads.js';

export const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.GxYzAb.abcdefghijklmnopqrstuvwxyz0123';

export type GuildWorld = {
  id: string;
  name: string;
  channelIds: readonly string[];
  mentorRole: string;
  recruiterRole: string;
  spareRole: string;
};

export const GUILDS: readonly GuildWorld[] = [
  {
    id: '1400000000000000001',
    name: 'Port A',
    channelIds: ['1400000000000000011', '1400000000000000012'],
    mentorRole: '1400000000000000021',
    recruiterRole: '1400000000000000022',
    spareRole: '1400000000000000023',
  },
  {
    id: '1400000000000000002',
    name: 'Port B',
    channelIds: ['1400000000000000031', '1400000000000000032'],
    mentorRole: '1400000000000000041',
    recruiterRole: '1400000000000000042',
    spareRole: '1400000000000000043',
  },
];

/** What a member is in one server. */
export type Standing = 'admin' | 'recruiter' | 'mentor' | 'both' | 'outsider';

export type CastMember = {
  user: APIUser;
  /** Their standing in each server, by guild id. */
  standing: Readonly<Record<string, Standing>>;
};

const user = (id: string, username: string, globalName = username): APIUser => ({
  id,
  username,
  global_name: globalName,
  discriminator: '0',
  avatar: null,
});

/**
 * Fixed ids so a seed replays the same run. Display names carry mentions and markdown: the bot
 * shows an author's name in FAQ citations. `outsider` holds no role and lacks Manage Server: it
 * may write nothing. `mixed` is a recruiter in one server and an outsider in the other.
 */
export const CAST: readonly CastMember[] = [
  { user: user('1400000000000000101', 'admin'), standing: { [GUILDS[0]!.id]: 'admin', [GUILDS[1]!.id]: 'admin' } },
  {
    user: user('1400000000000000102', 'recruiter', '@everyone Rec**ruit**er <@&1400000000000000021>'),
    standing: { [GUILDS[0]!.id]: 'recruiter', [GUILDS[1]!.id]: 'recruiter' },
  },
  { user: user('1400000000000000103', 'mentor'), standing: { [GUILDS[0]!.id]: 'mentor', [GUILDS[1]!.id]: 'mentor' } },
  { user: user('1400000000000000104', 'both'), standing: { [GUILDS[0]!.id]: 'both', [GUILDS[1]!.id]: 'outsider' } },
  {
    user: user('1400000000000000105', 'mixed'),
    standing: { [GUILDS[0]!.id]: 'outsider', [GUILDS[1]!.id]: 'recruiter' },
  },
  {
    user: user('1400000000000000106', 'outsider', 'out\u202Esider'),
    standing: { [GUILDS[0]!.id]: 'outsider', [GUILDS[1]!.id]: 'outsider' },
  },
  {
    user: user('1400000000000000107', '**lurker**'),
    standing: { [GUILDS[0]!.id]: 'outsider', [GUILDS[1]!.id]: 'outsider' },
  },
];

/**
 * Members who only talk to the bot, many of them: the conversation rate limit (5 questions per
 * member per 30 s) would otherwise answer most of a fast run's messages with a cooldown. They hold
 * no role anywhere.
 */
const PASSER_BASE = 1_400_000_000_000_100_000n;
export const passerBy = (i: number): CastMember => {
  const id = String(PASSER_BASE + BigInt(i));
  return { user: user(id, `passer${i}`), standing: Object.fromEntries(GUILDS.map((g) => [g.id, 'outsider' as const])) };
};
export const PASSERS_BY = 300;

/** A member of the cast or a passer-by, by user id. */
export const memberById = (id: string): CastMember | undefined => {
  const cast = CAST.find((m) => m.user.id === id);
  if (cast || !/^\d+$/.test(id)) return cast;
  const i = BigInt(id) - PASSER_BASE;
  return i >= 0n && i < BigInt(PASSERS_BY) ? passerBy(Number(i)) : undefined;
};

/** The member's roles and permissions in a server, as an interaction carries them. */
export const memberIn = (m: CastMember, g: GuildWorld): { roles: string[]; permissions?: bigint } => {
  switch (m.standing[g.id] ?? 'outsider') {
    case 'admin':
      return { roles: [], permissions: payloads.DEFAULT_MEMBER_PERMISSIONS | payloads.ManageGuild };
    case 'recruiter':
      return { roles: [g.recruiterRole] };
    case 'mentor':
      return { roles: [g.mentorRole] };
    case 'both':
      return { roles: [g.mentorRole, g.recruiterRole] };
    case 'outsider':
      return { roles: [] };
  }
};

/** The fake Discord with both servers. The second channel denies the bot Embed Links (answers go out as text). */
export const startWorld = (): Promise<FakeDiscord> =>
  startFakeDiscord({
    token: TOKEN,
    users: CAST.map((m) => m.user),
    guilds: GUILDS.map((g) => ({
      id: g.id,
      name: g.name,
      roles: [
        { id: g.mentorRole, name: 'mentors', mentionable: true },
        { id: g.recruiterRole, name: 'recruiters', mentionable: true },
        { id: g.spareRole, name: 'spare' },
      ],
      channels: [
        { id: g.channelIds[0]!, name: 'general' },
        {
          id: g.channelIds[1]!,
          name: 'text-only',
          permissionOverwrites: [
            { id: payloads.DEFAULT_BOT_USER.id, type: 1 as const, deny: payloads.Permission.EmbedLinks },
          ],
        },
      ],
    })),
  });
