/**
 * The JSON answer contract (`npm run ask -- --json`). Other tools parse this, so its shape is
 * fixed: change it only together with every consumer. Types are inferred from the schema.
 */
import { z } from 'zod';

export const jsonCitationSchema = z.object({
  source: z.string(),
  title: z.string(),
  section: z.string(),
  url: z.string().nullable(),
});

export const jsonResultSchema = z.object({
  text: z.string(),
  score: z.number(),
  citation: jsonCitationSchema,
});

export const jsonAnswerSchema = z.object({
  query: z.string(),
  answered: z.boolean(),
  topic: z.string().nullable(),
  results: z.array(jsonResultSchema),
});

export type JsonCitation = z.infer<typeof jsonCitationSchema>;
export type JsonResult = z.infer<typeof jsonResultSchema>;
export type JsonAnswer = z.infer<typeof jsonAnswerSchema>;
