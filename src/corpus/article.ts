/**
 * Career-guide articles (plain text copied from web pages) → passages.
 * Headings are either bare Title Case lines or end in ":"; a heading directly followed by
 * another heading is a parent. List items ("• x", "- x", "1. x", "Label: text") become one
 * passage each; a salary table whose column separators were lost is parsed back into rows.
 */
import type { Passage } from './types.js';
import { passageCollector } from './passage.js';
import { collapseSpaces, looksLikeHeading, repairHyphens, splitLabel } from './text.js';

type Line =
  | { kind: 'heading'; text: string }
  | { kind: 'item'; text: string; number?: number }
  | { kind: 'row'; cells: SalaryCells }
  | { kind: 'table-header'; columns: string[] }
  | { kind: 'paragraph'; text: string };

type SalaryCells = {
  position: string;
  salaryMin: number;
  salaryMax: number;
  growthPct: number;
  keySkills: string[];
  salaryText: string;
};

/** "CBP Officer$70,000 - $90,0005%Inspection, Investigation" — position, range, growth, skills. */
const SALARY_ROW = /^(.+?)\s*(\$\d{1,3}(?:,\d{3})+)\s*[-–—]\s*(\$\d{1,3}(?:,\d{3})+)\s*(\d+(?:\.\d+)?)%\s*(.*)$/;
const BULLET = /^[•·*-]\s+(.*)$/;
const NUMBERED = /^(\d{1,2})[.)]\s+(.*)$/;
/** Closing sections stand at the top level even after a run of sub-sections. */
const TOP_LEVEL = /^(conclusion|summary|final thoughts|introduction)$/i;

const money = (s: string) => Number(s.replace(/[$,]/g, ''));

export const parseSalaryRow = (line: string): SalaryCells | null => {
  const m = SALARY_ROW.exec(line);
  if (!m) return null;
  return {
    position: m[1]!.trim(),
    salaryMin: money(m[2]!),
    salaryMax: money(m[3]!),
    growthPct: Number(m[4]),
    keySkills: m[5]!
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    salaryText: `${m[2]} - ${m[3]}`,
  };
};

/** "PositionAverage SalaryGrowth RateKey Skills" → its column names. */
const splitGluedHeader = (line: string): string[] => line.split(/(?<=[a-z])(?=[A-Z])/).map((s) => s.trim());

const classify = (lines: string[]): Line[] =>
  lines.map((text, i) => {
    const cells = parseSalaryRow(text);
    if (cells) return { kind: 'row', cells };
    const next = lines[i + 1];
    if (next && parseSalaryRow(next) && /[a-z][A-Z]/.test(text) && !/[.:]$/.test(text)) {
      return { kind: 'table-header', columns: splitGluedHeader(text) };
    }
    const b = BULLET.exec(text);
    if (b) return { kind: 'item', text: b[1]!.trim() };
    const n = NUMBERED.exec(text);
    if (n) return { kind: 'item', text: n[2]!.trim(), number: Number(n[1]) };
    if (looksLikeHeading(text)) return { kind: 'heading', text: text.replace(/:$/, '').trim() };
    if (splitLabel(text)) return { kind: 'item', text };
    return { kind: 'paragraph', text };
  });

export type ArticleParse = { title: string | null; passages: Passage[] };

export const parseArticle = (
  sourceId: string,
  raw: string,
  endMarkers: readonly string[],
  topLevelHeadings: readonly string[] = [],
): ArticleParse => {
  const declaredTopLevel = new Set(topLevelHeadings.map((h) => repairHyphens(h).toLowerCase()));
  const isEnd = (l: string) => endMarkers.some((m) => m.toLowerCase() === l.toLowerCase());
  const lines: string[] = [];
  for (const l of raw.replace(/\r\n?/g, '\n').split('\n')) {
    const line = collapseSpaces(repairHyphens(l));
    if (line === '') continue;
    if (isEnd(line)) break;
    lines.push(line);
  }
  const classified = classify(lines);
  const { add, passages } = passageCollector(sourceId);

  let title: string | null = null;
  let start = 0;
  // A first line that is not a sentence is the page title ("Guide to X: A Comprehensive …").
  const first = lines[0];
  if (first && first.length <= 200 && !/[.!?]$/.test(first) && classified[1]?.kind === 'paragraph') {
    title = first.replace(/:$/, '');
    start = 1;
  }

  let parent: string | null = null;
  let current: string = 'Introduction';
  let lead: string | undefined;
  let columns = ['Position', 'Average Salary', 'Growth Rate', 'Key Skills'];
  const path = () => (parent ? [parent, current] : [current]);

  for (let i = start; i < classified.length; i++) {
    const line = classified[i]!;
    switch (line.kind) {
      case 'heading': {
        lead = undefined;
        const nextIsHeading = classified[i + 1]?.kind === 'heading';
        if (nextIsHeading || TOP_LEVEL.test(line.text) || declaredTopLevel.has(line.text.toLowerCase())) {
          parent = nextIsHeading ? line.text : null;
          current = line.text;
          if (nextIsHeading) {
            // The parent's own heading carries no text; its first child follows at once.
            current = (classified[++i] as { text: string }).text;
          }
        } else {
          current = line.text;
        }
        break;
      }
      case 'paragraph':
        add({ section: path(), text: line.text });
        lead = /:$/.test(line.text) ? line.text : undefined;
        break;
      case 'item': {
        const label = splitLabel(line.text)?.label;
        add({
          section: path(),
          text: line.text,
          ...(label ? { label } : {}),
          ...(lead ? { lead } : {}),
          ...(line.number !== undefined ? { data: { kind: 'step' as const, step: line.number } } : {}),
        });
        break;
      }
      case 'table-header':
        columns = line.columns;
        break;
      case 'row': {
        const c = line.cells;
        const [, salaryCol = 'Average Salary', growthCol = 'Growth Rate', skillsCol = 'Key Skills'] = columns;
        add({
          section: path(),
          label: c.position,
          role: c.position,
          text: `${c.position} — ${salaryCol}: ${c.salaryText}; ${growthCol}: ${c.growthPct}%; ${skillsCol}: ${c.keySkills.join(', ')}`,
          ...(lead ? { lead } : {}),
          data: {
            kind: 'salary',
            position: c.position,
            salaryMin: c.salaryMin,
            salaryMax: c.salaryMax,
            growthPct: c.growthPct,
            keySkills: c.keySkills,
          },
        });
        break;
      }
    }
  }
  return { title, passages };
};
