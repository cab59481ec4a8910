/**
 * Topic views: what `/salary`, `/training`, `/levels` … show. Pure functions of the
 * KnowledgeBase returning a platform-neutral Reply. Every sentence shown is either quoted from a
 * document (with its numbered citation) or fixed interface text. Sections are found through the
 * passages' topics, structured data and headings — never by document id or wording — so a new
 * occupation's documents dropped into data/ show up without code changes.
 */
import { LEVELS, type Level, type Passage } from '../corpus/types.js';
import type { TopicDef } from '../corpus/topics.js';
import type { KnowledgeBase } from '../knowledge.js';
import type { Reply, ReplyButton, ReplyItem } from '../reply.js';
import { roleByName, type Role } from '../search/roles.js';
import { stem, words } from '../search/tokenize.js';
import { askQuestion, buildAnswer, citationFor, type Answer, type AskOptions, type Citation } from './answer.js';

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

/** One passage to show, with an optional sub-heading above it. */
type Shown = { passage: Passage; heading?: string; whole?: boolean };

const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/** User text echoed in interface text: no control/format characters, collapsed, bounded. */
export const cleanUserText = (s: string, max = 80): string => {
  const flat = s.replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
};

const byDocumentOrder = (kb: KnowledgeBase) => {
  const rank = new Map(kb.corpus.sources.map((s, i) => [s.id, i]));
  return (a: Passage, b: Passage) => (rank.get(a.sourceId) ?? 0) - (rank.get(b.sourceId) ?? 0) || a.order - b.order;
};

const kindOf = (kb: KnowledgeBase, p: Passage) => kb.corpus.sources.find((s) => s.id === p.sourceId)?.kind;
const shortTitle = (kb: KnowledgeBase, p: Passage) => kb.source(p.sourceId).shortTitle;

/** A topic's section phrases, matched like the corpus tagger does (case-insensitive, whole words). */
const norm = (s: string) => ` ${s.toLowerCase().replace(/[’']/g, "'").replace(/[^a-z0-9'$-]+/g, ' ').trim()} `;

/** The topic a heading names most specifically (longest matching section phrase), or null. */
const headingTopic = (topics: readonly TopicDef[], heading: string): string | null => {
  const hay = norm(heading);
  let best: { id: string; len: number } | null = null;
  for (const t of topics) {
    for (const phrase of t.sections) {
      const n = norm(phrase);
      if (hay.includes(n) && (!best || n.length > best.len)) best = { id: t.id, len: n.length };
    }
  }
  return best?.id ?? null;
};

/**
 * Where a passage sits: the deepest heading of its section path that names a topic, that
 * topic, and how deep the heading is. "Training and Qualifications › Airport and Port Duties"
 * anchors on duties; "Continuing Education … › Staying Updated …" falls back to its parent.
 */
const anchorOf = (kb: KnowledgeBase, p: Passage): { topic: string | null; depth: number } => {
  for (let i = p.section.length - 1; i >= 0; i--) {
    const topic = headingTopic(kb.corpus.topics, p.section[i]!);
    if (topic) return { topic, depth: i };
  }
  return { topic: null, depth: -1 };
};

const isLevelStatement = (p: Passage) => p.data?.kind === 'level-statement';

/** Heading when the document or section changes: "O*NET profile — Tasks". */
const sectionHeadings = (kb: KnowledgeBase, passages: readonly Passage[]): Shown[] => {
  let prev = '';
  return passages.map((p) => {
    const key = `${p.sourceId}|${p.section.join('|')}`;
    const heading = key !== prev ? `${shortTitle(kb, p)} — ${p.section.at(-1) ?? ''}`.replace(/ — $/, '') : undefined;
    prev = key;
    return heading ? { passage: p, heading } : { passage: p };
  });
};

const topicLabel = (kb: KnowledgeBase, id: string): string => kb.corpus.topics.find((t) => t.id === id)?.label ?? id;

/** Licences that oblige us to credit the source beside the text (Creative Commons BY family). */
const NEEDS_ATTRIBUTION = /\bCC[ -]?BY\b/i;

/**
 * The attribution text the licences of the cited documents require (O*NET: CC BY 4.0,
 * USDOL/ETA), one line per document, in citation order; undefined when none is required.
 */
