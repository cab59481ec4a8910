/** `/progress show [level]` and `/progress forget` — a member's own checklist progress in this server. */
import { defineAction, defineCommand, defineSubcommand } from '../src/command.js';
import { LEVEL_NAMES, progressBar } from '../src/answers/views/checklist.js';
import { checklistItems } from './checklist-items.js';
import { gate, privateNotice, withStore } from './guard.js';
import { LEVELS } from '../src/corpus/types.js';
import type { Reply } from '../src/answers/reply.js';
import { memberView } from './checklist.js';

export const progress = defineCommand({
  name: 'progress',
  description: 'Your checklist progress in this server, or forget it',
  subcommands: {
    show: defineSubcommand({
      description: 'Your progress on every level at a glance, or one level in full',
      options: {
        level: { type: 'string', description: 'One level in full, with menus to tick items', choices: LEVELS },
      },
      run: (ctx, { level }) =>
        withStore((): Reply => {
          const g = gate(ctx, 'member');
          if (!g.ok) return g.reply;
          if (level) return memberView(ctx, g.guildId, level);
          const ticked = new Set(ctx.store.checklists.progress(g.guildId, ctx.userId));
          const items = LEVELS.map((lv) => {
            const all = checklistItems(ctx.kb, ctx.store, g.guildId, lv);
            return {
              text: `${LEVEL_NAMES[lv]}  ${progressBar(all.filter((i) => ticked.has(i.id)).length, all.length)}`,
            };
          });
          return {
            outcome: 'info',
            title: 'Your progress',
            intro: 'Your ticks in this server. Open a level to tick or untick items.',
            items,
            citations: [],
            private: true,
            shareable: false,
            buttons: LEVELS.map((lv) => ({
              kind: 'action' as const,
              label: `Open ${LEVEL_NAMES[lv]}`,
              action: 'track',
              args: [lv, 'u'],
            })),
          };
        }),
    }),
    forget: defineSubcommand({
      description: 'Delete your own checklist ticks, votes and questions in this server',
      options: {},
      run: (ctx) => {
        const g = gate(ctx, 'member');
        if (!g.ok) return g.reply;
        return {
          ...privateNotice(
            'Forget my data?',
            'This deletes your checklist ticks, your Helpful/Not helpful votes and the questions you asked in this server. It cannot be undone.',
          ),
          buttons: [
            { kind: 'action', label: 'Delete my data', action: 'forget', style: 'danger' },
            { kind: 'action', label: 'Cancel', action: 'cancel', style: 'secondary' },
          ],
        };
      },
    }),
  },
});

/** The confirmation of /progress forget. */
export const forget = defineAction({
  name: 'forget',
  from: 'button',
  run: (ctx) =>
    withStore(() => {
      const g = gate(ctx, 'member');
      if (!g.ok) return g.reply;
      const n = ctx.store.forgetMember(g.guildId, ctx.userId);
      return {
        ...privateNotice(
          'Your data is deleted',
          `Deleted ${n.ticks} checklist tick${n.ticks === 1 ? '' : 's'}, ${n.votes} vote${n.votes === 1 ? '' : 's'} and ${n.questions} question${n.questions === 1 ? '' : 's'} from this server.`,
        ),
        update: true,
      };
    }),
});

/** Any "Cancel" on a confirmation: replaces it, nothing else happens. */
export const cancel = defineAction({
  name: 'cancel',
  from: 'button',
  run: () => ({ ...privateNotice('Cancelled', 'Nothing was deleted.'), update: true }),
});
