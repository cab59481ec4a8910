/**
 * The subset of Discord's server-side validation that bots commonly trip over, reproduced so tests
 * fail the way production would (HTTP 400 + Discord error JSON, which discord.js turns into a
 * DiscordAPIError with the same message).
 */

export interface DiscordErrorBody {
  message: string;
  code: number;
  errors?: Record<string, unknown>;
}

type Json = Record<string, unknown>;

interface FieldError {
  path: string;
  code: string;
  message: string;
}

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function maxLen(errors: FieldError[], path: string, value: unknown, max: number, min = 0): void {
  if (typeof value !== 'string') return;
  const len = [...value].length;
  if (len > max) errors.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
  else if (len < min) errors.push({ path, code: 'BASE_TYPE_MIN_LENGTH', message: `Must be ${min} or more in length.` });
}

function required(errors: FieldError[], path: string, value: unknown): void {
  if (value === undefined || value === null || value === '') {
    errors.push({ path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
  }
}

/** Build Discord's nested `errors` object from flat paths like `embeds.0.description`. */
function toDiscordErrors(errors: FieldError[]): Json {
  const root: Json = {};
  for (const e of errors) {
    let node = root;
    for (const part of e.path.split('.')) {
      node[part] ??= {};
      node = node[part] as Json;
    }
    const list = (node._errors ??= []) as unknown[];
    list.push({ code: e.code, message: e.message });
  }
  return root;
}

function invalidFormBody(errors: FieldError[]): DiscordErrorBody | null {
  if (errors.length === 0) return null;
  return { message: 'Invalid Form Body', code: 50035, errors: toDiscordErrors(errors) };
}

function validateEmbeds(errors: FieldError[], embeds: unknown): void {
  const list = arr(embeds);
  if (list.length > 10)
    errors.push({ path: 'embeds', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 10 or fewer in length.' });
  let total = 0;
  list.forEach((embed, i) => {
    if (!isObj(embed)) return;
    const p = `embeds.${i}`;
    maxLen(errors, `${p}.title`, embed.title, 256);
    maxLen(errors, `${p}.description`, embed.description, 4096);
    const footer = isObj(embed.footer) ? embed.footer : undefined;
    const author = isObj(embed.author) ? embed.author : undefined;
    maxLen(errors, `${p}.footer.text`, footer?.text, 2048);
    maxLen(errors, `${p}.author.name`, author?.name, 256);
    const fields = arr(embed.fields);
    if (fields.length > 25)
      errors.push({ path: `${p}.fields`, code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
    fields.forEach((f, j) => {
      if (!isObj(f)) return;
      required(errors, `${p}.fields.${j}.name`, f.name);
      required(errors, `${p}.fields.${j}.value`, f.value);
      maxLen(errors, `${p}.fields.${j}.name`, f.name, 256);
      maxLen(errors, `${p}.fields.${j}.value`, f.value, 1024);
      total += (str(f.name) ?? '').length + (str(f.value) ?? '').length;
    });
    total += (str(embed.title) ?? '').length + (str(embed.description) ?? '').length;
    total += (str(footer?.text) ?? '').length + (str(author?.name) ?? '').length;
    if (embed.url !== undefined && embed.url !== null && !/^https?:\/\//.test(String(embed.url))) {
      errors.push({ path: `${p}.url`, code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.' });
    }
  });
  if (total > 6000)
    errors.push({
      path: 'embeds',
      code: 'MAX_EMBED_SIZE_EXCEEDED',
      message: 'Embed size exceeds maximum size of 6000',
    });
}

function validateSelectOptions(errors: FieldError[], p: string, c: Json): void {
  const options = arr(c.options);
  if (c.type === 3) {
    if (options.length < 1 || options.length > 25) {
      errors.push({
        path: `${p}.options`,
        code: 'BASE_TYPE_BAD_LENGTH',
        message: 'Must be between 1 and 25 in length.',
      });
    }
    const values = new Set<string>();
    options.forEach((o, k) => {
      if (!isObj(o)) return;
      required(errors, `${p}.options.${k}.label`, o.label);
      required(errors, `${p}.options.${k}.value`, o.value);
      maxLen(errors, `${p}.options.${k}.label`, o.label, 100);
      maxLen(errors, `${p}.options.${k}.value`, o.value, 100);
      maxLen(errors, `${p}.options.${k}.description`, o.description, 100);
      const v = str(o.value);
      if (v !== undefined) {
        if (values.has(v))
          errors.push({
            path: `${p}.options.${k}.value`,
            code: 'SELECT_COMPONENT_OPTION_VALUE_DUPLICATED',
            message: 'Select component option values must be unique',
          });
        values.add(v);
      }
    });
  }
  maxLen(errors, `${p}.placeholder`, c.placeholder, 150);
  const min = typeof c.min_values === 'number' ? c.min_values : 1;
  const max = typeof c.max_values === 'number' ? c.max_values : 1;
  if (min > max)
    errors.push({
      path: `${p}.min_values`,
      code: 'BASE_TYPE_BAD_INT',
      message: 'min_values must be less than or equal to max_values',
    });
  if (c.type === 3 && max > options.length) {
    errors.push({
      path: `${p}.max_values`,
      code: 'BASE_TYPE_MAX_VALUE',
      message: `int value should be less than or equal to ${options.length}.`,
    });
  }
}

/** Validates classic components (action rows with buttons / selects); components v2 layouts are only checked for custom_id rules. */
function validateComponents(errors: FieldError[], components: unknown, isV2: boolean): void {
  const rows = arr(components);
  if (!isV2 && rows.length > 5)
    errors.push({ path: 'components', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 5 or fewer in length.' });
  if (!isV2) {
    rows.forEach((row, i) => {
      if (isObj(row) && row.type !== 1) {
        errors.push({
          path: `components.${i}.type`,
          code: 'UNION_TYPE_CHOICES',
          message: 'Value of field "type" must be one of (1,). (Components v2 layouts need the IS_COMPONENTS_V2 flag.)',
        });
      }
    });
  }
  const customIds = new Set<string>();
  const visit = (c: unknown, p: string): void => {
    if (!isObj(c)) return;
    if (c.type === 1) {
      const children = arr(c.components);
      const buttons = children.filter((x) => isObj(x) && x.type === 2).length;
      const selects = children.filter(
        (x) => isObj(x) && typeof x.type === 'number' && [3, 5, 6, 7, 8].includes(x.type),
      ).length;
      if (children.length === 0)
        errors.push({
          path: `${p}.components`,
          code: 'BASE_TYPE_BAD_LENGTH',
          message: 'Must be between 1 and 5 in length.',
        });
      if (buttons > 5 || children.length > 5)
        errors.push({
          path: `${p}.components`,
          code: 'BASE_TYPE_BAD_LENGTH',
          message: 'Must be between 1 and 5 in length.',
        });
      if (selects > 0 && children.length > 1)
        errors.push({
          path: `${p}.components`,
          code: 'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
          message: 'The specified component exceeds the maximum width',
        });
    }
    if (c.type === 2) {
      const isLink = c.style === 5;
      const isPremium = c.style === 6;
      if (isLink) {
        required(errors, `${p}.url`, c.url);
        if (c.custom_id !== undefined)
          errors.push({
            path: `${p}.custom_id`,
            code: 'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED',
            message: 'A custom id is not allowed on link buttons',
          });
      } else if (!isPremium) {
        required(errors, `${p}.custom_id`, c.custom_id);
      }
      maxLen(errors, `${p}.label`, c.label, 80);
      if (!isPremium && (c.label === undefined || c.label === '') && c.emoji === undefined) {
        errors.push({ path: `${p}.label`, code: 'BASE_TYPE_REQUIRED', message: 'A button needs a label or an emoji' });
      }
    }
    if (typeof c.type === 'number' && [3, 5, 6, 7, 8].includes(c.type)) {
      required(errors, `${p}.custom_id`, c.custom_id);
      validateSelectOptions(errors, p, c);
    }
    if (typeof c.custom_id === 'string') {
      maxLen(errors, `${p}.custom_id`, c.custom_id, 100, 1);
      if (customIds.has(c.custom_id)) {
        errors.push({
          path: `${p}.custom_id`,
          code: 'COMPONENT_CUSTOM_ID_DUPLICATED',
          message: 'Component custom id cannot be duplicated',
        });
      }
      customIds.add(c.custom_id);
    }
    arr(c.components).forEach((child, i) => visit(child, `${p}.components.${i}`));
    if (isObj(c.accessory)) visit(c.accessory, `${p}.accessory`);
  };
  rows.forEach((row, i) => visit(row, `components.${i}`));
}

function validateAllowedMentions(errors: FieldError[], am: unknown): void {
  if (!isObj(am)) return;
  const parse = arr(am.parse);
  for (const [i, p] of parse.entries()) {
    if (p !== 'users' && p !== 'roles' && p !== 'everyone') {
      errors.push({
        path: `allowed_mentions.parse.${i}`,
        code: 'BASE_TYPE_CHOICES',
        message: `Value must be one of ('roles', 'users', 'everyone').`,
      });
    }
  }
  for (const kind of ['users', 'roles'] as const) {
    if (parse.includes(kind) && arr(am[kind]).length > 0) {
      errors.push({
        path: `allowed_mentions`,
        code: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        message: `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`,
      });
    }
    if (arr(am[kind]).length > 100)
      errors.push({
        path: `allowed_mentions.${kind}`,
        code: 'BASE_TYPE_MAX_LENGTH',
        message: 'Must be 100 or fewer in length.',
      });
  }
}

export interface MessageValidationOptions {
  /** Creating a message (not editing): an empty message is rejected with 50006. */
  create: boolean;
  fileCount: number;
  /** Nest error paths under this key (`data` for interaction callbacks, as Discord does). */
  nestUnder?: string;
}

/** Validates a message create/edit body (channel message, interaction reply/update, webhook). */
export function validateMessageBody(body: unknown, opts: MessageValidationOptions): DiscordErrorBody | null {
  const b = isObj(body) ? body : {};
  const errors: FieldError[] = [];
  const flags = typeof b.flags === 'number' ? b.flags : 0;
  const isV2 = (flags & (1 << 15)) !== 0;
  if (isV2 && typeof b.content === 'string' && b.content.length > 0) {
    errors.push({
      path: 'content',
      code: 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
      message: "The 'content' field cannot be used when using MessageFlags.IS_COMPONENTS_V2",
    });
  }
  if (isV2 && arr(b.embeds).length > 0) {
    errors.push({
      path: 'embeds',
      code: 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
      message: "The 'embeds' field cannot be used when using MessageFlags.IS_COMPONENTS_V2",
    });
  }
  maxLen(errors, 'content', b.content, 2000);
  validateEmbeds(errors, b.embeds);
  validateComponents(errors, b.components, isV2);
  validateAllowedMentions(errors, b.allowed_mentions);
  if (opts.fileCount > 10)
    errors.push({ path: 'files', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 10 or fewer in length.' });
  const prefix = opts.nestUnder ? `${opts.nestUnder}.` : '';
  const invalid = invalidFormBody(errors.map((e) => ({ ...e, path: prefix + e.path })));
  if (invalid) return invalid;
  if (opts.create) {
    const hasContent = typeof b.content === 'string' && b.content.trim().length > 0;
    const hasEmbeds = arr(b.embeds).length > 0;
    const hasComponents = arr(b.components).length > 0;
    const hasOther = b.sticker_ids !== undefined && arr(b.sticker_ids).length > 0;
    const hasPoll = b.poll !== undefined && b.poll !== null;
    if (!hasContent && !hasEmbeds && !hasComponents && !hasOther && !hasPoll && opts.fileCount === 0) {
      return { message: 'Cannot send an empty message', code: 50006 };
    }
  }
  return null;
}

/** Kept exported from here for the tests that import it with the validators. */
export { LONE_SURROGATE_ERROR, loneSurrogatePath } from './surrogates.js';

/** Validates an autocomplete result (callback type 8) body. */
export function validateAutocompleteResult(data: unknown): DiscordErrorBody | null {
  const d = isObj(data) ? data : {};
  const errors: FieldError[] = [];
  const choices = arr(d.choices);
  if (choices.length > 25)
    errors.push({ path: 'data.choices', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
  choices.forEach((c, i) => {
    if (!isObj(c)) return;
    required(errors, `data.choices.${i}.name`, c.name);
    maxLen(errors, `data.choices.${i}.name`, c.name, 100, 1);
    maxLen(errors, `data.choices.${i}.value`, c.value, 100);
    if (c.value === undefined) required(errors, `data.choices.${i}.value`, c.value);
  });
  return invalidFormBody(errors);
}

/** Validates a modal (callback type 9) body: classic action rows of text inputs, or label (type 18) wrappers. */
export function validateModal(data: unknown): DiscordErrorBody | null {
  const d = isObj(data) ? data : {};
  const errors: FieldError[] = [];
  required(errors, 'data.title', d.title);
  maxLen(errors, 'data.title', d.title, 45, 1);
  required(errors, 'data.custom_id', d.custom_id);
  maxLen(errors, 'data.custom_id', d.custom_id, 100, 1);
  const rows = arr(d.components);
  if (rows.length < 1 || rows.length > 5)
    errors.push({
      path: 'data.components',
      code: 'BASE_TYPE_BAD_LENGTH',
      message: 'Must be between 1 and 5 in length.',
    });
  const ids = new Set<string>();
  const checkInput = (c: Json, p: string, label: unknown): void => {
    required(errors, `${p}.custom_id`, c.custom_id);
    maxLen(errors, `${p}.custom_id`, c.custom_id, 100, 1);
    if (c.type === 4) {
      maxLen(errors, `${p}.label`, label, 45);
      maxLen(errors, `${p}.value`, c.value, 4000);
      maxLen(errors, `${p}.placeholder`, c.placeholder, 100);
    }
    const id = str(c.custom_id);
    if (id !== undefined) {
      if (ids.has(id))
        errors.push({
          path: `${p}.custom_id`,
          code: 'COMPONENT_CUSTOM_ID_DUPLICATED',
          message: 'Component custom id cannot be duplicated',
        });
      ids.add(id);
    }
  };
  rows.forEach((row, i) => {
    if (!isObj(row)) return;
    const p = `data.components.${i}`;
    if (row.type === 1) {
      const inner = arr(row.components);
      if (inner.length !== 1)
        errors.push({
          path: `${p}.components`,
          code: 'BASE_TYPE_BAD_LENGTH',
          message: 'Must be between 1 and 1 in length.',
        });
      inner.forEach((c, j) => {
        if (isObj(c)) {
          required(errors, `${p}.components.${j}.label`, c.label);
          checkInput(c, `${p}.components.${j}`, c.label);
        }
      });
    } else if (row.type === 18) {
      required(errors, `${p}.label`, row.label);
      maxLen(errors, `${p}.label`, row.label, 45);
      if (isObj(row.component)) checkInput(row.component, `${p}.component`, row.label);
      else required(errors, `${p}.component`, row.component);
    } else if (row.type !== 10) {
      errors.push({
        path: `${p}.type`,
        code: 'UNION_TYPE_CHOICES',
        message: 'Value of field "type" must be one of (1, 10, 18).',
      });
    }
  });
  return invalidFormBody(errors);
}

const NAME_RE = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Validates one application command (as sent to POST/PUT .../commands). */
export function validateCommand(cmd: unknown, index: number, prefix = ''): FieldError[] {
  const errors: FieldError[] = [];
  if (!isObj(cmd))
    return [
      { path: `${prefix}${index}`, code: 'DICT_TYPE_CONVERT', message: 'Only dictionaries may be used in a DictType' },
    ];
  const p = `${prefix}${index}`;
  const type = typeof cmd.type === 'number' ? cmd.type : 1;
  const name = str(cmd.name);
  required(errors, `${p}.name`, name);
  if (name !== undefined) {
    if (type === 1 && (!NAME_RE.test(name) || name !== name.toLowerCase())) {
      errors.push({ path: `${p}.name`, code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
    }
    maxLen(errors, `${p}.name`, name, 32, 1);
  }
  if (type === 1) {
    required(errors, `${p}.description`, cmd.description);
    maxLen(errors, `${p}.description`, cmd.description, 100, 1);
  }
  const validateOptions = (options: unknown, path: string, depth: number): void => {
    const list = arr(options);
    if (list.length > 25)
      errors.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
    const names = new Set<string>();
    let seenOptional = false;
    list.forEach((o, i) => {
      if (!isObj(o)) return;
      const op = `${path}.${i}`;
      const oname = str(o.name);
      required(errors, `${op}.name`, oname);
      if (oname !== undefined) {
        if (!NAME_RE.test(oname) || oname !== oname.toLowerCase())
          errors.push({
            path: `${op}.name`,
            code: 'APPLICATION_COMMAND_INVALID_NAME',
            message: 'Command name is invalid',
          });
        if (names.has(oname))
          errors.push({
            path: `${op}.name`,
            code: 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS',
            message: 'Option names must be unique',
          });
        names.add(oname);
      }
      required(errors, `${op}.description`, o.description);
      maxLen(errors, `${op}.description`, o.description, 100, 1);
      const isSub = o.type === 1 || o.type === 2;
      if (isSub) {
        if (o.type === 2 && depth > 0)
          errors.push({
            path: `${op}.type`,
            code: 'APPLICATION_COMMAND_OPTION_TYPE_INVALID',
            message: 'Subcommand groups cannot be nested',
          });
        validateOptions(o.options, `${op}.options`, depth + 1);
      } else {
        if (o.required === true && seenOptional) {
          errors.push({
            path: `${op}.required`,
            code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
            message: 'Required options must be placed before non-required options',
          });
        }
        if (o.required !== true) seenOptional = true;
        const choices = arr(o.choices);
        if (choices.length > 25)
          errors.push({
            path: `${op}.choices`,
            code: 'BASE_TYPE_MAX_LENGTH',
            message: 'Must be 25 or fewer in length.',
          });
        if (choices.length > 0 && o.autocomplete === true) {
          errors.push({
            path: `${op}.autocomplete`,
            code: 'APPLICATION_COMMAND_AUTOCOMPLETE_INVALID',
            message: 'Autocomplete cannot be set with choices',
          });
        }
        choices.forEach((c, j) => {
          if (!isObj(c)) return;
          maxLen(errors, `${op}.choices.${j}.name`, c.name, 100, 1);
          maxLen(errors, `${op}.choices.${j}.value`, c.value, 100);
        });
      }
    });
  };
  validateOptions(cmd.options, `${p}.options`, 0);
  return errors;
}

export function validateCommandList(commands: unknown): DiscordErrorBody | null {
  const list = arr(commands);
  const errors: FieldError[] = [];
  if (list.length > 100)
    errors.push({ path: '_root', code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' });
  const seen = new Set<string>();
  list.forEach((cmd, i) => {
    errors.push(...validateCommand(cmd, i));
    if (isObj(cmd)) {
      const key = `${String(cmd.type ?? 1)}:${String(cmd.name)}`;
      if (seen.has(key))
        errors.push({
          path: `${i}.name`,
          code: 'APPLICATION_COMMANDS_DUPLICATE_NAME',
          message: `Application command names must be unique`,
        });
      seen.add(key);
    }
  });
  return invalidFormBody(errors);
}

export function validateSingleCommand(cmd: unknown): DiscordErrorBody | null {
  const errors = validateCommand(cmd, 0).map((e) => ({ ...e, path: e.path.replace(/^0\.?/, '') || '_root' }));
  return invalidFormBody(errors);
}