export const attributionFor = (kb: KnowledgeBase, citations: readonly Citation[]): string | undefined => {
  const lines: string[] = [];
  for (const c of citations) {
    if (c.serverWritten) continue;
    const src = kb.corpus.sources.find((s) => s.id === c.sourceId);
    if (src && NEEDS_ATTRIBUTION.test(src.licence) && !lines.includes(src.attribution)) lines.push(src.attribution);
  }
  return lines.length > 0 ? lines.join('\n') : undefined;
};

const toItems = (answer: Answer, shown: readonly { heading?: string }[]): ReplyItem[] =>
  answer.items.map((it, i) => {
    const item: ReplyItem = { text: it.text, cite: it.cite };
    if (it.marks.length > 0) item.marks = it.marks.map(([a, b]) => [a, b]);
    const heading = shown[i]?.heading;
    if (heading) item.heading = heading;
    return item;
  });

/** Quoted passages → a cited Reply (citations numbered by first appearance). */
const quoted = (
  kb: KnowledgeBase,
  head: { title: string; intro?: string; query: string; topic: string | null; role?: string | null; level?: Level | null },
  shown: readonly Shown[],
  matched: ReadonlySet<string> = new Set(),
): Reply => {
  const answer = buildAnswer(
    { query: head.query, topic: head.topic, role: head.role ?? null, level: head.level ?? null, corrections: [] },
    shown.map((s, i) => ({ passage: s.passage, score: 1, matched, citation: citationFor(kb, s.passage), whole: s.whole ?? false })),
  );
  const reply: Reply = {
    outcome: answer.answered ? 'answered' : 'declined',
    title: head.title,
    items: toItems(answer, shown),
    citations: answer.citations,
    answer,
  };
  if (head.intro) reply.intro = head.intro;
  const attribution = attributionFor(kb, answer.citations);
  if (attribution) reply.attribution = attribution;
  return reply;
};

const message = (title: string, intro: string, outcome: Reply['outcome'] = 'declined', suggestions?: string[]): Reply => {
  const reply: Reply = { outcome, title, intro, items: [], citations: [] };
  if (suggestions && suggestions.length > 0) reply.suggestions = suggestions;
  return reply;
};

const nothingFound = (what: string) => message(what, `My sources have nothing on ${what.toLowerCase()}.`);

// ---------------------------------------------------------------------------------------------
// Roles
// ---------------------------------------------------------------------------------------------

export const knownRoles = (kb: KnowledgeBase): string[] => kb.index.roles.map((r) => r.name);

export type RoleMatch = { ok: true; role: Role } | { ok: false; candidates: Role[] };

/**
 * A role typed as free text: exact name, any of its name variants ("CBP officer", "border
 * patrol agents"), a unique part of a name ("border patrol"), else the closest candidates.
 */
export const matchRole = (kb: KnowledgeBase, typed: string): RoleMatch => {
  const roles = kb.index.roles;
  const stop = kb.index.vocab.stopWords;
  const text = typed.replace(INVISIBLE, ' ').trim();
  if (text === '') return { ok: false, candidates: [] };
  const direct = roleByName(roles, text, stop);
  if (direct) return { ok: true, role: direct };
  const lower = text.toLowerCase();
  const containing = roles.filter((r) => r.name.toLowerCase().includes(lower));
  if (containing.length === 1 && lower.length >= 3) return { ok: true, role: containing[0]! };
  const typedTerms = new Set(words(text).filter((w) => !stop.has(w)).map((w) => stem(w).replace(/s$/, '')));
  const scored = roles
    .map((r) => ({ r, n: Math.max(...r.variants.map((v) => v.filter((t) => typedTerms.has(t)).length)) }))
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n);
  if (scored.length === 1 || (scored.length > 1 && scored[0]!.n > scored[1]!.n)) return { ok: true, role: scored[0]!.r };
  return { ok: false, candidates: scored.map((x) => x.r) };
};

/** Pick-a-role buttons re-running a command with the role filled in. */
const roleButtons = (command: string, names: readonly string[]): ReplyButton[] =>
  names.slice(0, 5).map((name) => ({ kind: 'choice', label: name.slice(0, 80), command, args: { role: name } }));

