import { describe, expect, it } from 'vitest';
import { CHECKLIST_LIMITS, StoreLimitError, StoreNotFoundError, StoreValidationError } from '../../src/store/index.js';
import { checklistItems } from '../../commands/checklist-items.js';
import { loadKnowledgeBase } from '../../src/knowledge.js';
import { useStores } from './fixtures/tmp.js';

const { open, clock } = useStores();
const mentor = { id: 'u-mentor', name: 'Mentor Mo' };
const FW1 = 'framework-33-3051.04:emerging:3';
const FW2 = 'framework-33-3051.04:emerging:4';

describe('custom checklist items', () => {
  it('add, list in order, get, remove with its ticks', () => {
    const store = open();
    const a = store.checklists.addCustomItem('g1', { level: 'emerging', text: ' Shadow a   port inspection ' }, mentor);
    clock.now += 1;
    const b = store.checklists.addCustomItem('g1', { level: 'emerging', text: 'Read the use-of-force policy' }, mentor);
    store.checklists.addCustomItem('g1', { level: 'advanced', text: 'Lead a briefing' }, mentor);
    expect(a).toMatchObject({
      id: expect.stringMatching(/^custom:\d+$/),
      level: 'emerging',
      text: 'Shadow a port inspection',
      authorName: 'Mentor Mo',
    });
    expect(store.checklists.listCustomItems('g1', 'emerging').map((i) => i.id)).toEqual([a.id, b.id]);
    expect(store.checklists.getCustomItem('g1', b.id)).toEqual(b);
    expect(store.checklists.getCustomItem('g1', FW1)).toBeNull();

    store.checklists.tick('g1', 'u1', a.id);
    store.checklists.tick('g1', 'u2', a.id);
    store.checklists.tick('g1', 'u1', FW1);
    expect(store.checklists.removeCustomItem('g1', a.id)).toEqual({ removed: a, ticksRemoved: 2 });
    expect(store.checklists.removeCustomItem('g1', a.id)).toEqual({ removed: null, ticksRemoved: 0 });
    expect(store.checklists.progress('g1', 'u1')).toEqual([FW1]);
    expect(store.checklists.listCustomItems('g1', 'emerging').map((i) => i.id)).toEqual([b.id]);
  });

  it(`allows ${CHECKLIST_LIMITS.customItemsPerLevel} custom items per guild and level`, () => {
    const store = open();
    for (let i = 0; i < CHECKLIST_LIMITS.customItemsPerLevel; i++) {
      store.checklists.addCustomItem('g1', { level: 'developing', text: `Item ${i}` }, mentor);
    }
    let err: unknown;
    try {
      store.checklists.addCustomItem('g1', { level: 'developing', text: 'One more' }, mentor);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreLimitError);
    expect((err as StoreLimitError).userMessage).toMatch(/developing checklist already has 25/);
    expect(store.checklists.listCustomItems('g1', 'developing')).toHaveLength(25);
    // Other levels and other guilds have their own allowance.
    store.checklists.addCustomItem('g1', { level: 'proficient', text: 'One more' }, mentor);
    store.checklists.addCustomItem('g2', { level: 'developing', text: 'One more' }, mentor);
  });

  it('refuses the same item twice on a level (case and spacing aside), not on another level', () => {
    const store = open();
    const first = store.checklists.addCustomItem('g1', { level: 'emerging', text: 'Shadow a port inspection' }, mentor);
    expect(() =>
      store.checklists.addCustomItem('g1', { level: 'emerging', text: 'shadow a  PORT inspection' }, mentor),
    ).toThrow(new RegExp(`already has this item \\(${first.id}\\)`));
    expect(
      store.checklists.addCustomItem('g1', { level: 'developing', text: 'Shadow a port inspection' }, mentor).level,
    ).toBe('developing');
    expect(
      store.checklists.addCustomItem('g2', { level: 'emerging', text: 'Shadow a port inspection' }, mentor).guildId,
    ).toBe('g2');
  });

  it('validates text and level', () => {
    const store = open();
    expect(() => store.checklists.addCustomItem('g1', { level: 'emerging', text: 'x'.repeat(301) }, mentor)).toThrow(
      /at most 300/,
    );
    expect(() => store.checklists.addCustomItem('g1', { level: 'emerging', text: '' }, mentor)).toThrow(
      StoreValidationError,
    );
    expect(() => store.checklists.addCustomItem('g1', { level: 'expert' as never, text: 'x' }, mentor)).toThrow(
      /level must be one of/,
    );
    store.checklists.addCustomItem('g1', { level: 'emerging', text: 'x'.repeat(300) }, mentor);
  });

  it('keeps guilds apart', () => {
    const store = open();
    const item = store.checklists.addCustomItem('g1', { level: 'emerging', text: 'Mine' }, mentor);
    expect(store.checklists.getCustomItem('g2', item.id)).toBeNull();
    expect(store.checklists.listCustomItems('g2', 'emerging')).toEqual([]);
    expect(store.checklists.removeCustomItem('g2', item.id).removed).toBeNull();
    expect(() => store.checklists.tick('g2', 'u1', item.id)).toThrow(StoreNotFoundError);
    expect(store.checklists.getCustomItem('g1', item.id)).toEqual(item);
  });
});

