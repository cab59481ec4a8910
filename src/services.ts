/**
 * The services every command context carries (store, per-server FAQ search), and the stand-ins
 * used when there is no database: saving features then refuse politely, answers still work.
 * Beside the command contract (command.ts), since every transport builds its contexts with them.
 */
import type { KnowledgeBase } from './knowledge.js';
import { createFaqSearch, type FaqSearch } from './answers/server-faq.js';
import { StoreUnavailableError, unavailableStore, type Store } from './store/index.js';

export type Services = { store: Store; faq: FaqSearch };

/** A store whose every method throws StoreUnavailableError (nothing configured, or tests). */
export const noStore = (why = 'no database is configured'): Store =>
  unavailableStore(new StoreUnavailableError(why, 'open'));

const searches = new WeakMap<KnowledgeBase, FaqSearch>();

/** One FAQ search per knowledge base, so its per-server indexes are shared by every context. */
export const faqSearchFor = (kb: KnowledgeBase): FaqSearch => {
  let s = searches.get(kb);
  if (!s) {
    s = createFaqSearch(kb);
    searches.set(kb, s);
  }
  return s;
};

export const servicesFor = (kb: KnowledgeBase, store?: Store): Services => ({
  store: store ?? noStore(),
  faq: faqSearchFor(kb),
});
