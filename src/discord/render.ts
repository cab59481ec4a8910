/**
 * Reply → Discord message payload. One embed per answer: the items with numbered markers, a
 * "Sources" field of masked links, the licence attribution in the footer; long answers are paged
 * with buttons whose custom_id carries the command and its arguments, so a page is rebuilt by
 * re-running the command (paging survives a restart). Nothing here ever pings anyone.
 */
import {
  ButtonStyle,
  ComponentType,
  TextInputStyle,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIMessageTopLevelComponent,
  type APIModalInteractionResponseCallbackData,
  type APIStringSelectComponent,
} from 'discord.js';
import type { Citation } from '../answers/answer.js';
import {
  selectsOf,
  shortSuggestions,
  type ButtonStyle as ReplyButtonStyle,
  type Reply,
  type ReplyFile,
  type ReplyItem,
  type ReplyModal,
} from '../answers/reply.js';
import { encodeAction, encodeState } from './custom-id.js';
import { LIMITS, embedLength, sliceUnits, truncate } from './limits.js';
import { defuseMentions, safeInterfaceText, safeText } from './markdown.js';

export { defuseMentions, safeText };
/** The custom-id codec, re-exported for callers that render and read ids (see custom-id.ts). */
export { decodeAction, decodeState, encodeAction, encodeState, type ButtonState } from './custom-id.js';

export const NO_MENTIONS = { parse: [] as [] } as const;

export const COLOURS = {
  answered: 0x1f6feb,
  declined: 0x8b949e,
  info: 0x2da44e,
  refused: 0xd29922,
  error: 0xcf222e,
} as const;

export type MessagePayload = {
  content?: string;
  embeds: APIEmbed[];
  components: APIMessageTopLevelComponent[];
  allowedMentions: { parse: [] };
  files?: ReplyFile[];
};

/** State key asking the command for more results than it shows at first (the "More results" button). */
export const MORE_KEY = '@m';

/** State key carrying a logged answer's id instead of the question (see Reply.answerId). */
export const ANSWER_KEY = '@a';

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

/** An item's text with its marks in bold, everything escaped. */
export const renderItemText = (item: Pick<ReplyItem, 'text' | 'marks'>): string => {
  const marks = [...(item.marks ?? [])]
    .filter(([a, b]) => b > a && a >= 0 && b <= item.text.length)
    .sort((x, y) => x[0] - y[0]);
  let out = '';
  let at = 0;
  for (const [a, b] of marks) {
    if (a < at) continue;
    out += safeText(item.text.slice(at, a));
    const inner = safeText(item.text.slice(a, b));
    out += inner.trim() === '' ? inner : `**${inner}**`;
    at = b;
  }
  return out + safeText(item.text.slice(at));
};

/** One item as a line of the description, shortened (marks kept consistent) to fit `max`. */
export const renderItem = (item: ReplyItem, max: number): string => {
  const build = (it: ReplyItem) => {
    const heading = it.heading ? `__${safeText(it.heading)}__\n` : '';
    const marker = it.cite !== undefined ? ` [${it.cite}]` : '';
    return `${heading}${renderItemText(it)}${marker}`;
  };
  let line = build(item);
  let room = item.text.length;
  while (line.length > max && room > 20) {
    room = Math.floor(room * 0.8);
    const text = truncate(item.text, room);
    const keep = text.length - 1;
    const marks = (item.marks ?? []).filter(([, b]) => b <= keep);
    line = build({ ...item, text, marks });
  }
  return line.length > max ? truncate(line, max) : line;
};

export const sourceLine = (c: Citation): string => {
  const label = safeText(c.section ? `${c.title} — ${c.section}` : c.title);
  const edited =
    c.serverWritten && /^\d{4}-\d{2}-\d{2}/.test(c.serverWritten.updatedAt)
      ? `, last edited ${c.serverWritten.updatedAt.slice(0, 10)}`
      : '';
  const by = c.serverWritten ? ` (written by ${safeText(c.serverWritten.author)}${edited})` : '';
  const url = c.url && /^https?:\/\/[^\s<>()]+$/.test(c.url) ? c.url : null;
  return `[${c.n}] ${url ? `[${label}](${url})` : label}${by}`;
};