const unknownRole = (kb: KnowledgeBase, command: string, title: string, typed: string, candidates: readonly Role[]): Reply => {
  const shown = cleanUserText(typed, 60);
  const names = (candidates.length > 0 ? candidates : kb.index.roles).map((r) => r.name);
  const intro =
    candidates.length > 1
      ? `“${shown}” matches more than one role: ${names.join(', ')}. Which one?`
      : `I don't know the role “${shown}”. Known roles: ${knownRoles(kb).join(', ')}.`;
  return { ...message(title, intro, 'declined', names), buttons: roleButtons(command, names) };
};

const roleDescriptions = (kb: KnowledgeBase, role?: Role): Passage[] =>
  kb.corpus.passages
    .filter((p) => p.topics.includes('roles') && p.role && p.label && (!role || role.passageIds.includes(p.id) || p.role === role.name))
    .sort(byDocumentOrder(kb));

/** The roles the documents describe, each with its description. */
export const rolesView = (kb: KnowledgeBase): Reply => {
  const passages = roleDescriptions(kb);
  if (passages.length === 0) return nothingFound('Roles');
  return quoted(
    kb,
    { title: 'Roles', query: '/roles', topic: 'roles' },
    passages.map((p) => ({ passage: p, heading: p.role!, whole: true })),
  );
};

// ---------------------------------------------------------------------------------------------
// Ask
// ---------------------------------------------------------------------------------------------

export const EMPTY_QUESTION = 'Ask me a question about careers in U.S. customs and border protection — pay, training, education, duties, levels.';
export const NOT_COVERED = "My sources don't cover that. They do cover:";
/** Shown above an answer that quotes the server's own FAQ, so nobody mistakes it for a published source. */
export const SERVER_WRITTEN_NOTE = "Includes this server's own FAQ, written by its recruiters (not a published source).";

/** A free question → cited snippets; declined and empty questions get what can be asked instead. */
export const askView = (kb: KnowledgeBase, question: string, opts: AskOptions = {}): Reply => {
  const q = typeof question === 'string' ? question : '';
  if (q.replace(INVISIBLE, ' ').trim() === '') {
    return { ...message('Ask me a question', EMPTY_QUESTION, 'declined', suggestedQuestions(kb).slice(0, 8)), answer: askQuestion(kb, '') };
  }
  const answer = askQuestion(kb, q, opts);
  const cleaned = cleanUserText(q);
  const title = cleaned ? cleaned.charAt(0).toUpperCase() + cleaned.slice(1) : 'Answer';
  if (!answer.answered) {
    return { ...message(title, NOT_COVERED, 'declined', answer.suggestions), answer };
  }
  const reply: Reply = {
    outcome: 'answered',
    title,
    items: answer.items.map((it) => {
      const item: ReplyItem = { text: it.text, cite: it.cite };
      if (it.marks.length > 0) item.marks = it.marks.map(([a, b]) => [a, b]);
      return item;
    }),
    citations: answer.citations,
    answer,
  };
  const notes: string[] = [];
  if (answer.corrections.length > 0) {
    notes.push(`Read ${answer.corrections.map((c) => `“${cleanUserText(c.from, 30)}” as “${c.to}”`).join(', ')}.`);
  }
  if (answer.citations.some((c) => c.serverWritten)) notes.push(SERVER_WRITTEN_NOTE);
  if (notes.length > 0) reply.intro = notes.join('\n');
  const attribution = attributionFor(kb, answer.citations);
  if (attribution) reply.attribution = attribution;
  return reply;
};

// ---------------------------------------------------------------------------------------------
// Duties
// ---------------------------------------------------------------------------------------------

const DUTY_TOPICS = new Set(['duties', 'work-activities']);

