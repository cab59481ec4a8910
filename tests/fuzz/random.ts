/**
 * A small seeded PRNG (mulberry32) and the choices the fuzz makes with it. One seed gives one
 * sequence of interactions, so a failing run is replayed with `npm run fuzz -- --seed S`. (Steps
 * built from the bot's replies can drift when a reply depends on the clock, e.g. a rate-limit
 * notice instead of an answer.)
 */
export type Random = {
  /** A float in [0, 1). */
  next: () => number;
  /** An integer in [0, n). */
  int: (n: number) => number;
  /** An integer in [min, max]. */
  between: (min: number, max: number) => number;
  chance: (p: number) => boolean;
  pick: <T>(items: readonly T[]) => T;
  /** One of the keys, in proportion to its weight. */
  weighted: <K extends string>(weights: Readonly<Record<K, number>>) => K;
};

export const createRandom = (seed: number): Random => {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[int(items.length)]!;
  };
  const weighted = <K extends string>(weights: Readonly<Record<K, number>>): K => {
    const entries = Object.entries(weights) as [K, number][];
    let r = next() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [key, w] of entries) {
      r -= w;
      if (r < 0) return key;
    }
    return entries[entries.length - 1]![0];
  };
  return { next, int, between: (min, max) => min + int(max - min + 1), chance: (p) => next() < p, pick, weighted };
};
