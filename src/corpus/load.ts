/**
 * Reads data/: the manifest, then each document with the parser for its kind. Adding an
 * occupation or a guide is a matter of dropping files here and listing them in the manifest.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { manifestSchema, type Corpus, type Occupation, type Passage, type SourceDocument } from './types.js';
import { parseProfile } from './profile.js';
import { CorpusError, parseFramework } from './framework.js';
import { parseArticle } from './article.js';
import { loadTopicsFile, tagTopics, type OutOfScopeDef, type OverviewDef, type TopicDef } from './topics.js';

/** The project's data/: found by walking up from this module, so bundled builds find it too. */
const findDataDir = (): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'data', 'manifest.json'))) return join(dir, 'data');
    const parent = dirname(dir);
    if (parent === dir) return resolve('data');
    dir = parent;
  }
};
export const DEFAULT_DATA_DIR = findDataDir();

const chromeSchema = z.object({ endMarkers: z.array(z.string()) });

/** Which manifest entry an issue is in ('document "guide-x": '), so a bad entry can be found by its id. */
const manifestEntry = (json: unknown, path: readonly PropertyKey[]): string => {
  if (path[0] !== 'documents' || typeof path[1] !== 'number') return '';
  const entry: unknown = (json as { documents?: unknown[] }).documents?.[path[1]];
  const id = entry !== null && typeof entry === 'object' ? (entry as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id !== '' ? `document "${id}": ` : `document #${path[1] + 1}: `;
};

const readJson = <T>(
  file: string,
  schema: z.ZodType<T>,
  where?: (json: unknown, path: readonly PropertyKey[]) => string,
): T => {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CorpusError(`${file}: ${(e as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CorpusError(
      `${file}: ${where?.(json, issue.path) ?? ''}field "${issue.path.join('.') || '(root)'}" ${issue.message}`,
    );
  }
  return parsed.data;
};

export type LoadedCorpus = Corpus & { topics: TopicDef[]; overviews: OverviewDef[]; outOfScope: OutOfScopeDef[] };

export const loadCorpus = (dataDir: string = DEFAULT_DATA_DIR): LoadedCorpus => {
  const manifest = readJson(join(dataDir, 'manifest.json'), manifestSchema, manifestEntry);
  const { endMarkers } = readJson(join(dataDir, 'chrome.json'), chromeSchema);
  const { topics, overviews, outOfScope } = loadTopicsFile(dataDir);
  const ids = new Set<string>();
  const passages: Passage[] = [];
  const occupations: Occupation[] = [];
  const sources: SourceDocument[] = [];

  for (const doc of manifest.documents) {
    if (ids.has(doc.id)) throw new CorpusError(`manifest.json: document id "${doc.id}" is listed twice`);
    ids.add(doc.id);
    const file = join(dataDir, doc.file);
    let raw: string;
    try {
      raw = readFileSync(file, 'utf8');
    } catch {
      throw new CorpusError(`manifest.json: document "${doc.id}" names ${doc.file}, which cannot be read`);
    }
    switch (doc.kind) {
      case 'onet-profile':
        passages.push(...parseProfile(doc.id, raw, endMarkers).passages);
        break;
      case 'skills-framework': {
        const fw = parseFramework(doc.id, raw, doc.file);
        passages.push(...fw.passages);
        if (!occupations.some((o) => o.soc === fw.occupation.soc)) occupations.push(fw.occupation);
        break;
      }
      case 'article':
        passages.push(...parseArticle(doc.id, raw, endMarkers, doc.topLevelHeadings).passages);
        break;
    }
    sources.push(doc);
  }
  for (const p of passages) p.topics = tagTopics(topics, p);
  return { dataDir, sources, passages, occupations, topics, overviews, outOfScope };
};
