/**
 * The query-analysis vocabulary from data/: stop words, slang, acronyms, synonyms, level words.
 * Data, not code, so the field's jargon can grow without a release.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { LEVELS, type Level } from '../corpus/types.js';

const aliasesSchema = z.object({
  acronyms: z.record(z.string(), z.array(z.string())),
  synonyms: z.record(z.string(), z.array(z.string())),
  slang: z.record(z.string(), z.string()),
  levels: z.record(z.string(), z.enum(LEVELS)),
});
const stopwordsSchema = z.object({
  words: z.array(z.string()),
  weak: z.array(z.string()).default([]),
  context: z.array(z.string()).default([]),
});

export type Vocabulary = {
  stopWords: ReadonlySet<string>;
  /** Vague words that are searched but hardly count towards whether a question is answered. */
  weakWords: ReadonlySet<string>;
  /** Words naming the job itself ("career", "officer"): a question's context, not what it asks. */
  contextWords: ReadonlySet<string>;
  slang: ReadonlyMap<string, string>;
  /** Acronyms and synonyms: a word → phrases that may stand for it. */
  expansions: ReadonlyMap<string, readonly string[]>;
  levels: ReadonlyMap<string, Level>;
};

const readJson = <T>(file: string, schema: z.ZodType<T>): T => {
  const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: field "${issue.path.join('.')}" ${issue.message}`);
  }
  return parsed.data;
};

export const loadVocabulary = (dataDir: string): Vocabulary => {
  const aliases = readJson(join(dataDir, 'aliases.json'), aliasesSchema);
  const stop = readJson(join(dataDir, 'stopwords.json'), stopwordsSchema);
  const expansions = new Map<string, string[]>();
  for (const [k, v] of [...Object.entries(aliases.acronyms), ...Object.entries(aliases.synonyms)]) {
    expansions.set(k, [...(expansions.get(k) ?? []), ...v]);
  }
  return {
    stopWords: new Set(stop.words),
    weakWords: new Set(stop.weak),
    contextWords: new Set(stop.context),
    slang: new Map(Object.entries(aliases.slang)),
    expansions,
    levels: new Map(Object.entries(aliases.levels)),
  };
};