/** O*NET tasks and work activities and the articles' daily duties; with a role, its description first. */
export const dutiesView = (kb: KnowledgeBase, role?: string): Reply => {
  let head: Passage[] = [];
  let roleName: string | null = null;
  if (role !== undefined && role.trim() !== '') {
    const m = matchRole(kb, role);
    if (!m.ok) return unknownRole(kb, 'duties', 'Duties', role, m.candidates);
    roleName = m.role.name;
    head = roleDescriptions(kb, m.role);
  }
  const general = kb.corpus.passages
    .filter((p) => !isLevelStatement(p) && !head.includes(p) && DUTY_TOPICS.has(anchorOf(kb, p).topic ?? ''))
    .sort(byDocumentOrder(kb));
  if (head.length === 0 && general.length === 0) return nothingFound('Duties');
  const shown: Shown[] = [...head.map((p) => ({ passage: p, heading: roleName ?? p.role ?? '', whole: true })), ...sectionHeadings(kb, general)];
  return quoted(kb, { title: roleName ? `Duties — ${roleName}` : 'Duties', query: roleName ? `/duties role: ${roleName}` : '/duties', topic: 'duties', role: roleName }, shown);
};

// ---------------------------------------------------------------------------------------------
// Education
// ---------------------------------------------------------------------------------------------

/**
 * What the sources say about the education a new officer needs. They disagree — O*NET's survey
 * says most new hires have a high-school diploma, the articles call a bachelor's degree "often
 * required" — so both show, each with its own citation.
 */
export const educationView = (kb: KnowledgeBase): Reply => {
  // A bullet's text starts with its label ("Ongoing Education: …"); the claim is what follows.
  const body = (p: Passage) => (p.label && p.text.startsWith(p.label) ? p.text.slice(p.label.length) : p.text);
  const topic = kb.corpus.topics.find((t) => t.id === 'education');
  const rows = kb.corpus.passages
    .filter((p) => p.data?.kind === 'percent' && p.topics.includes('education'))
    .sort(byDocumentOrder(kb));
  const keywords = (topic?.keywords ?? []).map(norm);
  const claims = kb.corpus.passages
    .filter(
      (p) =>
        !rows.includes(p) &&
        !isLevelStatement(p) &&
        p.data?.kind !== 'percent' &&
        p.topics.includes('education') &&
        anchorOf(kb, p).topic !== 'training' &&
        keywords.some((k) => norm(body(p)).includes(k)),
    )
    .sort(byDocumentOrder(kb));
  if (rows.length === 0 && claims.length === 0) return nothingFound('Education');
  const shown: Shown[] = [];
  let prevSource = '';
  for (const p of rows) {
    const heading = p.sourceId !== prevSource ? (p.lead ? `${shortTitle(kb, p)} — ${p.lead}` : shortTitle(kb, p)) : undefined;
    prevSource = p.sourceId;
    shown.push(heading ? { passage: p, heading } : { passage: p });
  }
  for (const p of claims) {
    const heading = p.sourceId !== prevSource ? shortTitle(kb, p) : undefined;
    prevSource = p.sourceId;
    shown.push(heading ? { passage: p, heading } : { passage: p });
  }
  const intro = rows.length > 0 && claims.length > 0 ? 'The sources differ: each claim is shown with its own citation.' : undefined;
  return quoted(kb, { title: 'Education', query: '/education', topic: 'education', ...(intro ? { intro } : {}) }, shown);
};

// ---------------------------------------------------------------------------------------------
// Salary
// ---------------------------------------------------------------------------------------------

export const salaryRows = (kb: KnowledgeBase): Passage[] =>
  kb.corpus.passages.filter((p) => p.data?.kind === 'salary').sort(byDocumentOrder(kb));

/** The positions of the parsed salary table(s). */
export const salaryPositions = (kb: KnowledgeBase): string[] => [
  ...new Set(salaryRows(kb).map((p) => (p.data?.kind === 'salary' ? p.data.position : ''))),
];

