/** Form (modal) submissions: the action named in the form's id, with the typed fields. */
import type { ModalSubmitInteraction } from 'discord.js';
import { decodeCustomId } from '../custom-id.js';
import { runAction } from './action.js';
import type { Handling, Routed } from './context.js';
import { stale } from './respond.js';

export const handleModal = async (h: Handling, i: ModalSubmitInteraction): Promise<Routed> => {
  const id = decodeCustomId(i.customId, 'modal');
  if (id.kind === 'action') return runAction(h, i, id, 'modal');
  return stale(i, null, id.kind === 'rejected' ? id.reason : 'no-handler');
};
