/** `/education` — O*NET's survey of new hires beside the articles' stated requirements. */
import { defineCommand } from '../src/command.js';
import { educationView } from '../src/answers/views/education.js';
import { withFeedback } from './feedback.js';

export const education = defineCommand({
  name: 'education',
  description: 'Education needed: O*NET survey figures and what the guides say, each cited',
  options: {},
  run: (ctx) => withFeedback(ctx, educationView(ctx.kb)),
});