/** The whole salary table (every row), or one role's row. */
export const salaryView = (kb: KnowledgeBase, role?: string): Reply => {
  const rows = salaryRows(kb);
  if (rows.length === 0) return nothingFound('Salary');
  const position = (p: Passage) => (p.data?.kind === 'salary' ? p.data.position : '');
  if (role === undefined || role.trim() === '') {
    return quoted(kb, { title: 'Salary and growth', query: '/salary', topic: 'salary' }, rows.map((p) => ({ passage: p, heading: position(p) })));
  }
  const m = matchRole(kb, role);
  const row = m.ok ? rows.filter((p) => position(p) === m.role.name || m.role.passageIds.includes(p.id)) : [];
  if (!m.ok || row.length === 0) {
    const shown = cleanUserText(role, 60);
    const positions = salaryPositions(kb);
    const candidates = m.ok ? [] : m.candidates.map((r) => r.name).filter((n) => positions.includes(n));
    const intro = m.ok
      ? `My salary table has no row for ${m.role.name}. It lists: ${positions.join(', ')}.`
      : candidates.length > 1
        ? `“${shown}” matches more than one role: ${candidates.join(', ')}. Which one?`
        : `I don't know the role “${shown}”. The salary table lists: ${positions.join(', ')}.`;
    const offered = candidates.length > 1 ? candidates : positions;
    return { ...message('Salary', intro, 'declined', offered), buttons: roleButtons('salary', offered) };
  }
  const name = m.role.name;
  return quoted(kb, { title: `Salary — ${name}`, query: `/salary role: ${name}`, topic: 'salary', role: name }, row.map((p) => ({ passage: p, heading: position(p) })));
};

// ---------------------------------------------------------------------------------------------
// Training
// ---------------------------------------------------------------------------------------------

/** Topics that make up the path from hire to working officer. */
const TRAINING_TOPICS = new Set(['training', 'fitness', 'security-clearance']);

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
  const groups = new Map<string, { title: string; sourceId: string; depth: number; passages: Passage[] }>();
  for (const p of [...kb.corpus.passages].sort(byDocumentOrder(kb))) {
    if (isLevelStatement(p) || p.data?.kind === 'salary') continue;
    const a = anchorOf(kb, p);
    if (!a.topic || !TRAINING_TOPICS.has(a.topic)) continue;
    // "Continuing Education … › Advanced Training …": one step, its sub-sections the parts.
    while (a.depth > 0 && TRAINING_TOPICS.has(headingTopic(kb.corpus.topics, p.section[a.depth - 1]!) ?? '')) a.depth--;
    const key = `${p.sourceId}|${p.section.slice(0, a.depth + 1).join('|')}`;
    const g = groups.get(key) ?? { title: p.section[a.depth]!, sourceId: p.sourceId, depth: a.depth, passages: [] };
    g.passages.push(p);
    groups.set(key, g);
  }
  const length = new Map<string, number>();
  for (const p of kb.corpus.passages) length.set(p.sourceId, Math.max(length.get(p.sourceId) ?? 0, p.order + 1));
  const position = (g: { sourceId: string; passages: Passage[] }) => g.passages[0]!.order / (length.get(g.sourceId) ?? 1);
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
  for (const step of steps) for (const part of step.parts) if (norm(part.name).includes(` ${name} `)) return { step, part };
  const typedTerms = new Set(words(name).map(stem));
  const overlap = (s: string) => words(s).map(stem).filter((w) => typedTerms.has(w)).length;
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
      `I can't find the step “${cleanUserText(step, 60)}”. Steps: ${steps.map(stepLabel).join('; ')}.`,
      'declined',
      steps.map(stepLabel),
    );
  }
  const shown = stepShown(m.step, m.part, true);
  const title = m.part ? `Training — ${m.step.title} › ${m.part.name}` : `Training — ${m.step.title}`;
  const reply = quoted(kb, { title, query: `/training step: ${m.part?.name ?? m.step.title}`, topic: 'training' }, shown);
  const next = steps[m.step.n];
  if (next) reply.buttons = [{ kind: 'choice', label: `Next: ${stepLabel(next)}`.slice(0, 80), command: 'training', args: { step: String(next.n) } }];
  return reply;
};

// ---------------------------------------------------------------------------------------------
// Levels
// ---------------------------------------------------------------------------------------------

export const levelStatements = (kb: KnowledgeBase, level?: Level): Passage[] =>
  kb.corpus.passages
    .filter((p) => p.data?.kind === 'level-statement' && (!level || p.data.level === level))
    .sort((a, b) => byDocumentOrder(kb)(a, b));

const titleCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The framework's statements for one level, optionally only those mentioning a topic word. */
export const levelView = (kb: KnowledgeBase, level: string, topic?: string): Reply => {
  const lv = LEVELS.find((l) => l === String(level ?? '').trim().toLowerCase());
  if (!lv) {
    return message('Levels', `“${cleanUserText(String(level ?? ''), 40)}” is not a level. Levels: ${LEVELS.join(', ')}.`, 'declined', [...LEVELS]);
  }
  const all = levelStatements(kb, lv);
  if (all.length === 0) return nothingFound(`${titleCase(lv)} level`);
  const stop = kb.index.vocab.stopWords;
  const wanted = new Set(words(topic ?? '').filter((w) => !stop.has(w)).map(stem));
  const hits = wanted.size > 0 ? all.filter((p) => words(p.text).some((w) => wanted.has(stem(w)))) : all;
  const title = `${titleCase(lv)} level`;
  const query = `/levels level: ${lv}${topic ? ` topic: ${cleanUserText(topic, 40)}` : ''}`;
  if (wanted.size > 0 && hits.length === 0) {
    return quoted(
      kb,
      { title, intro: `No ${lv} statement mentions “${cleanUserText(topic ?? '', 40)}”. Here are all ${all.length}.`, query, topic: 'levels', level: lv },
      all.map((p) => ({ passage: p })),
    );
  }
  return quoted(kb, { title, query, topic: 'levels', level: lv }, hits.map((p) => ({ passage: p, whole: true })), wanted);
};

// ---------------------------------------------------------------------------------------------
// Skills and other O*NET lists
// ---------------------------------------------------------------------------------------------

export const SKILL_KINDS = ['skills', 'knowledge', 'abilities', 'technology', 'work styles', 'work values', 'interests'] as const;
export type SkillKind = (typeof SKILL_KINDS)[number];

/** One O*NET list (skills, knowledge, …): the section's bullets, per occupation profile. */
export const skillsView = (kb: KnowledgeBase, kind: string): Reply => {
  const k = SKILL_KINDS.find((x) => x === String(kind ?? '').trim().toLowerCase().replace(/[-_]/g, ' '));
  if (!k) return message('Skills', `“${cleanUserText(String(kind ?? ''), 40)}” is not a list I know. Lists: ${SKILL_KINDS.join(', ')}.`, 'declined', [...SKILL_KINDS]);
  const topicId = k.replace(/ /g, '-');
  const inTopic = (p: Passage) => !isLevelStatement(p) && anchorOf(kb, p).topic === topicId;
  let passages = kb.corpus.passages.filter((p) => kindOf(kb, p) === 'onet-profile' && inTopic(p));
  if (passages.length === 0) passages = kb.corpus.passages.filter(inTopic);
  passages.sort(byDocumentOrder(kb));
  const label = topicLabel(kb, topicId);
  if (passages.length === 0) return nothingFound(label);
  return quoted(kb, { title: label, query: `/skills kind: ${k}`, topic: topicId }, sectionHeadings(kb, passages).map((s) => ({ ...s, whole: true })));
};

// ---------------------------------------------------------------------------------------------
// Challenges and rewards
// ---------------------------------------------------------------------------------------------

const labelledInTopic = (kb: KnowledgeBase, topicId: string): Reply => {
  const passages = kb.corpus.passages.filter((p) => p.label && !isLevelStatement(p) && p.topics.includes(topicId)).sort(byDocumentOrder(kb));
  const label = topicLabel(kb, topicId);
  if (passages.length === 0) return nothingFound(label);
  let prev = '';
  const shown = passages.map((p): Shown => {
    const heading = p.sourceId !== prev ? shortTitle(kb, p) : undefined;
    prev = p.sourceId;
    return heading ? { passage: p, heading } : { passage: p };
  });
  return quoted(kb, { title: label, query: `/${topicId}`, topic: topicId }, shown);
};

export const challengesView = (kb: KnowledgeBase): Reply => labelledInTopic(kb, 'challenges');
export const rewardsView = (kb: KnowledgeBase): Reply => labelledInTopic(kb, 'rewards');

// ---------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------

