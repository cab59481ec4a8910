/**
 * Clarifying-choice buttons: `conv:<asker id>:<query>` (see custom-id.ts). Self-contained
 * (≤ 100 characters), so a choice still answers after a restart; the asker's id tells the
 * asker's press (the answer replaces the question) from anyone else's (a private answer of their own).
 */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';
import type { Clarification } from '../conversation/followup.js';
import { encodeChoice } from './custom-id.js';
import { LIMITS, truncate } from './limits.js';

export { CHOICE_PREFIX } from './custom-id.js';

/** The choices as rows of grey buttons (duplicates and choices too long for a custom_id left out). */
export const choiceRows = (
  clarification: Clarification,
  ownerId: string,
): APIActionRowComponent<APIButtonComponent>[] => {
  const buttons: APIButtonComponent[] = [];
  for (const c of clarification.choices) {
    const id = encodeChoice(ownerId, c.query);
    if (!id || buttons.some((b) => 'custom_id' in b && b.custom_id === id)) continue;
    buttons.push({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      custom_id: id,
      label: truncate(c.label, LIMITS.buttonLabel),
    });
  }
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  for (let i = 0; i < buttons.length && rows.length < LIMITS.actionRows; i += LIMITS.buttonsPerRow) {
    rows.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + LIMITS.buttonsPerRow) });
  }
  return rows;
};
