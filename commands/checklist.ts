/**
 * `/checklist post|add|remove|stats` — level checklists for a server (mentors), and the
 * actions behind their "Track my progress" button and tick menus (members).
 */
import { defineAction, defineCommand, defineSubcommand, type Choice, type CommandContext } from '../src/command.js';
import { LEVEL_NAMES, memberChecklist, postedChecklist } from '../src/answers/views/checklist.js';
import { gate, privateNotice, refusal, withStore } from './guard.js';
import { LEVELS, type Level } from '../src/corpus/types.js';
import type { Reply, ReplyItem } from '../src/answers/reply.js';
import { CHECKLIST_LIMITS, StoreError, type CustomItem } from '../src/store/index.js';
import { truncate } from '../src/text/cut.js';
import { applySelection, asLevel, checklistItems, menuItems } from './checklist-items.js';
import { rankChoices } from './choices.js';

const level = { type: 'string', description: 'The level', required: true, choices: LEVELS } as const;

/** `custom:12`, `c12`, `#12`, `12`, or the item's exact text. */
const findCustomItem = (ctx: CommandContext, guildId: string, typed: string): CustomItem | null => {
  const t = typed.trim();
  const n = /^(?:custom:|c|#)?(\d{1,12})$/i.exec(t)?.[1];
  if (n) return ctx.store.checklists.getCustomItem(guildId, `custom:${Number(n)}`);
  const lower = t.toLowerCase();
  for (const lv of LEVELS) {
    const hit = ctx.store.checklists.listCustomItems(guildId, lv).find((c) => c.text.toLowerCase() === lower);
    if (hit) return hit;
  }
  return null;
};

export const checklist = defineCommand({
  name: 'checklist',
  description: "Level checklists: post one, add or remove the server's own items, see progress (mentors)",
  subcommands: {
    post: defineSubcommand({
      description: "Post a level's checklist with a Track my progress button (mentors)",
      options: { level },
      run: (ctx, { level: lv }) =>
        withStore(() => {
          // Paging a checklist already posted shows it to whoever presses; posting needs a mentor.
          const g = gate(ctx, ctx.paging ? 'member' : 'mentor');
          if (!g.ok) return g.reply;
          return postedChecklist(ctx.kb, lv, checklistItems(ctx.kb, ctx.store, g.guildId, lv));
        }),
    }),
    add: defineSubcommand({
      description: "Add the server's own item to a level's checklist (mentors)",
      options: {
        level,
        text: {
          type: 'string',
          description: 'The item, e.g. "Shadow a port inspection"',
          required: true,
          maxLength: CHECKLIST_LIMITS.customText,
        },
      },
      run: (ctx, { level: lv, text }) =>
        withStore(() => {
          const g = gate(ctx, 'mentor');
          if (!g.ok) return g.reply;
          const item = ctx.store.checklists.addCustomItem(
            g.guildId,
            { level: lv, text },
            { id: ctx.userId, name: ctx.userName },
          );
          const count = ctx.store.checklists.listCustomItems(g.guildId, lv).length;
          return {
            ...privateNotice(
              'Item added',
              `Added to the ${LEVEL_NAMES[lv]} checklist (${count} of the server's own items there). Post it with /checklist post.`,
            ),
            items: [{ text: item.text }],
          };
        }),
    }),
    remove: defineSubcommand({
      description: "Remove one of the server's own checklist items (mentors)",
      options: {
        item: {
          type: 'string',
          description: 'The item to remove',
          required: true,
          autocomplete: true,
          maxLength: CHECKLIST_LIMITS.customText,
        },
      },
      run: (ctx, { item }) =>
        withStore(() => {
          const g = gate(ctx, 'mentor');
          if (!g.ok) return g.reply;
          const found = findCustomItem(ctx, g.guildId, item);
          if (!found)
            return privateNotice(
              'No such item',
              "I can't find that item among this server's own checklist items. Pick one from the suggestions.",
              'refused',
            );
          const { removed, ticksRemoved } = ctx.store.checklists.removeCustomItem(g.guildId, found.id);
          if (!removed) return privateNotice('No such item', 'That item was already removed.', 'refused');
          return {
            ...privateNotice(
              'Item removed',
              `Removed from the ${LEVEL_NAMES[removed.level]} checklist (it was ticked by ${ticksRemoved} member${ticksRemoved === 1 ? '' : 's'}):`,
            ),
            items: [{ text: removed.text }],
          };
        }),
      autocomplete: (ctx, _option, typed) => {
        if (!ctx.guildId || !ctx.store.available) return [];
        try {
          const all = LEVELS.flatMap((lv) => ctx.store.checklists.listCustomItems(ctx.guildId!, lv));
          return rankChoices(
            all.map((c): Choice => ({ name: `[${c.level}] ${c.text}`, value: c.id })),
            typed,
          );
        } catch (err) {
          if (err instanceof StoreError) return [];
          throw err;
        }
      },
    }),
    stats: defineSubcommand({
      description: 'How many members ticked each item of a level (mentors)',
      options: { level },
      run: (ctx, { level: lv }) =>
        withStore(() => {
          const g = gate(ctx, 'mentor');
          if (!g.ok) return g.reply;
          const items = checklistItems(ctx.kb, ctx.store, g.guildId, lv);
          const counts = ctx.store.checklists.stats(
            g.guildId,
            items.map((i) => i.id),
          );
          const lines: ReplyItem[] = items.map((i, k) => {
            const n = counts.get(i.id) ?? 0;
            const line: ReplyItem = { text: `${n} member${n === 1 ? '' : 's'} — ${k + 1}. ${truncate(i.text, 150)}` };
            if (i.source === 'server' && (k === 0 || items[k - 1]!.source !== 'server'))
              line.heading = "This server's own items";
            return line;
          });
          return {
            outcome: 'info',
            title: `${LEVEL_NAMES[lv]} checklist — who ticked what`,
            intro: 'Members who ticked each item in this server.',
            items: lines,
            citations: [],
            private: true,
          };
        }),
    }),
  },
});

/** The member's checklist for a level, fresh from the store. */
export const memberView = (ctx: CommandContext, guildId: string, lv: Level): Reply => {
  const items = checklistItems(ctx.kb, ctx.store, guildId, lv);
  return memberChecklist(ctx.kb, lv, items, new Set(ctx.store.checklists.progress(guildId, ctx.userId)));
};

/** "Track my progress": the member's private checklist (args: level, and 'u' to replace the message it was pressed on). */
export const track = defineAction({
  name: 'track',
  from: 'button',
  run: (ctx, [lv, mode]) =>
    withStore(() => {
      const g = gate(ctx, 'member');
      if (!g.ok) return g.reply;
      const l = asLevel(lv);
      if (!l)
        return refusal(
          'This button is from an older version of Checkpoint. Please run the command again.',
          'Out of date',
        );
      const reply = memberView(ctx, g.guildId, l);
      if (mode === 'u') reply.update = true;
      return reply;
    }),
});

/** A tick menu: the chosen items of that menu become exactly the member's ticks there. */
export const tick = defineAction({
  name: 'tick',
  from: 'select',
  run: (ctx, [lv, ...range], input) =>
    withStore(() => {
      const g = gate(ctx, 'member');
      if (!g.ok) return g.reply;
      const l = asLevel(lv);
      const part = l ? menuItems(checklistItems(ctx.kb, ctx.store, g.guildId, l), range) : null;
      if (!l || !part)
        return refusal(
          'This menu is from an older version of Checkpoint. Please run the command again.',
          'Out of date',
        );
      applySelection(ctx.store, g.guildId, ctx.userId, part, input.values);
      const reply = memberView(ctx, g.guildId, l);
      reply.update = true;
      return reply;
    }),
});