/** The documents: publisher, licence, URL and the attribution each asks for. */
export const sourcesView = (kb: KnowledgeBase): Reply => {
  const citations: Citation[] = kb.corpus.sources.map((s, i) => ({
    n: i + 1,
    sourceId: s.id,
    title: s.title,
    section: '',
    publisher: s.publisher,
    url: s.url,
    licence: s.licence,
  }));
  const items: ReplyItem[] = kb.corpus.sources.map((s, i) => ({
    heading: s.title,
    cite: i + 1,
    text: [`Publisher: ${s.publisher}.`, `Licence: ${s.licence}.`, s.url ? `URL: ${s.url}` : 'No public URL.', s.date ? `Dated ${s.date}.` : '', `Attribution: ${s.attribution}`]
      .filter(Boolean)
      .join(' '),
  }));
  const reply: Reply = {
    outcome: 'info',
    title: 'Sources',
    intro: `Answers quote these ${kb.corpus.sources.length} documents.`,
    items,
    citations,
  };
  const attribution = attributionFor(kb, citations);
  if (attribution) reply.attribution = attribution;
  return reply;
};

// ---------------------------------------------------------------------------------------------
// Suggested questions (autocomplete, empty questions)
// ---------------------------------------------------------------------------------------------

/** How to ask about a topic; topics without a phrasing here are asked about by their label. */
const TOPIC_QUESTIONS: Readonly<Record<string, string>> = {
  salary: 'How much do the different roles pay?',
  education: 'What education do I need?',
  training: 'What training do new officers get?',
  fitness: 'What are the physical fitness requirements?',
  'security-clearance': 'What does the security clearance check involve?',
  duties: 'What are the daily duties?',
  technology: 'What software do officers use?',
  'work-activities': 'What are the main work activities?',
  'work-context': 'How often do officers use email and the telephone?',
  skills: 'What skills do I need?',
  knowledge: 'What knowledge does the job require?',
  abilities: 'What abilities does the job require?',
  interests: 'What interests fit this job?',
  'work-values': 'What work values does the job satisfy?',
  'work-styles': 'What work styles does the job require?',
  roles: 'What roles are there?',
  qualifications: 'What qualifications do I need?',
  'career-path': 'What does the career path look like?',
  challenges: 'What are the challenges of the job?',
  rewards: 'What are the rewards of the job?',
  application: 'How do I apply?',
  'job-titles': 'What job titles are there?',
  description: 'What does the job involve?',
};

const withArticle = (name: string) => (/^[aeiou]/i.test(name) ? `an ${name}` : `a ${name}`);

/** A suggested question and what the answer layer reads it as. */
export type SuggestedQuestion = { question: string; topic: string | null; role: string | null };

const questionsCache = new WeakMap<KnowledgeBase, SuggestedQuestion[]>();

/**
 * Well-formed questions the documents answer, built from the topics, levels and role names in
 * data/, and kept only if the answer layer really answers them. Topic questions first.
 */
export const suggestedQuestions = (kb: KnowledgeBase): string[] => suggestedQuestionIndex(kb).map((q) => q.question);

export const suggestedQuestionIndex = (kb: KnowledgeBase): SuggestedQuestion[] => {
  const cached = questionsCache.get(kb);
  if (cached) return cached;
  const covered = kb.corpus.topics.filter((t) => kb.corpus.passages.some((p) => p.topics.includes(t.id)));
  const candidates: string[] = [];
  const positions = salaryPositions(kb);
  const roles = knownRoles(kb);
  for (const t of covered) {
    if (t.id === 'levels') {
      for (const lv of LEVELS) if (levelStatements(kb, lv).length > 0) candidates.push(`What is expected at the ${lv} level?`);
      continue;
    }
    candidates.push(TOPIC_QUESTIONS[t.id] ?? `What do the sources say about ${t.label.toLowerCase()}?`);
    if (t.id === 'salary' && positions[0]) candidates.push(`How much does ${withArticle(positions[0])} make?`);
  }
  for (const name of positions) candidates.push(`How much does ${withArticle(name)} make?`);
  for (const name of roles) candidates.push(`What does ${withArticle(name)} do?`);
  for (const t of covered) candidates.push(t.label);
  const seen = new Set<string>();
  const out: SuggestedQuestion[] = [];
  for (const c of candidates) {
    const key = c.toLowerCase();
    if (seen.has(key) || c.length > 100) continue;
    seen.add(key);
    const a = askQuestion(kb, c);
    if (a.answered) out.push({ question: c, topic: a.topic, role: a.role });
  }
  questionsCache.set(kb, out);
  return out;
};
