/** `/skills kind: …` — one of O*NET's lists: skills, knowledge, abilities, technology, … */
import { defineCommand } from '../src/command.js';
import { SKILL_KINDS, skillsView } from '../src/answers/views/skills.js';
import { withFeedback } from './feedback.js';

export const skills = defineCommand({
  name: 'skills',
  description: 'Skills, knowledge, abilities, technology, work styles, values or interests (O*NET)',
  options: {
    kind: { type: 'string', description: 'Which list', required: true, choices: SKILL_KINDS },
  },
  run: (ctx, { kind }) => withFeedback(ctx, skillsView(ctx.kb, kind)),
});
