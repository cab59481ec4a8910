/**
 * Roles are read from the documents, not listed in code: the salary table's positions, joined
 * with the guide's role descriptions that name the same job ("Customs and Border Protection
 * (CBP) Officers" ⊇ "CBP Officer"). A question names a role when it contains all of a role
 * name's terms.
 */
import type { Passage } from '../corpus/types.js';
import { terms } from '../text/tokenize.js';

export type Role = {
  name: string;
  variants: string[][];
  passageIds: string[];
  /** Documents whose title names this role: the O*NET profile "Customs and Border Protection Officers" is the CBP Officer's. */
  documents: string[];
  /**
   * Topics the documents speak of for this role in particular (its salary row, its description,
   * its own profile). On any other topic the role is context: "do I need a degree to be a
   * Border Patrol agent" is answered by the general education passages.
   */
  topics: ReadonlySet<string>;
};

const nameVariants = (label: string): string[] => {
  const plain = label
    .replace(/\s*\([^)]*\)\s*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const acronym = /\(([A-Za-z0-9-]{2,8})\)/.exec(label)?.[1];
  const lastWord = plain.split(' ').at(-1) ?? '';
  return acronym ? [plain, `${acronym} ${lastWord}`] : [plain];
};

const singular = (t: string) => t.replace(/s$/, '');

export const discoverRoles = (passages: readonly Passage[], stopWords: ReadonlySet<string>): Role[] => {
  const toTerms = (s: string) => terms(s, stopWords).map(singular);
  const roles: Role[] = [];
  for (const p of passages) {
    if (p.data?.kind === 'salary') {
      roles.push({
        name: p.data.position,
        variants: [toTerms(p.data.position)],
        passageIds: [p.id],
        documents: [],
        topics: new Set(),
      });
    }
  }
  for (const p of passages) {
    if (!p.topics.includes('roles') || !p.label) continue;
    const variants = nameVariants(p.label).map(toTerms);
    const role = roles.find((r) => variants.some((v) => r.variants[0]!.every((t) => v.includes(t))));
    if (role) {
      role.variants.push(...variants);
      role.passageIds.push(p.id);
      p.role ??= role.name;
    } else {
      roles.push({ name: nameVariants(p.label)[0]!, variants, passageIds: [p.id], documents: [], topics: new Set() });
      p.role ??= nameVariants(p.label)[0]!;
    }
  }
  return roles;
};

/** Links each role to the documents whose title names it, then notes the topics its own passages cover. */
export const linkRoleDocuments = (
  roles: readonly Role[],
  titles: ReadonlyMap<string, string>,
  stopWords: ReadonlySet<string>,
  passages: readonly Passage[],
): void => {
  for (const [sourceId, title] of titles) {
    const role = findRole(roles, new Set(terms(title, stopWords).map(singular)));
    if (role && !role.documents.includes(sourceId)) role.documents.push(sourceId);
  }
  for (const role of roles) {
    const own = passages.filter((p) => p.role === role.name || role.documents.includes(p.sourceId));
    role.topics = new Set(own.flatMap((p) => p.topics));
  }
};

/** The role whose longest fully-present name variant is longest; null when none is named. */
export const findRole = (roles: readonly Role[], queryTerms: ReadonlySet<string>): Role | null => {
  let best: { role: Role; size: number } | null = null;
  for (const role of roles) {
    for (const v of role.variants) {
      if (v.length > 0 && v.every((t) => queryTerms.has(t)) && (!best || v.length > best.size))
        best = { role, size: v.length };
    }
  }
  return best?.role ?? null;
};

export const roleByName = (roles: readonly Role[], name: string, stopWords: ReadonlySet<string>): Role | null => {
  const exact = roles.find((r) => r.name.toLowerCase() === name.trim().toLowerCase());
  return exact ?? findRole(roles, new Set(terms(name, stopWords).map(singular)));
};
