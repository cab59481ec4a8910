/**
 * Interactive replies rendered for Discord within its limits: action ids (≤ 100 chars,
 * round-trip), buttons (≤ 5 per row, ≤ 5 rows, labels ≤ 80), select menus (≤ 25 options,
 * unique values), modals (title/labels ≤ 45, ≤ 5 fields), files; and the command payload with
 * subcommands, role and attachment options as the fake Discord validates it.
 */
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { buildCommandPayload, diffCommands } from '../../src/discord/deploy.js';
import { decodeAction, encodeAction, renderModal, renderReply } from '../../src/discord/render.js';
import type { Reply } from '../../src/answers/reply.js';
import { validateCommandList, validateMessageBody, validateModal } from '../support/fake-discord/validate.js';

const base: Reply = { outcome: 'info', title: 'T', intro: 'Intro', items: [{ text: 'one' }], citations: [] };

type Row = {
  type: number;
  components: {
    type: number;
    custom_id?: string;
    label?: string;
    options?: { value: string }[];
    min_values?: number;
    max_values?: number;
    style?: number;
  }[];
};
const rows = (r: ReturnType<typeof renderReply>) => r.components as unknown as Row[];
const asBody = (r: ReturnType<typeof renderReply>) => ({
  embeds: r.embeds,
  components: r.components,
  allowed_mentions: { parse: [] },
});

describe('action ids', () => {
  it('round-trip, escape separators, stay ≤ 100 characters', () => {
    const id = encodeAction('select', 'tick', ['emerging', '0']);
    expect(id).toBe('s:tick:emerging:0');
    expect(decodeAction(id)).toEqual({ action: 'tick', args: ['emerging', '0'] });
    const odd = encodeAction('button', 'x', ['a:b', '50%', '']);
    expect(decodeAction(odd)).toEqual({ action: 'x', args: ['a:b', '50%', ''] });
    const long = encodeAction('modal', 'faq-edit', ['x'.repeat(300)]);
    expect(long.length).toBeLessThanOrEqual(100);
    expect(decodeAction(long)).toEqual({ action: 'faq-edit', args: ['x'.repeat(300)] });
    for (const bad of ['', 'a', 'a:', 'pg:1:0:ask:e30', 'a~nokey', 'a:bad name:1', 'a:x:%E0%A4%A'])
      expect(decodeAction(bad)).toBeNull();
  });
});

