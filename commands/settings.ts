/** `/settings view|set|purge` — who the mentors and recruiters are, and how answers are shown (Manage Server). */
import { defineAction, defineCommand, defineSubcommand } from '../src/command.js';
import { gate, privateNotice, withStore } from './guard.js';
import { roleRef, type Reply } from '../src/answers/reply.js';
import type { GuildSettings, SettingsPatch } from '../src/store/index.js';

const role = (id: string | null) => (id ? roleRef(id) : 'not set (members with Manage Server only)');

export const settingsReply = (s: GuildSettings, intro?: string): Reply => ({
  outcome: 'info',
  title: 'Checkpoint settings',
  intro: [
    intro,
    `Mentor role: ${role(s.mentorRoleId)}`,
    `Recruiter role: ${role(s.recruiterRoleId)}`,
    `Answers private by default: ${s.answersPrivate ? 'yes' : 'no'}`,
    `Continue in threads: ${s.continueInThreads ? 'yes' : 'no'}`,
  ]
    .filter(Boolean)
    .join('\n'),
  items: [],
  citations: [],
  private: true,
  shareable: false,
});

export const settings = defineCommand({
  name: 'settings',
  description: "Checkpoint's settings for this server (Manage Server)",
  subcommands: {
    view: defineSubcommand({
      description: 'Show the settings',
      options: {},
      run: (ctx) =>
        withStore(() => {
          const g = gate(ctx, 'admin');
          if (!g.ok) return g.reply;
          return settingsReply(ctx.store.settings.get(g.guildId));
        }),
    }),
    set: defineSubcommand({
      description: 'Change settings; leave out what stays the same',
      options: {
        'mentor-role': { type: 'role', description: 'Members with this role are mentors (checklists)' },
        'recruiter-role': { type: 'role', description: 'Members with this role are recruiters (server FAQ)' },
        'answers-private': {
          type: 'boolean',
          description: 'Answers only the asker sees, unless they choose otherwise',
        },
        threads: { type: 'boolean', description: 'Continue conversations in threads' },
        clear: { type: 'string', description: 'Unset a role', choices: ['mentor-role', 'recruiter-role', 'both'] },
      },
      run: (ctx, o) =>
        withStore(() => {
          const g = gate(ctx, 'admin');
          if (!g.ok) return g.reply;
          const patch: SettingsPatch = {};
          if (o.clear === 'mentor-role' || o.clear === 'both') patch.mentorRoleId = null;
          if (o.clear === 'recruiter-role' || o.clear === 'both') patch.recruiterRoleId = null;
          if (o['mentor-role'] !== undefined) patch.mentorRoleId = o['mentor-role'];
          if (o['recruiter-role'] !== undefined) patch.recruiterRoleId = o['recruiter-role'];
          if (o['answers-private'] !== undefined) patch.answersPrivate = o['answers-private'];
          if (o.threads !== undefined) patch.continueInThreads = o.threads;
          if (Object.keys(patch).length === 0)
            return settingsReply(ctx.store.settings.get(g.guildId), 'Nothing to change. The settings are:');
          return settingsReply(ctx.store.settings.update(g.guildId, patch, ctx.userId), 'Saved. The settings are now:');
        }),
    }),
    purge: defineSubcommand({
      description: 'Delete everything Checkpoint stored for this server (asks to confirm)',
      options: {},
      run: (ctx) => {
        const g = gate(ctx, 'admin');
        if (!g.ok) return g.reply;
        return {
          ...privateNotice(
            'Delete all of this server’s data?',
            "This deletes this server's settings, FAQ, checklist items, every member's ticks, and the question log with its votes. It cannot be undone. (Export the FAQ first with /faq export if you want to keep it.)",
          ),
          buttons: [
            { kind: 'action', label: 'Delete everything', action: 'purge', style: 'danger' },
            { kind: 'action', label: 'Cancel', action: 'cancel', style: 'secondary' },
          ],
        };
      },
    }),
  },
});

/** The confirmation of /settings purge: Manage Server is checked again when pressed. */
export const purge = defineAction({
  name: 'purge',
  from: 'button',
  run: (ctx) =>
    withStore(() => {
      const g = gate(ctx, 'admin');
      if (!g.ok) return g.reply;
      const n = ctx.store.purgeGuild(g.guildId);
      return {
        ...privateNotice(
          "This server's data is deleted",
          `Deleted ${n.faqEntries} FAQ entries, ${n.customItems} checklist items, ${n.ticks} ticks, ${n.answers} logged questions and ${n.votes} votes${n.settings ? ', and the settings' : ''}.`,
        ),
        update: true,
      };
    }),
});
