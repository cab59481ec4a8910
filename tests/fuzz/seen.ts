/**
 * What the bot has shown so far, gathered from the fake Discord's records after each step: the
 * buttons and select menus on its messages (custom ids as the bot issued them), the forms it
 * opened, and its channel messages (for members to reply to). Presses and submits are built from
 * these, so the fuzz reaches what only a real member clicking through could reach.
 */
import type { APIMessage } from 'discord.js';
import type { FakeDiscord, InteractionCallback, SentMessage } from '../support/fake-discord.js';

export type SeenComponent = {
  customId: string;
  kind: 'button' | 'select';
  /** A select menu's option values. */
  values: string[];
  maxValues: number;
  messageId: string;
  channelId: string;
  guildId: string | null;
  /** The member the message was shown to (an ephemeral reply is only theirs to press). */
  viewerId: string;
};

export type SeenModalField = { id: string; maxLength: number; required: boolean };
export type SeenModal = {
  customId: string;
  fields: SeenModalField[];
  channelId: string;
  guildId: string | null;
  openerId: string;
  messageId: string | null;
};
export type SeenMessage = { id: string; channelId: string; guildId: string | null };

/** Bounded so long runs stay small and favour what was shown recently. */
const KEEP = 150;
const push = <T>(list: T[], item: T) => {
  list.push(item);
  if (list.length > KEEP) list.shift();
};

type RawComponent = {
  type: number;
  custom_id?: string;
  options?: { value: string }[];
  max_values?: number;
  component?: RawComponent;
  components?: RawComponent[];
};

/** Every interactive component in a message's rows (action rows and labels nest them). */
const flatten = (rows: readonly RawComponent[]): RawComponent[] =>
  rows.flatMap((c) => [c, ...flatten(c.components ?? []), ...(c.component ? flatten([c.component]) : [])]);

export class Seen {
  readonly components: SeenComponent[] = [];
  readonly modals: SeenModal[] = [];
  readonly messages: SeenMessage[] = [];

  /** Gathers what the bot sent since `mark`. */
  gather(discord: FakeDiscord, mark: number): void {
    for (const cb of discord.callbacks) if (cb.n > mark) this.fromCallback(discord, cb);
    for (const sent of discord.sentMessages) if (sent.n > mark) this.fromSent(discord, sent);
  }

  private fromCallback(discord: FakeDiscord, cb: InteractionCallback): void {
    const record = discord.interaction(cb.interactionId);
    if (!record) return;
    const p = record.payload as {
      guild_id?: string;
      channel_id?: string;
      member?: { user?: { id: string } };
      user?: { id: string };
      message?: { id: string };
    };
    const viewerId = p.member?.user?.id ?? p.user?.id ?? '';
    const guildId = p.guild_id ?? null;
    if (cb.type === 9) {
      const fields = flatten((cb.data.components ?? []) as RawComponent[])
        .filter((c) => c.type === 4 && c.custom_id)
        .map((c) => {
          const input = c as RawComponent & { max_length?: number; required?: boolean };
          return { id: input.custom_id!, maxLength: input.max_length ?? 4000, required: input.required ?? true };
        });
      push(this.modals, {
        customId: cb.data.custom_id ?? '',
        fields,
        channelId: p.channel_id ?? '',
        guildId,
        openerId: viewerId,
        messageId: p.message?.id ?? null,
      });
      return;
    }
    if ((cb.type === 4 || cb.type === 7) && record.original) this.fromMessage(record.original, guildId, viewerId);
  }

  private fromSent(discord: FakeDiscord, sent: SentMessage): void {
    const record = sent.token ? discord.interaction(sent.token) : undefined;
    const p = record?.payload as { member?: { user?: { id: string } }; user?: { id: string } } | undefined;
    const guildId = (discord.channel(sent.message.channel_id) as { guild_id?: string } | undefined)?.guild_id ?? null;
    // A channel message answers a member's message: anyone in the channel sees it.
    const viewerId = p?.member?.user?.id ?? p?.user?.id ?? sent.message.referenced_message?.author.id ?? '';
    this.fromMessage(sent.message, guildId, viewerId);
    if (sent.kind === 'channel')
      push(this.messages, { id: sent.message.id, channelId: sent.message.channel_id, guildId });
  }

  private fromMessage(message: APIMessage, guildId: string | null, viewerId: string): void {
    for (const c of flatten((message.components ?? []) as unknown as RawComponent[])) {
      if (!c.custom_id || (c.type !== 2 && c.type !== 3)) continue;
      push(this.components, {
        customId: c.custom_id,
        kind: c.type === 2 ? 'button' : 'select',
        values: (c.options ?? []).map((o) => o.value),
        maxValues: c.max_values ?? 1,
        messageId: message.id,
        channelId: message.channel_id,
        guildId,
        viewerId,
      });
    }
  }
}