describe('interactive replies', () => {
  it('action buttons: styles, ≤ 5 per row, ≤ 5 rows, labels ≤ 80, duplicates dropped', () => {
    const buttons = Array.from({ length: 40 }, (_, i) => ({
      kind: 'action' as const,
      label: `${'Label '.repeat(20)}${i}`,
      action: 'track',
      args: [String(i % 30)],
      style: 'danger' as const,
    }));
    const out = renderReply({ ...base, buttons });
    const r = rows(out);
    expect(r.length).toBe(5);
    for (const row of r) expect(row.components.length).toBeLessThanOrEqual(5);
    const all = r.flatMap((x) => x.components);
    expect(new Set(all.map((b) => b.custom_id)).size).toBe(all.length);
    for (const b of all) {
      expect(b.label!.length).toBeLessThanOrEqual(80);
      expect(b.style).toBe(4);
    }
    expect(validateMessageBody(asBody(out), { create: true, fileCount: 0 })).toBeNull();
  });

  it('select menus: one per row, ≤ 25 unique options, min/max clamped, before the buttons', () => {
    const options = Array.from({ length: 30 }, (_, i) => ({
      label: `Option ${i} ${'x'.repeat(120)}`,
      value: `v${i % 28}`,
      description: 'd'.repeat(150),
      default: i < 2,
    }));
    const out = renderReply({
      ...base,
      select: [
        { action: 'tick', args: ['emerging', '0'], placeholder: 'Pick', options, min: 0, max: 99 },
        {
          action: 'tick',
          args: ['emerging', '1'],
          placeholder: 'Pick more',
          options: options.slice(0, 3),
          min: 5,
          max: 2,
        },
        { action: 'tick', args: ['emerging', '2'], placeholder: 'Empty', options: [], min: 0, max: 1 },
      ],
      buttons: [{ kind: 'action', label: 'Go', action: 'track', args: ['emerging'] }],
    });
    const r = rows(out);
    expect(r.map((x) => x.components[0]!.type)).toEqual([3, 3, 2]);
    const [first, second] = r;
    expect(first!.components[0]!.options).toHaveLength(25);
    expect(first!.components[0]!.max_values).toBe(25);
    expect(first!.components[0]!.min_values).toBe(0);
    expect(second!.components[0]!.max_values).toBe(2);
    expect(second!.components[0]!.min_values).toBe(2);
    expect(validateMessageBody(asBody(out), { create: true, fileCount: 0 })).toBeNull();
  });

  it('paging keeps its row first; private personal replies offer no Post to channel', () => {
    const items = Array.from({ length: 40 }, (_, i) => ({ text: `${'word '.repeat(150)}${i}` }));
    const out = renderReply(
      {
        ...base,
        items,
        private: true,
        buttons: [{ kind: 'action', label: 'Helpful', action: 'vote', args: ['abc', 'y'] }],
      },
      { command: 'ask', args: { '@a': 'abcdefgh' }, userId: '1' },
    );
    const labels = rows(out).map((r) => r.components.map((c) => c.label));
    expect(labels[0]).toEqual(['◀ Previous', 'Next ▶', 'Post to channel']);
    expect(labels[1]).toEqual(['Helpful']);
    const personal = renderReply(
      { ...base, private: true, shareable: false },
      { command: 'progress.show', args: {}, userId: '1' },
    );
    expect(personal.components).toEqual([]);
  });

  it('files ride along with the payload', () => {
    const out = renderReply({ ...base, files: [{ name: 'faq.json', content: '{}' }] });
    expect(out.files).toEqual([{ name: 'faq.json', content: '{}' }]);
  });

  it('modals: title and labels ≤ 45, ≤ 5 text inputs, values within max length, valid for Discord', () => {
    const modal = renderModal({
      action: 'faq-edit',
      args: ['12'],
      title: 'Edit FAQ entry #12 with a title far longer than forty-five characters',
      fields: Array.from({ length: 7 }, (_, i) => ({
        id: `f${i}`,
        label: `Field ${i} ${'long label '.repeat(8)}`,
        style: i % 2 ? ('paragraph' as const) : ('short' as const),
        required: i === 0,
        maxLength: 200,
        value: 'v'.repeat(300),
        placeholder: 'p'.repeat(200),
      })),
    });
    expect(modal.title.length).toBeLessThanOrEqual(45);
    expect(modal.custom_id).toBe('m:faq-edit:12');
    expect(modal.components).toHaveLength(5);
    const first = modal.components[0] as unknown as {
      type: number;
      label: string;
      component: { style: number; value: string; max_length: number; required: boolean };
    };
    expect(first.type).toBe(18);
    expect(first.label.length).toBeLessThanOrEqual(45);
    expect(first.component.value.length).toBe(200);
    expect(first.component.required).toBe(true);
    expect(validateModal(modal)).toBeNull();
  });
});

describe('command payload with subcommands', () => {
  const body = buildCommandPayload(commands) as unknown as {
    name: string;
    options: { type: number; name: string; options?: { type: number; name: string; required: boolean }[] }[];
  }[];

  it('subcommands are type-1 options holding their own; roles are type 8, files type 11', () => {
    const faq = body.find((c) => c.name === 'faq')!;
    expect(faq.options.every((o) => o.type === 1)).toBe(true);
    expect(faq.options.map((o) => o.name)).toEqual([
      'add',
      'edit',
      'remove',
      'list',
      'show',
      'export',
      'import',
      'gaps',
    ]);
    expect(faq.options.find((o) => o.name === 'import')!.options).toEqual([
      expect.objectContaining({ name: 'file', type: 11, required: true }),
    ]);
    const set = body.find((c) => c.name === 'settings')!.options.find((o) => o.name === 'set')!;
    expect(set.options!.find((o) => o.name === 'mentor-role')?.type).toBe(8);
    const checklist = body.find((c) => c.name === 'checklist')!;
    expect(checklist.options.find((o) => o.name === 'remove')!.options![0]).toMatchObject({
      name: 'item',
      type: 3,
      required: true,
      autocomplete: true,
    });
  });

  it('the whole registry passes Discord validation, and a changed subcommand shows in the diff', () => {
    expect(validateCommandList(body)).toBeNull();
    const current = (body as unknown as Record<string, unknown>[]).map((c) => ({ ...c, id: '1' }));
    expect(diffCommands(current as never, body as never).updated).toEqual([]);
    const changed = structuredClone(current) as unknown as typeof body;
    changed.find((c) => c.name === 'faq')!.options.find((o) => o.name === 'import')!.options![0]!.required = false;
    expect(diffCommands(changed as never, body as never).updated).toEqual(['faq']);
  });
});
