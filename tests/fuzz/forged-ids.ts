/**
 * Custom ids a modified client, an old message or an attacker could send: ids the bot issued with
 * a character changed, cut, re-tagged or carrying another member's id; every action from every
 * kind of component (the modal-only FAQ forms and the purge button included); command re-runs
 * (`run:`/`post:`/`pg:`) of writes the presser may not make; clarifying choices; plain garbage.
 */
import { actions } from '../../commands/index.js';
import type { Random } from './random.js';
import { GUILDS } from './world.js';

export type ForgeryMaterial = {
  /** Ids the bot has issued so far. */
  seenIds: readonly string[];
  /** Members whose ids a forged owner may carry. */
  memberIds: readonly string[];
  /** Odd text of at most `max` characters. */
  text: (max: number) => string;
};

export const forgedCustomId = (rng: Random, { seenIds, memberIds, text }: ForgeryMaterial): string => {
  const seenId = seenIds.length ? rng.pick(seenIds) : 'b:track:emerging';
  const someone = rng.pick(memberIds);
  const level = rng.pick(['emerging', 'advanced', 'expert', '']);
  switch (rng.weighted({ mutated: 3, action: 4, state: 3, choice: 1, garbage: 2 })) {
    case 'mutated': {
      const at = rng.int(seenId.length + 1);
      return rng.pick([
        seenId.slice(0, at),
        seenId.slice(0, at) + rng.pick(['x', ':', '%', '~', '{', '😀', '9']) + seenId.slice(at + 1),
        seenId.replace(/^[bsm]/, rng.pick(['b', 's', 'm', 'a'])),
        seenId.replace(/\d{17,20}/, someone),
        `${seenId}:extra`,
      ]);
    }
    case 'action':
      return rng.pick([
        ...actions.flatMap((a) => [`b:${a.name}`, `s:${a.name}`, `m:${a.name}`, `a:${a.name}`]),
        `m:faq-edit:${rng.between(1, 20)}`,
        'm:faq-edit:abc',
        `s:tick:${level}:0-99`,
        `s:tick:${level}`,
        `b:track:${level}:u`,
        'b:vote:1:nope',
        'b~AAAAAAAAAAAA',
        'm:faq-add:%E0%A4%A',
      ]);
    case 'state': {
      const args = rng.pick([
        '{"entry":"1"}',
        `{"level":"emerging","text":"forged item ${rng.int(1000)}"}`,
        `{"recruiter-role":"${GUILDS[0]!.recruiterRole}"}`,
        '{"question":"@everyone salary"}',
        '{"@a":"nope"}',
        '{}',
        '{"a":{"b":1}}',
      ]);
      const command = rng.pick([
        'faq.remove',
        'faq.add',
        'checklist.add',
        'checklist.remove',
        'settings.set',
        'settings.purge',
        'ask',
        'levels',
        'nope.nope',
      ]);
      return `${rng.pick(['pg', 'post', 'run'])}:${rng.pick(['0', '1', '999'])}:${rng.pick(['0', someone])}:${command}:${args}`;
    }
    case 'choice':
      return `conv:${someone}:${text(80).replace(/\n/g, ' ')}`;
    case 'garbage':
      return text(rng.pick([10, 100, 150]));
  }
};
