/**
 * Skills framework (JSON, schemaVersion 1.x) → one passage per level statement, plus the
 * framework's scope and the occupation it describes (SOC code, group, sector, job zone). A malformed file is rejected with the
 * file name and the field at fault, so whoever dropped it into data/ can fix it.
 */
import { z } from 'zod';
import { LEVELS, type Level, type Occupation, type Passage } from './types.js';
import { passageCollector } from './passage.js';

const levelSchema = z.object({
  label: z.string().min(1),
  statements: z.array(z.string().min(1)).min(1),
});

export const frameworkSchema = z.object({
  schemaVersion: z.string().regex(/^1\.\d+$/, 'expected a 1.x schema version'),
  occupation: z.object({
    soc: z.string().min(1),
    title: z.string().min(1),
    group: z.string().optional(),
    sector: z.string().optional(),
    jobZone: z.number().int().optional(),
  }),
  framework: z.object({
    version: z.string().optional(),
    contextCovered: z.string().optional(),
    levels: z.object(Object.fromEntries(LEVELS.map((l) => [l, levelSchema])) as Record<Level, typeof levelSchema>),
  }),
  attribution: z.string().optional(),
});

export class CorpusError extends Error {
  override name = 'CorpusError';
}

/** Statements read "topic — expectation". */
const STATEMENT = /^(.+?)\s+[—–-]{1,2}\s+(.+)$/;

export type FrameworkParse = { occupation: Occupation; passages: Passage[] };

export const parseFramework = (sourceId: string, raw: string, file: string): FrameworkParse => {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    throw new CorpusError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const parsed = frameworkSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CorpusError(`${file}: field "${issue.path.join('.') || '(root)'}" ${issue.message}`);
  }
  const fw = parsed.data;
  const { add, passages } = passageCollector(sourceId);
  if (fw.framework.contextCovered) add({ section: ['Scope'], text: fw.framework.contextCovered });
  const { soc, title, group, sector, jobZone } = fw.occupation;
  // The occupation record answers "what job zone / occupation group is this": its fields as
  // the file states them, labelled with their names.
  const facts = [
    `SOC code ${soc}`,
    group && `occupation group: ${group}`,
    sector && `sector: ${sector}`,
    jobZone !== undefined && `job zone: ${jobZone}`,
  ];
  // (The title is left out: every passage of the document is about it already.)
  add({ section: ['Scope'], label: 'Classification', text: facts.filter(Boolean).join('; ') });
  for (const level of LEVELS) {
    const { label, statements } = fw.framework.levels[level];
    statements.forEach((statement, index) => {
      const m = STATEMENT.exec(statement);
      const topic = m ? m[1]!.trim() : statement;
      const expectation = m ? m[2]!.trim() : statement;
      add({
        // Level statements are checklist items: their ids must never depend on anything but position.
        id: `${sourceId}:${level}:${index + 1}`,
        section: [label],
        label: topic,
        text: statement,
        level,
        data: { kind: 'level-statement', level, topic, expectation, index: index + 1 },
      });
    });
  }
  return {
    occupation: {
      soc,
      title,
      ...(group ? { group } : {}),
      ...(sector ? { sector } : {}),
      ...(jobZone !== undefined ? { jobZone } : {}),
    },
    passages,
  };
};
