/**
 * The limits a Reply's controls must fit, for the layers that build replies (src/answers,
 * commands/): how long a button label or a menu option may be, how many choices autocomplete
 * offers. They are Discord's — the strictest transport — kept here, below the transports, so
 * the reply builders need not import discord code; src/discord/limits.ts re-exports them with
 * the rest of Discord's limits. Lengths are UTF-16 code units (see src/text/cut.ts).
 */
export const REPLY_LIMITS = {
  buttonLabel: 80,
  buttonsPerRow: 5,
  /** Rows of buttons and menus under one message. */
  actionRows: 5,
  selectOptions: 25,
  /** A select option's label, value and description. */
  selectOptionText: 100,
  selectPlaceholder: 150,
  autocompleteChoices: 25,
  autocompleteChoiceName: 100,
  /** Also the longest value an option filled in by autocomplete can hold. */
  autocompleteChoiceValue: 100,
  /** A form: its title, its fields' labels, how many fields, a field's text and placeholder. */
  formTitle: 45,
  formFieldLabel: 45,
  formFields: 5,
  formFieldValue: 4000,
  formFieldPlaceholder: 100,
  /** Files attached to one message. */
  files: 10,
} as const;
