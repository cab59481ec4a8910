/**
 * What the bot told members about the FAQ: each entry it acknowledged adding or saving (with the
 * text submitted), each it said it removed, each server it said it purged. Afterwards every entry
 * still expected must be in the store, in its server, with the text that was acknowledged.
 */
import { blockText, lineText } from '../../src/store/validation.js';

type Expected = { question: string; answer: string; step: number };

/** The store's own normalisation (whitespace, control characters, NFC), so text compares as stored. */
const asStoredLine = (s: string) => lineText('question', Number.MAX_SAFE_INTEGER).safeParse(s);
const asStoredBlock = (s: string) => blockText('answer', Number.MAX_SAFE_INTEGER).safeParse(s);

export class FaqLedger {
  private readonly expected = new Map<string, Map<number, Expected>>();
  acknowledged = 0;

  private guild(guildId: string): Map<number, Expected> {
    let m = this.expected.get(guildId);
    if (!m) this.expected.set(guildId, (m = new Map()));
    return m;
  }

  /**
   * Reads what one acknowledgement says happened. `text` is everything the member reads in it,
   * `fields` what the step submitted (for adds and edits).
   */
  record(step: number, guildId: string | null, text: string, fields: Record<string, string> | undefined): void {
    if (!guildId) return;
    const saved = /FAQ as \\?#(\d+)\b|Saved FAQ \\?#(\d+)\b/.exec(text);
    if (saved && fields) {
      const q = asStoredLine(fields.question ?? '');
      const a = asStoredBlock(fields.answer ?? '');
      this.acknowledged += 1;
      this.guild(guildId).set(Number(saved[1] ?? saved[2]), {
        question: q.success ? q.data : `(unparseable) ${fields.question}`,
        answer: a.success ? a.data : `(unparseable) ${fields.answer}`,
        step,
      });
    }
    const removed = /Removed FAQ \\?#(\d+)\b/.exec(text);
    if (removed) this.guild(guildId).delete(Number(removed[1]));
    if (/This server.s data is deleted/.test(text)) this.guild(guildId).clear();
  }

  /** Entries acknowledged and neither removed nor purged that the store does not hold as acknowledged. */
  missingFrom(rows: readonly { id: number; guild_id: string; question: string; answer: string }[]): string[] {
    const lost: string[] = [];
    for (const [guildId, entries] of this.expected) {
      for (const [id, e] of entries) {
        const row = rows.find((r) => r.id === id && r.guild_id === guildId);
        if (!row) lost.push(`FAQ #${id} in ${guildId}, acknowledged at step ${e.step}, is not in the store`);
        else if (row.question !== e.question || row.answer !== e.answer)
          lost.push(
            `FAQ #${id} in ${guildId} differs from what step ${e.step} saved: ${JSON.stringify(row.question).slice(0, 60)} vs ${JSON.stringify(e.question).slice(0, 60)}`,
          );
      }
    }
    return lost;
  }
}
