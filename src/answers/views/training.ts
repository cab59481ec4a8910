/** `/training`: the training steps in document order, or one step shown whole. */
import type { Passage } from '../../corpus/types.js';
import type { KnowledgeBase } from '../../knowledge.js';
import type { Reply } from '../reply.js';
import { REPLY_LIMITS } from '../reply-limits.js';
import { topicsInView } from '../../corpus/topics.js';
import { stem, words } from '../../text/tokenize.js';
import { truncate } from '../../text/cut.js';
import {
  INVISIBLE,
  anchorOf,
  byDocumentOrder,
  cleanUserText,
  headingTopic,
  isLevelStatement,
  message,
  norm,
  nothingFound,
  quoted,
  type Shown,
} from './shared.js';

export type TrainingStep = {
  n: number;
  title: string;
  sourceId: string;
  /** Passages introducing the step (no label of their own). */
  intro: Passage[];
  /** Named parts: labelled bullets or sub-sections. */
  parts: { name: string; passages: Passage[] }[];
};

const stepsCache = new WeakMap<KnowledgeBase, TrainingStep[]>();

/**
 * The training steps: each heading that names a training topic (training, physical fitness,
 * security clearance) is a step; its labelled bullets and sub-sections are its parts. Steps of
 * different documents are merged by where they sit in their document, so a step-by-step guide's
 * early steps come before another guide's later ones.
 */
export const trainingSteps = (kb: KnowledgeBase): TrainingStep[] => {
  const cached = stepsCache.get(kb);
  if (cached) return cached;
  const stepTopics = topicsInView(kb.corpus.topics, 'training');
  const groups = new Map<string, { title: string; sourceId: string; depth: number; passages: Passage[] }>();
  for (const p of [...kb.corpus.passages].sort(byDocumentOrder(kb))) {
    if (isLevelStatement(p) || p.data?.kind === 'salary') continue;
    const a = anchorOf(kb, p);
    if (!a.topic || !stepTopics.has(a.topic)) continue;
    // "Continuing Education … › Advanced Training …": one step, its sub-sections the parts.
    while (a.depth > 0 && stepTopics.has(headingTopic(kb.corpus.topics, p.section[a.depth - 1]!) ?? '')) a.depth--;
    const key = `${p.sourceId}|${p.section.slice(0, a.depth + 1).join('|')}`;
    const g = groups.get(key) ?? { title: p.section[a.depth]!, sourceId: p.sourceId, depth: a.depth, passages: [] };
    g.passages.push(p);
    groups.set(key, g);
  }
  const length = new Map<string, number>();
  for (const p of kb.corpus.passages) length.set(p.sourceId, Math.max(length.get(p.sourceId) ?? 0, p.order + 1));
  const position = (g: { sourceId: string; passages: Passage[] }) =>
    g.passages[0]!.order / (length.get(g.sourceId) ?? 1);
  const steps = [...groups.values()]
    .sort((a, b) => position(a) - position(b))
    .map((g, i): TrainingStep => {
      const intro: Passage[] = [];
      const parts: TrainingStep['parts'] = [];
      for (const p of g.passages) {
        const name = p.label ?? (p.section.length > g.depth + 1 ? p.section[g.depth + 1] : undefined);
        if (!name) intro.push(p);
        else {
          const part = parts.find((x) => x.name === name);
          if (part) part.passages.push(p);
          else parts.push({ name, passages: [p] });
        }
      }
      return { n: i + 1, title: g.title, sourceId: g.sourceId, intro, parts };
    });
  stepsCache.set(kb, steps);
  return steps;
};

export type StepMatch = { step: TrainingStep; part?: TrainingStep['parts'][number] } | null;

/** A step by number ("2", "step 2", "#2") or by name, or one of its parts by name. */
export const findTrainingStep = (kb: KnowledgeBase, typed: string): StepMatch => {
  const steps = trainingSteps(kb);
  const t = typed.replace(INVISIBLE, ' ').trim().toLowerCase();
  const num = /^(?:step\s*)?#?\s*(\d{1,3})\.?$/.exec(t);
  if (num) {
    const step = steps[Number(num[1]) - 1];
    return step ? { step } : null;
  }
  // "1. Pre-Service Training" (an autocomplete name typed back) → the name.
  const name = norm(t.replace(/^\d{1,3}\.\s*/, '')).trim();
  if (name === '') return null;
  for (const step of steps) if (norm(step.title).trim() === name) return { step };
  for (const step of steps) for (const part of step.parts) if (norm(part.name).trim() === name) return { step, part };
  for (const step of steps) if (norm(step.title).includes(` ${name} `)) return { step };
  for (const step of steps)
    for (const part of step.parts) if (norm(part.name).includes(` ${name} `)) return { step, part };
  const typedTerms = new Set(words(name).map(stem));
  const overlap = (s: string) =>
    words(s)
      .map(stem)
      .filter((w) => typedTerms.has(w)).length;
  let best: { m: NonNullable<StepMatch>; n: number } | null = null;
  let tie = false;
  for (const step of steps) {
    const candidates: NonNullable<StepMatch>[] = [{ step }, ...step.parts.map((part) => ({ step, part }))];
    for (const m of candidates) {
      const n = overlap(m.part?.name ?? m.step.title);
      if (n > 0 && (!best || n > best.n)) {
        best = { m, n };
        tie = false;
      } else if (best && n === best.n && n > 0) tie = true;
    }
  }
  return best && !tie ? best.m : null;
};

export const stepLabel = (step: TrainingStep): string => `${step.n}. ${step.title}`;

/** A step's passages: "Step n. Title" above the first; a sub-section part's name above its own. */
const stepShown = (step: TrainingStep, only?: TrainingStep['parts'][number], whole = false): Shown[] => {
  const shown: Shown[] = [];
  const headed = (p: Passage, sub?: string) => {
    const parts = [shown.length === 0 ? `Step ${stepLabel(step)}` : '', sub ?? ''].filter(Boolean);
    shown.push(parts.length > 0 ? { passage: p, heading: parts.join(' — '), whole } : { passage: p, whole });
  };
  for (const p of step.intro) headed(p);
  for (const part of only ? [only] : step.parts) {
    part.passages.forEach((p, i) => headed(p, i === 0 && !p.label ? part.name : undefined));
  }
  return shown;
};

/** The training steps in order, or one step (by number or name) shown whole. */
export const trainingView = (kb: KnowledgeBase, step?: string): Reply => {
  const steps = trainingSteps(kb);
  if (steps.length === 0) return nothingFound('Training');
  if (step === undefined || step.trim() === '') {
    const shown: Shown[] = [];
    for (const s of steps) shown.push(...stepShown(s));
    return quoted(kb, { title: 'Training', query: '/training', topic: 'training' }, shown);
  }
  const m = findTrainingStep(kb, step);
  if (!m) {
    return message(
      'Training',
      `I can't find the step “${cleanUserText(step, 60)}”. The steps are:`,
      'declined',
      steps.map(stepLabel),
    );
  }
  const shown = stepShown(m.step, m.part, true);
  const title = m.part ? `Training — ${m.step.title} › ${m.part.name}` : `Training — ${m.step.title}`;
  const reply = quoted(
    kb,
    { title, query: `/training step: ${m.part?.name ?? m.step.title}`, topic: 'training' },
    shown,
  );
  const next = steps[m.step.n];
  if (next)
    reply.buttons = [
      {
        kind: 'choice',
        label: truncate(`Next: ${stepLabel(next)}`, REPLY_LIMITS.buttonLabel),
        command: 'training',
        args: { step: String(next.n) },
      },
    ];
  return reply;
};