/** Source lines packed into as few ≤ 1024-character field values as possible. */
export const sourceFields = (citations: readonly Citation[], maxFields = 3): { name: string; value: string }[] => {
  const values: string[] = [];
  for (const c of citations) {
    const line = truncate(sourceLine(c), LIMITS.embedFieldValue);
    const last = values.at(-1);
    if (last !== undefined && last.length + 1 + line.length <= LIMITS.embedFieldValue)
      values[values.length - 1] = `${last}\n${line}`;
    else values.push(line);
  }
  const kept = values.slice(0, maxFields);
  return kept.map((value, i) => ({ name: i === 0 ? 'Sources' : 'Sources (continued)', value }));
};

// ---------------------------------------------------------------------------------------------
// Paging
// ---------------------------------------------------------------------------------------------

/** Room for the description of one page, leaving space for the rest of the embed. */
const DESCRIPTION_BUDGET = 3500;

/** Splits items into pages whose rendered description fits; each page has at least one item. */
export const paginate = (
  reply: Reply,
  budget = DESCRIPTION_BUDGET,
  escapedIntro = reply.intro ? safeInterfaceText(reply.intro) : '',
): string[][] => {
  const intro = escapedIntro ? `${escapedIntro}\n\n` : '';
  const pages: string[][] = [];
  let current: string[] = [];
  let used = intro.length;
  for (const item of reply.items) {
    const line = renderItem(item, budget - intro.length);
    const cost = line.length + 2;
    if (current.length > 0 && used + cost > budget) {
      pages.push(current);
      current = [];
      used = intro.length;
    }
    current.push(line);
    used += cost;
  }
  if (current.length > 0 || pages.length === 0) pages.push(current);
  return pages;
};

/** What a declined reply suggests instead, as bullets and a count of the rest. */
const suggestionList = (reply: Reply): string => {
  const { shown, more } = shortSuggestions(reply);
  const lines = shown.map((s) => `• ${safeText(s)}`);
  if (more > 0) lines.push(`…and ${more} more.`);
  return lines.join('\n');
};

export type RenderOptions = {
  /** The command and arguments that produced the reply, for paging/post buttons. */
  command?: string;
  args?: Record<string, string | number | boolean>;
  /** The asker: the only one who may page a private answer. */
  userId?: string;
  page?: number;
  /** Render as a public message (post-to-channel) even if the reply is private. */
  forcePublic?: boolean;
};

type CustomIdButtonStyle = Exclude<ButtonStyle, ButtonStyle.Link | ButtonStyle.Premium>;

const button = (
  custom_id: string,
  label: string,
  style: CustomIdButtonStyle,
  disabled = false,
): APIButtonComponent => ({
  type: ComponentType.Button,
  style,
  custom_id,
  label: truncate(label, LIMITS.buttonLabel),
  disabled,
});

/** Cited numbers that appear on a page's lines. */
const citedOn = (lines: string[]) =>
  new Set(lines.flatMap((l) => [...l.matchAll(/\[(\d+)\]$/gm)].map((m) => Number(m[1]))));

