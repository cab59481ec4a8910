/** `/salary [role]` — the salary table, or one role's row. */
import { defineCommand } from '../src/command.js';
import { salaryPositions, salaryView } from '../src/answers/views/salary.js';
import { REPLY_LIMITS } from '../src/answers/reply-limits.js';
import { rankChoices } from './choices.js';
import { withFeedback } from './feedback.js';

export const salary = defineCommand({
  name: 'salary',
  description: 'Salary ranges and growth rates by role',
  options: {
    role: {
      type: 'string',
      description: 'A role from the salary table, e.g. CBP Officer',
      autocomplete: true,
      maxLength: REPLY_LIMITS.autocompleteChoiceValue,
    },
  },
  run: (ctx, { role }) => withFeedback(ctx, salaryView(ctx.kb, role)),
  autocomplete: (ctx, option, typed) => (option === 'role' ? rankChoices(salaryPositions(ctx.kb), typed) : []),
});
