/**
 * The shapes every layer shares. Schemas are the single source of truth: types are inferred
 * from them so that what we validate and what we compile against can never drift apart.
 */
import { z } from 'zod';

export const LEVELS = ['emerging', 'developing', 'proficient', 'advanced'] as const;
export type Level = (typeof LEVELS)[number];

export const DOCUMENT_KINDS = ['onet-profile', 'skills-framework', 'article'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const manifestEntrySchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'lower-case letters, digits, "." and "-" only'),
  file: z.string().min(1),
  kind: z.enum(DOCUMENT_KINDS),
  title: z.string().min(1),
  shortTitle: z.string().min(1),
  publisher: z.string().min(1),
  url: z.string().url().nullable(),
  licence: z.string().min(1),
  attribution: z.string().min(1),
  date: z.string().nullable(),
  occupation: z.string().nullable().default(null),
  /**
   * Headings that start a new top-level section even though the plain-text copy lost the
   * heading level (e.g. "Land Border Duties" after the sub-sections of "Training and
   * Qualifications"). Matched case-insensitively after artefact repair.
   */
  topLevelHeadings: z.array(z.string().min(1)).default([]),
});
export type SourceDocument = z.infer<typeof manifestEntrySchema>;

export const manifestSchema = z.object({ documents: z.array(manifestEntrySchema).min(1) });

/** Structured facts a passage carries besides its quoted text. */
export type PassageData =
  | { kind: 'salary'; position: string; salaryMin: number; salaryMax: number; growthPct: number; keySkills: string[] }
  | { kind: 'percent'; percent: number; category: string; response?: string }
  | { kind: 'level-statement'; level: Level; topic: string; expectation: string; index: number }
  | { kind: 'step'; step: number };

/**
 * One quotable unit: a bullet, a statement, a paragraph or a table row.
 * `text` is exactly what may be shown to a user (document wording, artefacts repaired).
 */
export type Passage = {
  /** Stable across restarts and redeploys: derived from source, section and position. */
  id: string;
  sourceId: string;
  /** Heading path, outermost first, e.g. ['Training and Qualifications', 'Pre-Service Training']. */
  section: string[];
  /** A bullet's name ("Active Listening"), a numbered item's title, a table row's key. */
  label?: string;
  /** The sentence that introduces the list this item belongs to ("Respondents said:"). */
  lead?: string;
  text: string;
  /** Topic ids from data/topics.json. */
  topics: string[];
  level?: Level;
  role?: string;
  /** Position in its document, so views can keep the published order. */
  order: number;
  data?: PassageData;
};

export type Occupation = {
  soc: string;
  title: string;
  group?: string;
  sector?: string;
  jobZone?: number;
};

export type Corpus = {
  dataDir: string;
  sources: SourceDocument[];
  passages: Passage[];
  occupations: Occupation[];
};

/** How a citation's section is shown: the heading path joined. */
export const SECTION_SEPARATOR = ' › ';
export const sectionTitle = (section: readonly string[]): string => section.join(SECTION_SEPARATOR);