describe('ticks', () => {
  it('tick and untick are idempotent; progress lists ticked ids oldest first', () => {
    const store = open();
    expect(store.checklists.tick('g1', 'u1', FW2)).toEqual({ changed: true });
    clock.now += 1;
    expect(store.checklists.tick('g1', 'u1', FW1)).toEqual({ changed: true });
    expect(store.checklists.tick('g1', 'u1', FW2)).toEqual({ changed: false });
    expect(store.checklists.progress('g1', 'u1')).toEqual([FW2, FW1]);
    expect(store.checklists.untick('g1', 'u1', FW2)).toEqual({ changed: true });
    expect(store.checklists.untick('g1', 'u1', FW2)).toEqual({ changed: false });
    expect(store.checklists.progress('g1', 'u1')).toEqual([FW1]);
    expect(store.checklists.progress('g1', 'nobody')).toEqual([]);
  });

  it('an unknown custom item cannot be ticked; framework ids are taken on trust', () => {
    const store = open();
    expect(() => store.checklists.tick('g1', 'u1', 'custom:999')).toThrow(StoreNotFoundError);
    expect(store.checklists.tick('g1', 'u1', 'framework-anything:advanced:9').changed).toBe(true);
  });

  it('setTicks applies one menu choice in one transaction: all of it, or nothing', () => {
    const store = open();
    store.checklists.tick('g1', 'u1', FW2);
    expect(store.checklists.setTicks('g1', 'u1', { tick: [FW1, FW2], untick: [FW2] })).toEqual({
      ticked: 1,
      unticked: 1,
    });
    expect(store.checklists.progress('g1', 'u1')).toEqual([FW1]);
    // An item removed meanwhile: the whole choice is refused, the framework tick too.
    expect(() => store.checklists.setTicks('g1', 'u1', { tick: [FW2, 'custom:404'], untick: [FW1] })).toThrow(
      StoreNotFoundError,
    );
    expect(store.checklists.progress('g1', 'u1')).toEqual([FW1]);
    expect(store.checklists.setTicks('g1', 'u1', { tick: [], untick: [] })).toEqual({ ticked: 0, unticked: 0 });
  });

  it('stats count members per item, zero for untouched items, per guild', () => {
    const store = open();
    for (const u of ['u1', 'u2', 'u3']) store.checklists.tick('g1', u, FW1);
    store.checklists.tick('g1', 'u1', FW2);
    store.checklists.tick('g2', 'u9', FW2);
    expect(store.checklists.stats('g1', [FW1, FW2, 'never'])).toEqual(
      new Map([
        [FW1, 3],
        [FW2, 1],
        ['never', 0],
      ]),
    );
    expect(store.checklists.stats('g2', [FW1, FW2])).toEqual(
      new Map([
        [FW1, 0],
        [FW2, 1],
      ]),
    );
    expect(store.checklists.stats('g1', [])).toEqual(new Map());
  });

  it('progress survives a restart and a redeploy: the file reopened, the documents loaded afresh', () => {
    const first = loadKnowledgeBase();
    const store = open();
    const items = checklistItems(first, store, 'g1', 'advanced');
    const custom = store.checklists.addCustomItem('g1', { level: 'advanced', text: 'Brief the night shift' }, mentor);
    store.checklists.setTicks('g1', 'u1', { tick: [items[0]!.id, items[4]!.id, custom.id], untick: [] });
    const file = store.path;
    store.close();

    const redeployed = loadKnowledgeBase();
    const reopened = open({ path: file });
    const again = checklistItems(redeployed, reopened, 'g1', 'advanced');
    expect(again.map((i) => i.id)).toEqual([...items.map((i) => i.id), custom.id]);
    const ticked = new Set(reopened.checklists.progress('g1', 'u1'));
    expect(again.filter((i) => ticked.has(i.id)).map((i) => i.code)).toEqual(['f1', 'f5', `c${custom.id.slice(7)}`]);
  });

  it('keeps guilds apart', () => {
    const store = open();
    store.checklists.tick('g1', 'u1', FW1);
    expect(store.checklists.progress('g2', 'u1')).toEqual([]);
    expect(store.checklists.untick('g2', 'u1', FW1).changed).toBe(false);
    expect(store.checklists.progress('g1', 'u1')).toEqual([FW1]);
  });
});
