/**
 * `/faq …` — the server's own FAQ, written by its recruiters and searched by /ask beside the
 * documents (cited as server-written). Add and edit open a form; export/import move it between
 * servers as a JSON file.
 */
import { defineAction, defineCommand, defineSubcommand, type Choice, type CommandContext } from '../src/command.js';
import { gate, privateNotice, storeFailure, withStore } from './guard.js';
import type { ModalField, Reply, ReplyItem, ReplyModal } from '../src/answers/reply.js';
import { faqCitationOf } from '../src/answers/server-faq.js';
import { FAQ_LIMITS, StoreError, textKey, type FaqEntry } from '../src/store/index.js';
import { REPLY_LIMITS } from '../src/answers/reply-limits.js';
import { rankChoices } from './choices.js';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** One entry, quoted and cited as the server's FAQ. */
export const entryReply = (e: FaqEntry, intro?: string): Reply => ({
  outcome: 'info',
  title: e.question,
  // The author's name is shown (escaped) in the citation, not here: intros are fixed interface text.
  intro: [
    intro,
    `Server FAQ #${e.id}: written by this server's recruiters, not a published source. Last edited ${day(e.updatedAt)}.`,
  ]
    .filter(Boolean)
    .join('\n'),
  items: [{ text: e.answer, cite: 1 }],
  citations: [{ ...faqCitationOf(e), n: 1 }],
});

const fields = (e?: FaqEntry): ModalField[] => [
  {
    id: 'question',
    label: 'Question',
    style: 'short',
    required: true,
    maxLength: FAQ_LIMITS.question,
    ...(e ? { value: e.question } : {}),
    placeholder: 'When are the next hiring events?',
  },
  {
    id: 'answer',
    label: 'Answer',
    style: 'paragraph',
    required: true,
    maxLength: FAQ_LIMITS.answer,
    ...(e ? { value: e.answer } : {}),
  },
  {
    id: 'link',
    label: 'Link (optional)',
    style: 'short',
    required: false,
    maxLength: FAQ_LIMITS.link,
    ...(e?.link ? { value: e.link } : {}),
    placeholder: 'https://…',
  },
];

const form = (title: string, modal: ReplyModal): Reply => ({
  outcome: 'info',
  title,
  items: [],
  citations: [],
  private: true,
  modal,
});

/**
 * `12`, `#12`, or a question: the same question (case and spacing aside), else — unless `exact`
 * — the first whose words start with what was typed.
 */
const findEntry = (
  ctx: CommandContext,
  guildId: string,
  typed: string,
  o: { exact?: boolean } = {},
): FaqEntry | null => {
  const n = /^#?(\d{1,12})$/.exec(typed.trim())?.[1];
  if (n) return ctx.store.faq.get(guildId, Number(n));
  const key = textKey(typed);
  const found = ctx.store.faq.find(guildId, typed, REPLY_LIMITS.autocompleteChoices);
  return found.find((e) => textKey(e.question) === key) ?? (o.exact ? null : (found[0] ?? null));
};

const notFound = (hint = 'Pick one from the suggestions, or see /faq list.') =>
  privateNotice('No such entry', `I can't find that entry in this server's FAQ. ${hint}`, 'refused');

const entryChoices = (ctx: CommandContext, typed: string): Choice[] => {
  if (!ctx.guildId || !ctx.store.available) return [];
  try {
    return rankChoices(
      ctx.store.faq
        .find(ctx.guildId, typed, REPLY_LIMITS.autocompleteChoices)
        .map((e) => ({ name: `#${e.id} ${e.question}`, value: String(e.id) })),
      '',
    );
  } catch (err) {
    if (err instanceof StoreError) return [];
    throw err;
  }
};

const entry = {
  type: 'string',
  description: 'The entry',
  required: true,
  autocomplete: true,
  maxLength: FAQ_LIMITS.question,
} as const;

export const FAQ_IMPORT_MAX_BYTES = 4 * 1024 * 1024;

