/** `/roles` — the roles the guides describe. */
import { defineCommand } from '../src/command.js';
import { rolesView } from '../src/answers/views/roles.js';
import { withFeedback } from './feedback.js';

export const roles = defineCommand({
  name: 'roles',
  description: 'The roles in customs and immigration, each described',
  options: {},
  run: (ctx) => withFeedback(ctx, rolesView(ctx.kb)),
});