export const renderReply = (
  reply: Reply,
  opts: RenderOptions = {},
): MessagePayload & { ephemeral: boolean; page: number; pages: number } => {
  const ephemeral = !!reply.private && !opts.forcePublic;
  const title = truncate(safeText(reply.title || 'Checkpoint'), LIMITS.embedTitle);
  const colour = COLOURS[reply.outcome];

  const intro = reply.intro ? safeInterfaceText(reply.intro) : '';

  if (reply.outcome === 'declined' || (reply.items.length === 0 && reply.suggestions && reply.suggestions.length > 0)) {
    const parts = [intro || "I couldn't find that in the documents I cite, so I won't guess."];
    const list = suggestionList(reply);
    if (list) parts.push(list);
    const embed: APIEmbed = { title, description: truncate(parts.join('\n'), LIMITS.embedDescription), color: colour };
    return { ...payloadOf(embed, replyComponents(reply, opts, []), reply), ephemeral, page: 0, pages: 1 };
  }

  const pages = paginate(reply, DESCRIPTION_BUDGET, intro);
  const page = Math.min(Math.max(opts.page ?? 0, 0), pages.length - 1);
  const lines = pages[page]!;
  const description = truncate(`${intro ? `${intro}\n\n` : ''}${lines.join('\n\n')}`.trim(), LIMITS.embedDescription);
  const onPage = citedOn(lines);
  const cited = reply.citations.filter((c) => onPage.has(c.n));
  const fields = sourceFields(pages.length > 1 ? cited : reply.citations);
  const pageNote = pages.length > 1 ? `Page ${page + 1} of ${pages.length}` : '';
  const footerText = [reply.attribution, pageNote].filter(Boolean).join(' · ');
  const embed: APIEmbed = { title, color: colour };
  if (description) embed.description = description;
  if (fields.length) embed.fields = fields;
  if (footerText) embed.footer = { text: truncate(footerText, LIMITS.embedFooter) };
  // Last line of defence for the 6000 total: drop extra source fields, then shorten the description.
  while (embedLength(embed) > LIMITS.embedTotal && (embed.fields?.length ?? 0) > 1) embed.fields!.pop();
  if (embedLength(embed) > LIMITS.embedTotal && embed.description) {
    embed.description = truncate(
      embed.description,
      Math.max(0, embed.description.length - (embedLength(embed) - LIMITS.embedTotal)),
    );
  }

  const nav: APIButtonComponent[] = [];
  if (opts.command && opts.args) {
    const owner = ephemeral ? (opts.userId ?? null) : null;
    const base = { owner, command: opts.command, args: opts.args };
    if (pages.length > 1) {
      nav.push(
        button(
          encodeState({ ...base, action: 'pg', page: Math.max(page - 1, 0) }),
          '◀ Previous',
          ButtonStyle.Secondary,
          page === 0,
        ),
      );
      nav.push(
        button(
          encodeState({ ...base, action: 'pg', page: page + 1 }),
          'Next ▶',
          ButtonStyle.Secondary,
          page >= pages.length - 1,
        ),
      );
    }
    // More results: the same message rebuilt from the first page with the longer answer.
    if (reply.more)
      nav.push(
        button(
          encodeState({ ...base, action: 'pg', page: 0, args: { ...opts.args, [MORE_KEY]: true } }),
          'More results',
          ButtonStyle.Secondary,
        ),
      );
    if (ephemeral && reply.shareable !== false)
      nav.push(button(encodeState({ ...base, action: 'post', page: 0 }), 'Post to channel', ButtonStyle.Primary));
  }
  return { ...payloadOf(embed, replyComponents(reply, opts, nav), reply), ephemeral, page, pages: pages.length };
};

const payloadOf = (embed: APIEmbed, components: APIMessageTopLevelComponent[], reply: Reply): MessagePayload => ({
  embeds: [embed],
  components,
  allowedMentions: { parse: [] },
  ...(reply.files?.length ? { files: reply.files.slice(0, LIMITS.files) } : {}),
});

const STYLE: Record<ReplyButtonStyle, CustomIdButtonStyle> = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
};

const selectMenu = (s: ReturnType<typeof selectsOf>[number]): APIStringSelectComponent | null => {
  const seen = new Set<string>();
  const options = [];
  for (const o of s.options) {
    const value = sliceUnits(o.value, LIMITS.selectOptionText);
    if (!value || seen.has(value) || options.length >= LIMITS.selectOptions) continue;
    seen.add(value);
    options.push({
      label: truncate(o.label || value, LIMITS.selectOptionText),
      value,
      ...(o.description ? { description: truncate(o.description, LIMITS.selectOptionText) } : {}),
      ...(o.default ? { default: true } : {}),
    });
  }
  if (options.length === 0) return null;
  const max = Math.min(Math.max(s.max, 1), options.length);
  const min = Math.min(Math.max(s.min, 0), max);
  return {
    type: ComponentType.StringSelect,
    custom_id: encodeAction('select', s.action, s.args),
    placeholder: truncate(s.placeholder, LIMITS.selectPlaceholder),
    min_values: min,
    max_values: max,
    options,
  };
};

