/** `/training [step]` — the training steps in order, or one step (by number or name). */
import type { Choice } from '../src/command.js';
import { defineCommand } from '../src/command.js';
import { stepLabel, trainingSteps, trainingView } from '../src/answers/views/training.js';
import type { KnowledgeBase } from '../src/knowledge.js';
import { REPLY_LIMITS } from '../src/answers/reply-limits.js';
import { rankChoices } from './choices.js';
import { withFeedback } from './feedback.js';

const stepChoices = (kb: KnowledgeBase): Choice[] =>
  trainingSteps(kb).flatMap((s) => [
    { name: stepLabel(s), value: String(s.n) },
    ...s.parts.map((p) => ({ name: `${s.n}. ${s.title} › ${p.name}`, value: p.name })),
  ]);

export const training = defineCommand({
  name: 'training',
  description: 'Training steps from pre-service training to continuing education',
  options: {
    step: {
      type: 'string',
      description: 'A step number or name, e.g. 1 or Security Clearance',
      autocomplete: true,
      maxLength: REPLY_LIMITS.autocompleteChoiceValue,
    },
  },
  run: (ctx, { step }) => withFeedback(ctx, trainingView(ctx.kb, step)),
  autocomplete: (ctx, option, typed) => (option === 'step' ? rankChoices(stepChoices(ctx.kb), typed) : []),
});
