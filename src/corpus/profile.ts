/**
 * O*NET-style occupation profile (as copied from O*NET OnLine's summary page) → passages.
 * The page has a fixed set of section headings, so headings are recognised by name; anything
 * after the last section that is not a known heading or a bullet is page chrome and dropped.
 */
import type { Passage, PassageData } from './types.js';
import { passageCollector } from './passage.js';
import { collapseSpaces, isForeignScript, repairColonSpacing } from './text.js';

/** Groups O*NET uses to organise its sections; they become the outer part of the section path. */
const GROUPS = [
  'Occupation-Specific Information',
  'Occupational Requirements',
  'Worker Requirements',
  'Worker Characteristics',
  'Experience Requirements',
  'Workforce Characteristics',
  'Occupation Requirements',
] as const;

const SECTIONS = [
  'Tasks',
  'Technology Skills',
  'Tools Used',
  'Work Activities',
  'Detailed Work Activities',
  'Work Context',
  'Skills',
  'Knowledge',
  'Education',
  'Abilities',
  'Interests',
  'Work Values',
  'Work Styles',
  'Job Zone',
  'Credentials',
  'Related Occupations',
  'Wages & Employment Trends',
  'Job Openings',
] as const;

const JOB_TITLES = /^Sample of reported job titles:?$/i;
const BULLET = /^\s*[•·*]\s*(.*)$/;
const PERCENT_ONLY = /^(\d{1,3})%$/;
const CONTEXT_PERCENT = /^(\d{1,3})% responded\s*"?([^"]*)"?$/;

export type ProfileParse = { title: string; passages: Passage[] };

export const parseProfile = (sourceId: string, raw: string, endMarkers: readonly string[]): ProfileParse => {
  const lines = raw.replace(/\r\n?/g, '\n').split('\n');
  const { add, passages } = passageCollector(sourceId);
  const isEnd = (l: string) => endMarkers.some((m) => m.toLowerCase() === l.toLowerCase());

  let title = '';
  let group: string | null = null;
  let section: string | null = null;
  let expectTitles = false;
  let lead: string | undefined;
  // A bullet may continue over indented lines (technology examples, education categories).
  let bullet: string[] | null = null;

  const sectionPath = () => (section === null ? ['Description'] : [...(group ? [group] : []), section]);

  const flush = () => {
    if (!bullet || section === null) return (bullet = null);
    const [first = '', ...rest] = bullet;
    bullet = null;
    const pct = PERCENT_ONLY.exec(first);
    if (pct) {
      // Education: "39%" then the category on the following line.
      const category = collapseSpaces(rest.join(' '));
      const percent = Number(pct[1]);
      add({
        section: sectionPath(),
        label: category,
        text: `${percent}%: ${category}`,
        ...withLead(lead),
        data: { kind: 'percent', percent, category },
      });
      return;
    }
    // Continuation lines are list items separated by lone commas.
    const items = rest.map((l) => collapseSpaces(l)).filter((l) => l !== '' && l !== ',');
    const text = collapseSpaces(repairColonSpacing(first)) + (items.length ? `, ${items.join(', ')}` : '');
    const m = /^([^:]{1,80}): (.*)$/.exec(text);
    const label = m?.[1];
    let data: PassageData | undefined;
    const ctx = m ? CONTEXT_PERCENT.exec(m[2]!) : null;
    if (ctx && label) data = { kind: 'percent', percent: Number(ctx[1]), category: label, response: ctx[2] };
    const shown = ctx && label ? `${label}: ${ctx[1]}% responded "${ctx[2]}"` : text;
    add({
      section: sectionPath(),
      text: shown,
      ...(label ? { label } : {}),
      ...withLead(lead),
      ...(data ? { data } : {}),
    });
  };

  for (const rawLine of lines) {
    const line = rawLine.trim();
    if (line === '') continue;
    if (isEnd(line)) break;
    if (isForeignScript(line)) continue;
    const b = BULLET.exec(rawLine);
    if (b) {
      flush();
      bullet = [b[1]!.trim()];
      continue;
    }
    if (bullet && /^\s/.test(rawLine)) {
      bullet.push(line);
      continue;
    }
    flush();
    if (!title) {
      title = line;
      continue;
    }
    if ((GROUPS as readonly string[]).includes(line)) {
      group = line;
      continue;
    }
    if ((SECTIONS as readonly string[]).includes(line)) {
      section = line;
      lead = undefined;
      continue;
    }
    if (JOB_TITLES.test(line)) {
      expectTitles = true;
      continue;
    }
    if (expectTitles) {
      expectTitles = false;
      add({ section: ['Sample of reported job titles'], text: line });
      continue;
    }
    if (section === null) {
      add({ section: ['Description'], text: line });
      continue;
    }
    // A sentence introducing a list ("How much education does a new hire need…? Respondents said:").
    if (/[:?]$/.test(line)) lead = line;
    // Any other line inside the sections is page chrome the copy picked up: dropped.
  }
  flush();
  return { title, passages };
};

const withLead = (lead: string | undefined) => (lead ? { lead } : {});
