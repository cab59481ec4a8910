/**
 * `/help` — every command with its description and options, generated from the registry so it
 * can never fall out of date. The registry passes itself in (see index.ts).
 */
import { defineCommand, describeOptionList, type AnyCommand } from '../src/command.js';
import type { Reply, ReplyItem } from '../src/answers/reply.js';

/** `level: <emerging|…> [topic: <text>]`, or for a command with subcommands `post|add|remove|stats`. */
export const describeOptions = (cmd: AnyCommand): string => {
  const subs = Object.keys(cmd.subcommands ?? {});
  return subs.length > 0 ? subs.join('|') : describeOptionList(cmd.options);
};

export const helpReply = (commands: readonly AnyCommand[]): Reply => ({
  outcome: 'info',
  title: 'Commands',
  intro: 'Ask a question with /ask, or use a command:',
  items: commands.map((c): ReplyItem => {
    const opts = describeOptions(c);
    return { heading: `/${c.name}${opts ? ` ${opts}` : ''}`, text: c.description };
  }),
  citations: [],
});

export const createHelpCommand = (registry: () => readonly AnyCommand[]) => {
  // The registry is fixed once loaded: build the list once, hand out copies (transports may add to a reply).
  let built: Reply | undefined;
  return defineCommand({
    name: 'help',
    description: 'List my commands',
    options: {},
    run: () => structuredClone((built ??= helpReply(registry()))),
  });
};