/**
 * Rows in order of importance, at most 5: paging, then select menus (one per row), then the
 * reply's buttons (5 per row). What does not fit is left out.
 */
const replyComponents = (
  reply: Reply,
  opts: RenderOptions,
  nav: APIButtonComponent[],
): APIMessageTopLevelComponent[] => {
  const rows: APIActionRowComponent<APIButtonComponent | APIStringSelectComponent>[] = [];
  if (nav.length) rows.push({ type: ComponentType.ActionRow, components: nav });
  const seen = new Set(nav.map((b) => ('custom_id' in b ? b.custom_id : '')));
  for (const s of selectsOf(reply)) {
    const menu = selectMenu(s);
    if (!menu || seen.has(menu.custom_id) || rows.length >= LIMITS.actionRows) continue;
    seen.add(menu.custom_id);
    rows.push({ type: ComponentType.ActionRow, components: [menu] });
  }
  const extra: APIButtonComponent[] = [];
  for (const b of reply.buttons ?? []) {
    if (b.kind === 'link') {
      if (/^https?:\/\//.test(b.url))
        extra.push({
          type: ComponentType.Button,
          style: ButtonStyle.Link,
          url: b.url,
          label: truncate(b.label, LIMITS.buttonLabel),
        });
      continue;
    }
    const id =
      b.kind === 'action'
        ? encodeAction('button', b.action, b.args)
        : encodeState({
            action: 'run',
            page: 0,
            owner: reply.private && !opts.forcePublic ? (opts.userId ?? null) : null,
            command: b.command,
            args: b.args,
          });
    if (seen.has(id)) continue;
    seen.add(id);
    extra.push(
      b.kind === 'action'
        ? button(id, b.label, STYLE[b.style ?? 'secondary'], b.disabled ?? false)
        : button(id, b.label, ButtonStyle.Secondary),
    );
  }
  for (let i = 0; i < extra.length && rows.length < LIMITS.actionRows; i += LIMITS.buttonsPerRow)
    rows.push({ type: ComponentType.ActionRow, components: extra.slice(i, i + LIMITS.buttonsPerRow) });
  return rows;
};

/** A form as Discord's modal: labelled text inputs, the action and its arguments in the custom_id. */
export const renderModal = (modal: ReplyModal): APIModalInteractionResponseCallbackData =>
  ({
    title: truncate(modal.title, LIMITS.formTitle),
    custom_id: encodeAction('modal', modal.action, modal.args),
    components: modal.fields.slice(0, LIMITS.formFields).map((f) => {
      const max = Math.min(Math.max(f.maxLength, 1), LIMITS.formFieldValue);
      return {
        type: ComponentType.Label,
        label: truncate(f.label, LIMITS.formFieldLabel),
        component: {
          type: ComponentType.TextInput,
          custom_id: f.id,
          style: f.style === 'short' ? TextInputStyle.Short : TextInputStyle.Paragraph,
          required: f.required,
          max_length: max,
          ...(f.value ? { value: sliceUnits(f.value, max) } : {}),
          ...(f.placeholder ? { placeholder: truncate(f.placeholder, LIMITS.formFieldPlaceholder) } : {}),
        },
      };
    }),
  }) as unknown as APIModalInteractionResponseCallbackData;

/** A short text-only message (refusals, errors, stale buttons). */
export const renderNotice = (text: string): MessagePayload => ({
  content: truncate(text, LIMITS.content),
  embeds: [],
  components: [],
  allowedMentions: { parse: [] },
});
