/** `/levels level: … [topic]` — the skills framework's statements for one level. */
import { defineCommand } from '../src/command.js';
import { levelStatements, levelView } from '../src/answers/views/levels.js';
import { LEVELS } from '../src/corpus/types.js';
import { REPLY_LIMITS } from '../src/answers/reply-limits.js';
import { rankChoices } from './choices.js';
import { withFeedback } from './feedback.js';

export const levels = defineCommand({
  name: 'levels',
  description: 'What is expected of an officer at each level of the skills framework',
  options: {
    level: { type: 'string', description: 'The level', required: true, choices: LEVELS },
    topic: {
      type: 'string',
      description: 'Only statements mentioning this, e.g. interviews',
      autocomplete: true,
      maxLength: REPLY_LIMITS.autocompleteChoiceValue,
    },
  },
  run: (ctx, { level, topic }) => withFeedback(ctx, levelView(ctx.kb, level, topic)),
  autocomplete: (ctx, option, typed) =>
    option === 'topic'
      ? rankChoices(
          [
            ...new Set(
              levelStatements(ctx.kb).flatMap((p) => (p.data?.kind === 'level-statement' ? [p.data.topic] : [])),
            ),
          ],
          typed,
        )
      : [],
});
