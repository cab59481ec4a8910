import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, StoreValidationError } from '../../src/store/index.js';
import { useStores } from './fixtures/tmp.js';

const { open } = useStores();

describe('settings', () => {
  it('defaults when nothing was saved', () => {
    expect(open().settings.get('g1')).toEqual(DEFAULT_SETTINGS);
  });

  it('updates merge into the current settings and survive a restart', () => {
    const store = open();
    store.settings.update('g1', { mentorRoleId: '123456789012345678' }, 'admin');
    const after = store.settings.update('g1', { answersPrivate: true, continueInThreads: true });
    expect(after).toEqual({
      ...DEFAULT_SETTINGS,
      mentorRoleId: '123456789012345678',
      answersPrivate: true,
      continueInThreads: true,
    });
    store.close();
    expect(open({ path: store.path }).settings.get('g1')).toEqual(after);
  });

  it('a role can be cleared with null', () => {
    const store = open();
    store.settings.update('g1', { recruiterRoleId: '42' });
    expect(store.settings.update('g1', { recruiterRoleId: null }).recruiterRoleId).toBeNull();
  });

  it('keeps guilds apart', () => {
    const store = open();
    store.settings.update('g1', { answersPrivate: true });
    expect(store.settings.get('g2')).toEqual(DEFAULT_SETTINGS);
  });

  it('rejects what is not a setting', () => {
    const store = open();
    expect(() => store.settings.update('g1', { mentorRoleId: 'mentors' })).toThrow(StoreValidationError);
    expect(() => store.settings.update('g1', { colour: 'red' } as never)).toThrow(StoreValidationError);
    expect(() => store.settings.get('')).toThrow(StoreValidationError);
    expect(store.settings.get('g1')).toEqual(DEFAULT_SETTINGS);
  });
});
