/**
 * A Reply as terminal text: title, intro, items with [n] markers, the sources they cite,
 * attribution and suggestions. ANSI colour only when asked for. Every string is stripped of
 * control characters first, so text echoed from a question cannot drive the terminal.
 */
import type { Citation } from './answer.js';
import { shortSuggestions, type Reply, type ReplyItem } from './reply.js';

export type RenderTextOptions = { color: boolean };

const ESC = '\u001b[';
const style = (on: boolean, open: string, close: string) => (s: string) =>
  on && s ? `${ESC}${open}m${s}${ESC}${close}m` : s;

/** Control characters (ESC, BEL, …) and bidi overrides out; newlines and tabs become spaces. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
export const plain = (s: string | undefined | null): string => String(s ?? '').replace(CONTROL, ' ');

/** Marked ranges of an item's text, emphasised (bold + underline) — only with colour. */
const marked = (item: ReplyItem, emphasise: (s: string) => string, color: boolean): string => {
  // A list item keeps its line breaks (one line per list entry); other controls go.
  const text = item.text.split('\n').map(plain).join('\n');
  if (!color || !item.marks || item.marks.length === 0) return text;
  const marks = [...item.marks].filter(([a, b]) => a >= 0 && b > a && b <= text.length).sort((x, y) => x[0] - y[0]);
  let out = '';
  let at = 0;
  for (const [a, b] of marks) {
    if (a < at) continue;
    out += text.slice(at, a) + emphasise(text.slice(a, b));
    at = b;
  }
  return out + text.slice(at);
};

export const citationLine = (c: Citation): string => {
  const where = [plain(c.title), plain(c.section)].filter(Boolean).join(' — ');
  const edited =
    c.serverWritten && /^\d{4}-\d{2}-\d{2}/.test(c.serverWritten.updatedAt)
      ? `, last edited ${c.serverWritten.updatedAt.slice(0, 10)}`
      : '';
  const by = c.serverWritten ? ` (written by ${plain(c.serverWritten.author)}${edited})` : '';
  return `[${c.n}] ${where}${c.url ? ` (${plain(c.url)})` : ''}${by}`;
};

export const renderText = (reply: Reply, opts: RenderTextOptions = { color: false }): string => {
  const color = opts.color === true;
  const bold = style(color, '1', '22');
  const dim = style(color, '2', '22');
  const cyan = style(color, '36', '39');
  const emphasise = (s: string) => (color ? `${ESC}1m${ESC}4m${s}${ESC}24m${ESC}22m` : s);
  const lines: string[] = [];

  lines.push(bold(plain(reply.title)));
  if (reply.intro) lines.push(plain(reply.intro));
  if (reply.items.length > 0) lines.push('');
  for (const item of reply.items) {
    if (item.heading) lines.push(cyan(plain(item.heading)));
    const cite = item.cite !== undefined ? ` ${dim(`[${item.cite}]`)}` : '';
    lines.push(`  • ${marked(item, emphasise, color).replace(/\n/g, '\n    ')}${cite}`);
  }
  if (reply.citations.length > 0) {
    lines.push('', bold('Sources'));
    for (const c of reply.citations) lines.push(`  ${citationLine(c)}`);
  }
  if (reply.attribution) {
    lines.push('');
    for (const a of reply.attribution.split('\n')) lines.push(dim(plain(a)));
  }
  const { shown, more } = shortSuggestions(reply);
  if (shown.length > 0) {
    // An intro ending in a colon ("They do cover:") already introduces the list.
    lines.push(...(reply.intro?.trimEnd().endsWith(':') ? [] : ['', bold('Try:')]));
    for (const s of shown) lines.push(`  - ${plain(s)}`);
    if (more > 0) lines.push(`  …and ${more} more (/help lists every command).`);
  }
  const choices = (reply.buttons ?? []).filter((b) => b.kind === 'choice');
  const links = (reply.buttons ?? []).filter((b) => b.kind === 'link');
  if (choices.length > 0 || links.length > 0) {
    lines.push('');
    for (const b of choices) {
      const args = Object.entries(b.args)
        .map(([k, v]) => ` ${k}: ${plain(v)}`)
        .join('');
      lines.push(`  ${dim('→')} ${plain(b.label)}: /${plain(b.command)}${args}`);
    }
    for (const b of links) lines.push(`  ${dim('→')} ${plain(b.label)}: ${plain(b.url)}`);
  }
  return lines.join('\n');
};
