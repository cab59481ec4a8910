/** `/salary`: the parsed salary table, whole or one role's row. */
import type { Passage } from '../../corpus/types.js';
import type { KnowledgeBase } from '../../knowledge.js';
import type { Reply } from '../reply.js';
import { byDocumentOrder, cleanUserText, message, nothingFound, quoted } from './shared.js';
import { matchRole, roleButtons } from './roles.js';

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
    return quoted(
      kb,
      { title: 'Salary and growth', query: '/salary', topic: 'salary' },
      rows.map((p) => ({ passage: p, heading: position(p) })),
    );
  }
  const m = matchRole(kb, role);
  const row = m.ok ? rows.filter((p) => position(p) === m.role.name || m.role.passageIds.includes(p.id)) : [];
  if (!m.ok || row.length === 0) {
    const shown = cleanUserText(role, 60);
    const positions = salaryPositions(kb);
    const candidates = m.ok ? [] : m.candidates.map((r) => r.name).filter((n) => positions.includes(n));
    const intro = m.ok
      ? `My salary table has no row for ${m.role.name}. It lists:`
      : candidates.length > 1
        ? `“${shown}” matches more than one role. Which one?`
        : `I don't know the role “${shown}”. The salary table lists:`;
    const offered = candidates.length > 1 ? candidates : positions;
    return { ...message('Salary', intro, 'declined', offered), buttons: roleButtons('salary', offered) };
  }
  const name = m.role.name;
  return quoted(
    kb,
    { title: `Salary — ${name}`, query: `/salary role: ${name}`, topic: 'salary', role: name },
    row.map((p) => ({ passage: p, heading: position(p) })),
  );
};
