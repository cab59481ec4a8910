/**
 * One console line → one Reply: free questions go to the answer layer, slash commands run
 * through the same registry, parseOptions and handlers as Discord. Errors become a short reply.
 */
import { parseOptions, type AnyCommand, type CommandContext } from '../command.js';
import type { KnowledgeBase } from '../knowledge.js';
import { notice, type Reply } from '../reply.js';
import { askView } from '../answers/views.js';
import { parseConsoleInput } from './parse.js';

export const consoleContext = (kb: KnowledgeBase): CommandContext => ({
  kb,
  guildId: null,
  channelId: null,
  userId: 'console',
  userName: 'console',
  canManageGuild: true,
  roleIds: [],
});

export type LineResult = { kind: 'reply'; reply: Reply } | { kind: 'quit' } | { kind: 'none' };

const commandList = (commands: readonly AnyCommand[]) => [...commands.map((c) => `/${c.name}`), '/quit'].join(', ');

const shortError = (e: unknown) => {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 200);
};

export const handleLine = async (kb: KnowledgeBase, line: string, commands: readonly AnyCommand[]): Promise<LineResult> => {
  try {
    const input = parseConsoleInput(line, commands);
    switch (input.kind) {
      case 'empty':
        return { kind: 'none' };
      case 'quit':
        return { kind: 'quit' };
      case 'question':
        return { kind: 'reply', reply: askView(kb, input.text) };
      case 'unknown-command':
        return { kind: 'reply', reply: notice('Unknown command', `There is no /${input.name}. Commands: ${commandList(commands)}.`, 'refused') };
      case 'error':
        return { kind: 'reply', reply: notice('Check your options', input.message, 'refused') };
      case 'command': {
        const parsed = parseOptions(input.command, input.raw);
        if (!parsed.ok) return { kind: 'reply', reply: notice('Check your options', parsed.error, 'refused') };
        const reply = await input.command.run(consoleContext(kb), parsed.values as never);
        return { kind: 'reply', reply };
      }
    }
  } catch (e) {
    return { kind: 'reply', reply: notice('Something went wrong', `Sorry, that failed: ${shortError(e)}`, 'error') };
  }
};
