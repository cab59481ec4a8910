/**
 * Topics come from data/topics.json: which sections a topic covers and which words in a question
 * point to it. Keeping them in data lets a new guide's headings join a topic without code changes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Passage } from './types.js';

/** Topic commands whose content is chosen by topic in data/topics.json. */
export const TOPIC_VIEWS = ['training', 'duties'] as const;
export type TopicView = (typeof TOPIC_VIEWS)[number];

/** The ids of the topics a topic command shows. */
export const topicsInView = (
  topics: readonly { id: string; views: readonly TopicView[] }[],
  view: TopicView,
): ReadonlySet<string> => new Set(topics.filter((t) => t.views.includes(view)).map((t) => t.id));

const topicSchema = z.object({
  id: z.string().regex(/^[a-z][a-z-]*$/),
  label: z.string().min(1),
  sections: z.array(z.string().min(1)),
  keywords: z.array(z.string().min(1)),
  /** The documents tell roles apart on this topic (pay, duties): a role named narrows the answer. */
  roleDependent: z.boolean().default(false),
  /** Where the whole topic is shown, e.g. "/education" (an overview points there). */
  see: z.string().min(1).optional(),
  /** How a member would ask about it: a suggested question (else one is made from the label). */
  question: z.string().min(1).max(100).optional(),
  /** The topic commands that show its passages ("training": /training lists it as a step). */
  views: z.array(z.enum(TOPIC_VIEWS)).default([]),
});

/**
 * A broad question ("how do I become one", "pros and cons") is answered by an overview: the
 * best passage of each part topic, in this order. `examples` are generic phrasings of the
 * question; one whose words all appear in a question, with nothing more specific asked,
 * selects the overview.
 */
const overviewSchema = z.object({
  id: z.string().regex(/^[a-z][a-z-]*$/),
  label: z.string().min(1),
  parts: z.array(z.string().min(1)).min(2),
  examples: z.array(z.string().min(1)).min(1),
});

/**
 * Questions that share the documents' words but are not career questions (a member's own visa
 * case): a question holding every word of an example, stop words included, is declined.
 */
const outOfScopeSchema = z.object({
  id: z.string().regex(/^[a-z][a-z-]*$/),
  label: z.string().min(1),
  examples: z.array(z.string().min(1)).min(1),
});

export const topicsFileSchema = z
  .object({
    topics: z.array(topicSchema).min(1),
    overviews: z.array(overviewSchema).default([]),
    outOfScope: z.array(outOfScopeSchema).default([]),
  })
  .superRefine((file, ctx) => {
    const ids = new Set(file.topics.map((t) => t.id));
    file.overviews.forEach((o, i) =>
      o.parts.forEach((part, j) => {
        if (!ids.has(part))
          ctx.addIssue({ code: 'custom', path: ['overviews', i, 'parts', j], message: `names no topic ("${part}")` });
      }),
    );
  });
export type TopicDef = z.infer<typeof topicSchema>;
export type OverviewDef = z.infer<typeof overviewSchema>;
export type OutOfScopeDef = z.infer<typeof outOfScopeSchema>;
export type TopicsFile = z.infer<typeof topicsFileSchema>;

export const loadTopicsFile = (dataDir: string): TopicsFile => {
  const file = join(dataDir, 'topics.json');
  const parsed = topicsFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(`${file}: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
  return parsed.data;
};

const normalise = (s: string) =>
  ` ${s
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/[^a-z0-9'$-]+/g, ' ')
    .trim()} `;
const mentions = (haystack: string, phrase: string) => haystack.includes(normalise(phrase));

const matchSections = (topics: readonly TopicDef[], text: string): string[] => {
  const hay = normalise(text);
  return topics.filter((t) => t.sections.some((s) => mentions(hay, s))).map((t) => t.id);
};

/** Where in `hay` a topic's section phrases last occur (-1 if nowhere). */
const lastMention = (topic: TopicDef, hay: string): number =>
  Math.max(
    -1,
    ...topic.sections.flatMap((s) => [normalise(s), normalise(s.replace(/s$/, ''))]).map((n) => hay.lastIndexOf(n)),
  );

/**
 * A passage's topics: those its most specific heading names (falling back to outer headings),
 * plus those its label names. When the list it belongs to is introduced by a lead ("Despite
 * these challenges, the rewards are significant:"), the topic the lead ends on wins within a
 * shared section such as "Challenges and Rewards".
 */
export const tagTopics = (topics: readonly TopicDef[], passage: Passage): string[] => {
  let fromSection: string[] = [];
  for (let i = passage.section.length - 1; i >= 0 && fromSection.length === 0; i--) {
    fromSection = matchSections(topics, passage.section[i]!);
  }
  if (passage.lead && fromSection.length > 1) {
    const hay = normalise(passage.lead);
    const ranked = fromSection
      .map((id) => ({
        id,
        at: lastMention(
          topics.find((t) => t.id === id)!,
          hay,
        ),
      }))
      .filter((r) => r.at >= 0)
      .sort((a, b) => b.at - a.at);
    // Only when the lead sets the topics against each other in separate clauses ("Despite these
    // challenges, the rewards are…"); "skills and qualifications are essential:" keeps both.
    const clauses = passage.lead.split(/[,;]/).map(normalise);
    const clauseOf = (id: string) =>
      clauses.findLastIndex(
        (c) =>
          lastMention(
            topics.find((t) => t.id === id)!,
            c,
          ) >= 0,
      );
    const separateClauses = ranked.length > 1 && clauseOf(ranked[0]!.id) !== clauseOf(ranked.at(-1)!.id);
    if (ranked.length === 1 || separateClauses) fromSection = [ranked[0]!.id];
  }
  // A label names a topic only when it *is* that topic's heading ("Education", "Attention to
  // Detail"): "Continuous Education" is training, whatever its last word says.
  const label = passage.label ? normalise(passage.label) : null;
  const fromLabel = label ? topics.filter((t) => t.sections.some((s) => normalise(s) === label)).map((t) => t.id) : [];
  const levelTopic = passage.level ? ['levels'] : [];
  return [...new Set([...fromSection, ...fromLabel, ...levelTopic])];
};