const entries = (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}`;

export const faq = defineCommand({
  name: 'faq',
  description: "This server's own FAQ, written by its recruiters and searched by /ask",
  subcommands: {
    add: defineSubcommand({
      description: 'Write a new entry (recruiters)',
      options: {},
      run: (ctx) =>
        withStore(() => {
          const g = gate(ctx, 'recruiter');
          if (!g.ok) return g.reply;
          if (ctx.store.faq.count(g.guildId) >= FAQ_LIMITS.entriesPerGuild) {
            return privateNotice(
              'The FAQ is full',
              `This server already has ${FAQ_LIMITS.entriesPerGuild} FAQ entries, the most allowed. Remove one before adding another.`,
              'refused',
            );
          }
          return form('New FAQ entry', { action: 'faq-add', title: 'New FAQ entry', fields: fields() });
        }),
    }),
    edit: defineSubcommand({
      description: 'Change an entry (recruiters)',
      options: { entry },
      run: (ctx, { entry: typed }) =>
        withStore(() => {
          const g = gate(ctx, 'recruiter');
          if (!g.ok) return g.reply;
          const e = findEntry(ctx, g.guildId, typed);
          if (!e) return notFound();
          return form(`Edit FAQ #${e.id}`, {
            action: 'faq-edit',
            args: [String(e.id)],
            title: `Edit FAQ entry #${e.id}`,
            fields: fields(e),
          });
        }),
      autocomplete: (ctx, _o, typed) => entryChoices(ctx, typed),
    }),
    remove: defineSubcommand({
      description: 'Delete an entry (recruiters)',
      options: { entry },
      run: (ctx, { entry: typed }) =>
        withStore(() => {
          const g = gate(ctx, 'recruiter');
          if (!g.ok) return g.reply;
          // Deleting takes no guesses: the id (what autocomplete sends) or the whole question.
          const e = findEntry(ctx, g.guildId, typed, { exact: true });
          const removed = e ? ctx.store.faq.remove(g.guildId, e.id) : null;
          if (!removed)
            return notFound('To remove one, pick it from the suggestions or type its number (see /faq list).');
          return {
            ...privateNotice('Entry removed', `Removed FAQ #${removed.id}. /ask no longer cites it.`),
            items: [{ text: removed.question }],
          };
        }),
      autocomplete: (ctx, _o, typed) => entryChoices(ctx, typed),
    }),
    list: defineSubcommand({
      description: "Every question in this server's FAQ",
      options: {},
      run: (ctx) =>
        withStore((): Reply => {
          const g = gate(ctx, 'member');
          if (!g.ok) return g.reply;
          const all = ctx.store.faq.list(g.guildId);
          if (all.length === 0) {
            return {
              outcome: 'info',
              title: 'Server FAQ',
              intro: "This server's FAQ is empty. Recruiters can add entries with /faq add.",
              items: [],
              citations: [],
            };
          }
          return {
            outcome: 'info',
            title: 'Server FAQ',
            intro: `${entries(all.length)}, written by this server's recruiters. See one with /faq show.`,
            items: all.map((e): ReplyItem => ({ text: `#${e.id} ${e.question}` })),
            citations: [],
          };
        }),
    }),
    show: defineSubcommand({
      description: 'Show one entry',
      options: { entry },
      run: (ctx, { entry: typed }) =>
        withStore(() => {
          const g = gate(ctx, 'member');
          if (!g.ok) return g.reply;
          const e = findEntry(ctx, g.guildId, typed);
          return e ? entryReply(e) : notFound();
        }),
      autocomplete: (ctx, _o, typed) => entryChoices(ctx, typed),
    }),
    export: defineSubcommand({
      description: "Download this server's FAQ as a JSON file (recruiters)",
      options: {},
      run: (ctx) =>
        withStore((): Reply => {
          const g = gate(ctx, 'recruiter');
          if (!g.ok) return g.reply;
          const data = ctx.store.faq.exportEntries(g.guildId);
          return {
            ...privateNotice(
              'FAQ export',
              `${entries(data.entries.length)} attached. Load them into a server with /faq import.`,
            ),
            files: [{ name: 'checkpoint-faq.json', content: `${JSON.stringify(data, null, 2)}\n` }],
          };
        }),
    }),
    import: defineSubcommand({
      description: 'Load entries from a /faq export file; all or nothing (recruiters)',
      // 500 entries of the longest non-Latin text (3 bytes a character) come to about 3 MB.
      options: {
        file: {
          type: 'attachment',
          description: 'A JSON file made by /faq export',
          required: true,
          maxBytes: FAQ_IMPORT_MAX_BYTES,
        },
      },
      run: (ctx, { file }) =>
        withStore(() => {
          const g = gate(ctx, 'recruiter');
          if (!g.ok) return g.reply;
          let data: unknown;
          try {
            data = JSON.parse(file.content.replace(/^\uFEFF/, ''));
          } catch {
            return privateNotice(
              'Nothing imported',
              'The file is not valid JSON. Use a file made by /faq export.',
              'refused',
            );
          }
          try {
            const r = ctx.store.faq.importEntries(g.guildId, data, { id: ctx.userId, name: ctx.userName });
            return privateNotice(
              'FAQ imported',
              `Imported: ${r.added} added, ${r.updated} updated, ${r.unchanged} unchanged.`,
            );
          } catch (err) {
            // All or nothing: whatever the reason, the server's FAQ is as it was.
            return { ...storeFailure(err), title: 'Nothing imported' };
          }
        }),
    }),
    gaps: defineSubcommand({
      description: 'Questions members asked here that went unanswered or unhelpful (recruiters, mentors)',
      options: {},
      run: (ctx) =>
        withStore((): Reply => {
          const g = gate(ctx, 'mentor-or-recruiter');
          if (!g.ok) return g.reply;
          const gaps = ctx.store.answers.gaps(g.guildId, { limit: 25 });
          if (gaps.length === 0)
            return privateNotice(
              'No gaps',
              'No question asked here was declined or voted not helpful (in the last 90 days).',
            );
          return {
            outcome: 'info',
            title: 'Questions to answer',
            intro: 'Asked here and declined or voted not helpful, most frequent first. Answer them with /faq add.',
            items: gaps.map((x) => {
              const why = [
                x.declined ? `${x.declined} declined` : '',
                x.notHelpful ? `${x.notHelpful} not helpful` : '',
              ]
                .filter(Boolean)
                .join(', ');
              return { text: `${x.count}× “${x.example}” (${why}; last ${day(x.lastAskedAt)})` };
            }),
            citations: [],
            private: true,
            shareable: false,
          };
        }),
    }),
  },
});

