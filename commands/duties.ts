/** `/duties [role]` — what the job involves: O*NET tasks and activities, the guides' daily duties. */
import { defineCommand } from '../src/command.js';
import { dutiesView } from '../src/answers/views/duties.js';
import { knownRoles } from '../src/answers/views/roles.js';
import { REPLY_LIMITS } from '../src/answers/reply-limits.js';
import { rankChoices } from './choices.js';
import { withFeedback } from './feedback.js';

export const duties = defineCommand({
  name: 'duties',
  description: 'Daily duties and tasks, optionally with one role described first',
  options: {
    role: {
      type: 'string',
      description: 'A role, e.g. Border Patrol Agent',
      autocomplete: true,
      maxLength: REPLY_LIMITS.autocompleteChoiceValue,
    },
  },
  run: (ctx, { role }) => withFeedback(ctx, dutiesView(ctx.kb, role)),
  autocomplete: (ctx, option, typed) => (option === 'role' ? rankChoices(knownRoles(ctx.kb), typed) : []),
});
