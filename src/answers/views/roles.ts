/** `/roles`, and role names typed as free text (`/duties role:`, `/salary role:`). */
import type { Passage } from '../../corpus/types.js';
import type { KnowledgeBase } from '../../knowledge.js';
import type { Reply, ReplyButton } from '../reply.js';
import { REPLY_LIMITS } from '../reply-limits.js';
import { roleByName, type Role } from '../../search/roles.js';
import { stem, words } from '../../text/tokenize.js';
import { truncate } from '../../text/cut.js';
import { INVISIBLE, byDocumentOrder, cleanUserText, message, nothingFound, quoted } from './shared.js';

export const knownRoles = (kb: KnowledgeBase): string[] => kb.index.roles.map((r) => r.name);

export type RoleMatch = { ok: true; role: Role } | { ok: false; candidates: Role[] };

/**
 * A role typed as free text: exact name, any of its name variants ("CBP officer", "border
 * patrol agents"), a unique part of a name ("border patrol"), else the closest candidates.
 */
export const matchRole = (kb: KnowledgeBase, typed: string): RoleMatch => {
  const roles = kb.index.roles;
  const stop = kb.index.vocab.stopWords;
  const text = typed.replace(INVISIBLE, ' ').trim();
  if (text === '') return { ok: false, candidates: [] };
  const direct = roleByName(roles, text, stop);
  if (direct) return { ok: true, role: direct };
  const lower = text.toLowerCase();
  const containing = roles.filter((r) => r.name.toLowerCase().includes(lower));
  if (containing.length === 1 && lower.length >= 3) return { ok: true, role: containing[0]! };
  const typedTerms = new Set(
    words(text)
      .filter((w) => !stop.has(w))
      .map((w) => stem(w).replace(/s$/, '')),
  );
  const scored = roles
    .map((r) => ({ r, n: Math.max(...r.variants.map((v) => v.filter((t) => typedTerms.has(t)).length)) }))
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n);
  if (scored.length === 1 || (scored.length > 1 && scored[0]!.n > scored[1]!.n))
    return { ok: true, role: scored[0]!.r };
  return { ok: false, candidates: scored.map((x) => x.r) };
};

/** Pick-a-role buttons re-running a command with the role filled in: one row of them. */
export const roleButtons = (command: string, names: readonly string[]): ReplyButton[] =>
  names.slice(0, REPLY_LIMITS.buttonsPerRow).map((name) => ({
    kind: 'choice',
    label: truncate(name, REPLY_LIMITS.buttonLabel),
    command,
    args: { role: name },
  }));

export const unknownRole = (
  kb: KnowledgeBase,
  command: string,
  title: string,
  typed: string,
  candidates: readonly Role[],
): Reply => {
  const shown = cleanUserText(typed, 60);
  const names = (candidates.length > 0 ? candidates : kb.index.roles).map((r) => r.name);
  const intro =
    candidates.length > 1
      ? `“${shown}” matches more than one role. Which one?`
      : `I don't know the role “${shown}”. Roles I know:`;
  return { ...message(title, intro, 'declined', names), buttons: roleButtons(command, names) };
};

export const roleDescriptions = (kb: KnowledgeBase, role?: Role): Passage[] =>
  kb.corpus.passages
    .filter(
      (p) =>
        p.topics.includes('roles') &&
        p.role &&
        p.label &&
        (!role || role.passageIds.includes(p.id) || p.role === role.name),
    )
    .sort(byDocumentOrder(kb));

/** The roles the documents describe, each with its description. */
export const rolesView = (kb: KnowledgeBase): Reply => {
  const passages = roleDescriptions(kb);
  if (passages.length === 0) return nothingFound('Roles');
  return quoted(
    kb,
    { title: 'Roles', query: '/roles', topic: 'roles' },
    passages.map((p) => ({ passage: p, heading: p.role!, whole: true })),
  );
};
