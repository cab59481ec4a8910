/**
 * Rate limits for conversational questions: a per-member budget (e.g. 5 questions per 30 s)
 * with one polite notice per burst rather than one per message, and a per-channel flood cap.
 * Sliding windows of timestamps, pruned on use and capped in number of keys.
 */
export type RateDecision = { allowed: true } | { allowed: false; notify: boolean; retryAfterMs: number };

export type RateLimiter = { check: (key: string, now?: number) => RateDecision; size: () => number };

export const createRateLimiter = ({
  limit,
  windowMs,
  maxKeys = 10_000,
}: {
  limit: number;
  windowMs: number;
  maxKeys?: number;
}): RateLimiter => {
  const hits = new Map<string, { times: number[]; notified: boolean }>();
  return {
    check: (key, now = Date.now()) => {
      let entry = hits.get(key);
      if (!entry) {
        entry = { times: [], notified: false };
        hits.set(key, entry);
        if (hits.size > maxKeys) hits.delete(hits.keys().next().value!);
      }
      entry.times = entry.times.filter((t) => now - t < windowMs);
      if (entry.times.length < limit) {
        entry.times.push(now);
        entry.notified = false;
        return { allowed: true };
      }
      const notify = !entry.notified;
      entry.notified = true;
      return { allowed: false, notify, retryAfterMs: windowMs - (now - entry.times[0]!) };
    },
    size: () => hits.size,
  };
};
