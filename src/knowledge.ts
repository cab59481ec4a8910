/**
 * The knowledge base: the parsed corpus, its search index and vocabulary, loaded once at start-up.
 * Everything that answers questions takes one of these.
 */
import { loadCorpus, DEFAULT_DATA_DIR, type LoadedCorpus } from './corpus/load.js';
import { buildSearchIndex, type SearchIndex } from './search/index.js';
import { loadVocabulary } from './search/vocabulary.js';
import { loadEnglish } from './search/english.js';
import type { Passage, SourceDocument } from './corpus/types.js';

export type KnowledgeBase = {
  corpus: LoadedCorpus;
  index: SearchIndex;
  source: (id: string) => SourceDocument;
  /** Salary-table rows in document order (comparisons need the table as a whole). */
  salaryRows: readonly Passage[];
  /** Topic ids some passage covers: what the bot can suggest when it declines. */
  coveredTopics: ReadonlySet<string>;
};

export const createKnowledgeBase = (corpus: LoadedCorpus): KnowledgeBase => {
  const index = buildSearchIndex(corpus, loadVocabulary(corpus.dataDir));
  loadEnglish();
  const byId = new Map(corpus.sources.map((s) => [s.id, s]));
  return {
    corpus,
    index,
    salaryRows: corpus.passages.filter((p) => p.data?.kind === 'salary'),
    coveredTopics: new Set(corpus.passages.flatMap((p) => p.topics)),
    source: (id) => {
      const s = byId.get(id);
      if (!s) throw new Error(`unknown source ${id}`);
      return s;
    },
  };
};

export const loadKnowledgeBase = (dataDir: string = DEFAULT_DATA_DIR): KnowledgeBase =>
  createKnowledgeBase(loadCorpus(dataDir));