const faqInput = (f: Readonly<Record<string, string>>) => ({
  question: f.question ?? '',
  answer: f.answer ?? '',
  link: f.link ?? '',
});

/**
 * A form that could not be saved (too long, duplicate, bad link, the entry gone, saving down,
 * the recruiter role taken away meanwhile): the reason, and what was typed so nothing has to be
 * written again from memory.
 */
const notSaved = (reason: Reply, f: Readonly<Record<string, string>>): Reply => {
  const typed: ReplyItem[] = [
    { heading: 'Your question', text: f.question || '(empty)' },
    { heading: 'Your answer', text: f.answer || '(empty)' },
  ];
  if (f.link) typed.push({ heading: 'Your link', text: f.link });
  return {
    ...reply(reason),
    title: 'Not saved',
    intro: `${reason.intro ?? ''} Here is what you wrote, to copy into a new /faq add or /faq edit:`,
    items: typed,
  };
};
const reply = (r: Reply): Reply => ({ ...r, private: true, shareable: false });

/** Runs a form's save, turning every refusal into `notSaved` with the typed text. */
const saveForm = (
  ctx: CommandContext,
  fields: Readonly<Record<string, string>>,
  save: (guildId: string) => Reply,
): Promise<Reply> =>
  withStore(() => {
    const g = gate(ctx, 'recruiter');
    if (!g.ok) return notSaved(g.reply, fields);
    try {
      return save(g.guildId);
    } catch (err) {
      return notSaved(storeFailure(err), fields);
    }
  });

/** The "New FAQ entry" form was submitted. */
export const faqAdd = defineAction({
  name: 'faq-add',
  from: 'modal',
  run: (ctx, _args, input) =>
    saveForm(ctx, input.fields, (guildId) => {
      const e = ctx.store.faq.add(guildId, faqInput(input.fields), { id: ctx.userId, name: ctx.userName });
      return { ...entryReply(e, `Added to this server's FAQ as #${e.id}. /ask now finds it.`), private: true };
    }),
});

/** The "Edit FAQ entry" form was submitted. */
export const faqEdit = defineAction({
  name: 'faq-edit',
  from: 'modal',
  run: (ctx, [id], input) =>
    saveForm(ctx, input.fields, (guildId) => {
      const n = /^\d{1,12}$/.test(id ?? '') ? Number(id) : null;
      if (n === null)
        return notSaved(
          privateNotice('Out of date', 'This form is from an older version of Checkpoint.', 'refused'),
          input.fields,
        );
      const e = ctx.store.faq.edit(guildId, n, faqInput(input.fields), ctx.userId);
      return { ...entryReply(e, `Saved FAQ #${e.id}.`), private: true };
    }),
});
