/**
 * Autocomplete: the command's suggestions for the focused option, de-duplicated and cut to
 * Discord's limits. A failure is reported like any other but answered with an empty list, since
 * autocomplete cannot show a message.
 */
import type { AutocompleteInteraction } from 'discord.js';
import { autocompleteFor } from '../../command.js';
import { reportFailure } from '../failure.js';
import { LIMITS, truncate } from '../limits.js';
import type { Handling, Routed } from './context.js';

export const handleAutocomplete = async (h: Handling, i: AutocompleteInteraction): Promise<Routed> => {
  try {
    const focused = i.options.getFocused(true);
    const subcommand = i.options.getSubcommand(false);
    const raw = autocompleteFor(
      h.command(i.commandName),
      h.contextOf(i),
      subcommand,
      focused.name,
      String(focused.value ?? ''),
    );
    const seen = new Set<string>();
    const choices = [];
    for (const c of raw) {
      const name = truncate(String(c.name), LIMITS.autocompleteChoiceName);
      const value = truncate(String(c.value), LIMITS.autocompleteChoiceValue);
      if (!name || seen.has(value)) continue;
      seen.add(value);
      choices.push({ name, value });
      if (choices.length >= LIMITS.autocompleteChoices) break;
    }
    await i.respond(choices);
    return { outcome: 'info', command: i.commandName };
  } catch (err) {
    await reportFailure(h.logger, err, { interactionId: i.id, command: i.commandName }, 'autocomplete', async () => {
      if (!i.responded) await i.respond([]);
    });
    return { outcome: 'error', command: i.commandName };
  }
};
