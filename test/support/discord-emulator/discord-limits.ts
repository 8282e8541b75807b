// Discord's documented limits, checked the way Discord checks them: a broken limit is a 400 code 50035
// with the offending path. builders check some of these client-side, never the 2000-char content or the
// 6000-char total over all embeds of a message, which is why the emulator must.

import type { ErrorSink, FormPath } from './form-errors.ts';
import { asArray, asNumber, asString, charLength, isRecord, type JsonRecord } from './json-guards.ts';
import type { UploadedFile } from './parse-request-body.ts';

export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedTotal: 6000,
  actionRows: 5,
  rowComponents: 5,
  v2Components: 40,
  customId: 100,
  buttonLabel: 80,
  selectOptions: 25,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  fileBytes: 10 * 1024 * 1024,
  files: 10,
  chatInputCommands: 100,
  contextMenuCommands: 15,
  commandOptions: 25,
  commandName: 32,
  commandDescription: 100,
  commandTotalChars: 4000,
  modalTitle: 45,
  modalComponents: 5,
  textInputLabel: 45,
  textInputValue: 4000,
  placeholder: 100,
} as const;

export const MessageFlag = {
  SuppressEmbeds: 1 << 2,
  Ephemeral: 1 << 6,
  Loading: 1 << 7,
  SuppressNotifications: 1 << 12,
  IsComponentsV2: 1 << 15,
} as const;

const SELECT_TYPES = new Set([3, 5, 6, 7, 8]);
const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function maxLength(errors: ErrorSink, path: FormPath, max: number): void {
  errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
}

function badLength(errors: ErrorSink, path: FormPath, min: number, max: number): void {
  errors.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
}

function required(errors: ErrorSink, path: FormPath): void {
  errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
}

/** Checks an optional string field against [min, max] characters; returns its length (0 when absent). */
function checkString(errors: ErrorSink, path: FormPath, value: unknown, min: number, max: number): number {
  if (value === undefined || value === null) {
    if (min > 0) required(errors, path);
    return 0;
  }
  if (typeof value !== 'string') {
    errors.add(path, 'BASE_TYPE_STRING', 'Must be a string.');
    return 0;
  }
  const n = charLength(value);
  if (n < min || n > max) {
    if (min > 0) badLength(errors, path, min, max);
    else maxLength(errors, path, max);
  }
  return n;
}

function checkEmbed(errors: ErrorSink, path: FormPath, embed: unknown): number {
  if (!isRecord(embed)) {
    errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return 0;
  }
  let total = 0;
  total += checkString(errors, [...path, 'title'], embed.title, 0, LIMITS.embedTitle);
  total += checkString(errors, [...path, 'description'], embed.description, 0, LIMITS.embedDescription);
  const fields = asArray(embed.fields);
  if (fields.length > LIMITS.embedFields) maxLength(errors, [...path, 'fields'], LIMITS.embedFields);
  fields.forEach((field, i) => {
    const f = isRecord(field) ? field : {};
    total += checkString(errors, [...path, 'fields', i, 'name'], f.name, 1, LIMITS.fieldName);
    total += checkString(errors, [...path, 'fields', i, 'value'], f.value, 1, LIMITS.fieldValue);
  });
  if (isRecord(embed.footer)) {
    total += checkString(errors, [...path, 'footer', 'text'], embed.footer.text, 0, LIMITS.footerText);
  }
  if (isRecord(embed.author)) {
    total += checkString(errors, [...path, 'author', 'name'], embed.author.name, 1, LIMITS.authorName);
  }
  return total;
}

function checkCustomId(errors: ErrorSink, path: FormPath, value: unknown, seen: Set<string>): void {
  const n = checkString(errors, path, value, 1, LIMITS.customId);
  if (typeof value === 'string' && n > 0) {
    if (seen.has(value)) {
      errors.add(path, 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
    }
    seen.add(value);
  }
}

function checkInteractive(errors: ErrorSink, path: FormPath, c: JsonRecord, seen: Set<string>): void {
  const type = asNumber(c.type);
  if (type === 2) {
    const style = asNumber(c.style);
    if (style === undefined || style < 1 || style > 6) {
      errors.add([...path, 'style'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4, 5, 6}.');
    }
    if (c.label !== undefined) checkString(errors, [...path, 'label'], c.label, 0, LIMITS.buttonLabel);
    if (style === 5) {
      if (typeof c.url !== 'string') required(errors, [...path, 'url']);
      if (c.custom_id !== undefined) {
        errors.add([...path, 'custom_id'], 'BUTTON_LINK_CUSTOM_ID', 'A link button cannot have a custom id');
      }
    } else if (style !== 6) {
      checkCustomId(errors, [...path, 'custom_id'], c.custom_id, seen);
    }
  } else if (type !== undefined && SELECT_TYPES.has(type)) {
    checkCustomId(errors, [...path, 'custom_id'], c.custom_id, seen);
    if (type === 3) {
      const options = asArray(c.options);
      if (options.length < 1 || options.length > LIMITS.selectOptions) {
        badLength(errors, [...path, 'options'], 1, LIMITS.selectOptions);
      }
    }
  } else if (type === 4) {
    checkCustomId(errors, [...path, 'custom_id'], c.custom_id, seen);
  }
}

function countAndCheckV2(errors: ErrorSink, path: FormPath, c: unknown, seen: Set<string>): number {
  if (!isRecord(c)) return 0;
  let n = 1;
  checkInteractive(errors, path, c, seen);
  asArray(c.components).forEach((child, i) => {
    n += countAndCheckV2(errors, [...path, 'components', i], child, seen);
  });
  if (c.accessory !== undefined) n += countAndCheckV2(errors, [...path, 'accessory'], c.accessory, seen);
  if (c.component !== undefined) n += countAndCheckV2(errors, [...path, 'component'], c.component, seen);
  return n;
}

export function checkComponents(errors: ErrorSink, components: unknown, flags: number): void {
  if (components === undefined || components === null) return;
  if (!Array.isArray(components)) {
    errors.add(['components'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    return;
  }
  const seen = new Set<string>();
  if (flags & MessageFlag.IsComponentsV2) {
    let total = 0;
    components.forEach((c, i) => {
      total += countAndCheckV2(errors, ['components', i], c, seen);
    });
    if (total > LIMITS.v2Components) maxLength(errors, ['components'], LIMITS.v2Components);
    return;
  }
  if (components.length > LIMITS.actionRows) maxLength(errors, ['components'], LIMITS.actionRows);
  components.forEach((row, i) => {
    const path = ['components', i];
    if (!isRecord(row) || row.type !== 1) {
      errors.add(path, 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1,).');
      return;
    }
    const children = asArray(row.components);
    if (children.length < 1 || children.length > LIMITS.rowComponents) {
      badLength(errors, [...path, 'components'], 1, LIMITS.rowComponents);
    }
    const hasSelect = children.some((c) => isRecord(c) && SELECT_TYPES.has(asNumber(c.type) ?? 0));
    if (hasSelect && children.length > 1) {
      errors.add([...path, 'components'], 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'The specified component exceeds the maximum width');
    }
    children.forEach((c, j) => {
      if (isRecord(c)) checkInteractive(errors, [...path, 'components', j], c, seen);
    });
  });
}

function checkAllowedMentions(errors: ErrorSink, value: unknown): void {
  if (value === undefined || value === null) return;
  if (!isRecord(value)) {
    errors.add(['allowed_mentions'], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }
  const parse = asArray(value.parse);
  parse.forEach((p, i) => {
    if (p !== 'users' && p !== 'roles' && p !== 'everyone') {
      errors.add(['allowed_mentions', 'parse', i], 'BASE_TYPE_CHOICES', 'Value must be one of {"users", "roles", "everyone"}.');
    }
  });
  for (const kind of ['users', 'roles'] as const) {
    const list = asArray(value[kind]);
    if (list.length > 100) maxLength(errors, ['allowed_mentions', kind], 100);
    if (list.length > 0 && parse.includes(kind)) {
      errors.add(['allowed_mentions', 'parse'], 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', `parse:["${kind}"] and ${kind}: [ids] are mutually exclusive.`);
    }
  }
}

/** Checks the parts of a message body that are present (create and edit alike). */
export function checkMessageBody(errors: ErrorSink, body: JsonRecord, files: readonly UploadedFile[]): void {
  if (body.content !== undefined && body.content !== null) {
    checkString(errors, ['content'], body.content, 0, LIMITS.content);
  }
  if (body.embeds !== undefined && body.embeds !== null) {
    if (!Array.isArray(body.embeds)) {
      errors.add(['embeds'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    } else {
      if (body.embeds.length > LIMITS.embeds) maxLength(errors, ['embeds'], LIMITS.embeds);
      let total = 0;
      body.embeds.forEach((embed, i) => {
        total += checkEmbed(errors, ['embeds', i], embed);
      });
      if (total > LIMITS.embedTotal) {
        errors.add(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', `Embed size exceeds maximum size of ${LIMITS.embedTotal}`);
      }
    }
  }
  checkComponents(errors, body.components, asNumber(body.flags) ?? 0);
  checkAllowedMentions(errors, body.allowed_mentions);
  if (files.length > LIMITS.files) maxLength(errors, ['files'], LIMITS.files);
  files.forEach((file) => {
    if (file.data.length > LIMITS.fileBytes) {
      errors.add([file.field], 'BINARY_TYPE_MAX_SIZE', `File cannot be larger than ${LIMITS.fileBytes / 1024}.0 kb.`);
    }
  });
}

export function checkChoices(errors: ErrorSink, choices: unknown): void {
  if (!Array.isArray(choices)) {
    errors.add(['data', 'choices'], 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  if (choices.length > LIMITS.choices) maxLength(errors, ['data', 'choices'], LIMITS.choices);
  choices.forEach((choice, i) => {
    const c = isRecord(choice) ? choice : {};
    checkString(errors, ['data', 'choices', i, 'name'], c.name, 1, LIMITS.choiceName);
    if (typeof c.value === 'string') {
      checkString(errors, ['data', 'choices', i, 'value'], c.value, 0, LIMITS.choiceValue);
    } else if (asNumber(c.value) === undefined) {
      required(errors, ['data', 'choices', i, 'value']);
    }
  });
}

function checkTextInput(errors: ErrorSink, path: FormPath, input: JsonRecord, seen: Set<string>, legacy: boolean): void {
  checkCustomId(errors, [...path, 'custom_id'], input.custom_id, seen);
  const style = asNumber(input.style);
  if (style !== 1 && style !== 2) errors.add([...path, 'style'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2}.');
  if (legacy) checkString(errors, [...path, 'label'], input.label, 1, LIMITS.textInputLabel);
  if (input.value !== undefined) checkString(errors, [...path, 'value'], input.value, 0, LIMITS.textInputValue);
  if (input.placeholder !== undefined) {
    checkString(errors, [...path, 'placeholder'], input.placeholder, 0, LIMITS.placeholder);
  }
  const min = asNumber(input.min_length);
  const max = asNumber(input.max_length);
  if (min !== undefined && (min < 0 || min > LIMITS.textInputValue)) {
    errors.add([...path, 'min_length'], 'NUMBER_TYPE_MAX', `int value should be between 0 and ${LIMITS.textInputValue}.`);
  }
  if (max !== undefined && (max < 1 || max > LIMITS.textInputValue)) {
    errors.add([...path, 'max_length'], 'NUMBER_TYPE_MAX', `int value should be between 1 and ${LIMITS.textInputValue}.`);
  }
}

export function checkModal(errors: ErrorSink, data: unknown): void {
  if (!isRecord(data)) {
    required(errors, ['data']);
    return;
  }
  const seen = new Set<string>();
  checkCustomId(errors, ['data', 'custom_id'], data.custom_id, new Set());
  checkString(errors, ['data', 'title'], data.title, 1, LIMITS.modalTitle);
  const components = asArray(data.components);
  if (components.length < 1 || components.length > LIMITS.modalComponents) {
    badLength(errors, ['data', 'components'], 1, LIMITS.modalComponents);
  }
  components.forEach((c, i) => {
    const path = ['data', 'components', i];
    if (!isRecord(c)) return;
    if (c.type === 1) {
      const inner = asArray(c.components);
      if (inner.length !== 1) badLength(errors, [...path, 'components'], 1, 1);
      inner.forEach((input, j) => {
        if (isRecord(input) && input.type === 4) {
          checkTextInput(errors, [...path, 'components', j], input, seen, true);
        } else {
          errors.add([...path, 'components', j], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (4,).');
        }
      });
    } else if (c.type === 18) {
      checkString(errors, [...path, 'label'], c.label, 1, LIMITS.textInputLabel);
      const inner = isRecord(c.component) ? c.component : undefined;
      if (!inner) required(errors, [...path, 'component']);
      else if (inner.type === 4) checkTextInput(errors, [...path, 'component'], inner, seen, false);
      else checkInteractive(errors, [...path, 'component'], inner, seen);
    } else if (c.type !== 10) {
      errors.add(path, 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1, 10, 18).');
    }
  });
}

function commandChars(option: JsonRecord): number {
  let n = charLength(asString(option.name) ?? '') + charLength(asString(option.description) ?? '');
  for (const choice of asArray(option.choices)) {
    if (!isRecord(choice)) continue;
    n += charLength(asString(choice.name) ?? '') + charLength(String(choice.value ?? ''));
  }
  for (const child of asArray(option.options)) if (isRecord(child)) n += commandChars(child);
  return n;
}

function checkOptions(errors: ErrorSink, path: FormPath, options: unknown, depth: number): void {
  if (options === undefined || options === null) return;
  if (!Array.isArray(options)) {
    errors.add(path, 'BASE_TYPE_ARRAY', 'Must be an array.');
    return;
  }
  if (options.length > LIMITS.commandOptions) maxLength(errors, path, LIMITS.commandOptions);
  const names = new Set<string>();
  let sawOptional = false;
  const isGroupLike = (o: unknown): boolean => isRecord(o) && (o.type === 1 || o.type === 2);
  const grouped = options.some(isGroupLike);
  if (grouped && !options.every(isGroupLike)) {
    errors.add(path, 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Sub-command and sub-command group option types are mutually exclusive to all other types');
  }
  options.forEach((raw, i) => {
    const p = [...path, i];
    if (!isRecord(raw)) {
      errors.add(p, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
      return;
    }
    const type = asNumber(raw.type);
    if (type === undefined || type < 1 || type > 11) {
      errors.add([...p, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.');
    }
    const name = asString(raw.name);
    if (name === undefined || !COMMAND_NAME.test(name) || name !== name.toLowerCase()) {
      errors.add([...p, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    } else if (names.has(name)) {
      errors.add([...p, 'name'], 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', 'Option names must be unique');
    } else {
      names.add(name);
    }
    checkString(errors, [...p, 'description'], raw.description, 1, LIMITS.commandDescription);
    if (type !== 1 && type !== 2) {
      if (raw.required === true && sawOptional) {
        errors.add([...p, 'required'], 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
      }
      if (raw.required !== true) sawOptional = true;
    }
    const choices = asArray(raw.choices);
    if (choices.length > LIMITS.choices) maxLength(errors, [...p, 'choices'], LIMITS.choices);
    if (choices.length > 0 && raw.autocomplete === true) {
      errors.add([...p, 'autocomplete'], 'APPLICATION_COMMAND_AUTOCOMPLETE_CHOICES', 'Autocomplete cannot be enabled on an option with choices');
    }
    choices.forEach((choice, j) => {
      const c = isRecord(choice) ? choice : {};
      checkString(errors, [...p, 'choices', j, 'name'], c.name, 1, LIMITS.choiceName);
      if (typeof c.value === 'string') checkString(errors, [...p, 'choices', j, 'value'], c.value, 1, LIMITS.choiceValue);
    });
    if (type === 1 || type === 2) {
      if (depth >= 2 || (type === 2 && depth >= 1)) {
        errors.add([...p, 'type'], 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Sub-command groups can only be nested one level');
      }
      if (type === 2 && asArray(raw.options).some((o) => !(isRecord(o) && o.type === 1))) {
        errors.add([...p, 'options'], 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Sub-command groups may only contain sub-commands');
      }
      checkOptions(errors, [...p, 'options'], raw.options, depth + 1);
    }
  });
}

/** Validates a bulk overwrite (PUT) body; errors are keyed by the command's index like Discord. */
export function checkCommandList(errors: ErrorSink, list: unknown): void {
  if (!Array.isArray(list)) {
    errors.add([], 'BASE_TYPE_ARRAY', 'Must be an array.');
    return;
  }
  const counts = new Map<number, number>();
  const names = new Set<string>();
  list.forEach((raw, i) => {
    checkCommand(errors, [i], raw);
    if (!isRecord(raw)) return;
    const type = asNumber(raw.type) ?? 1;
    counts.set(type, (counts.get(type) ?? 0) + 1);
    const key = `${type}:${asString(raw.name) ?? ''}`;
    if (names.has(key)) {
      errors.add([i, 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', 'Application command names must be unique');
    }
    names.add(key);
  });
  if ((counts.get(1) ?? 0) > LIMITS.chatInputCommands) maxLength(errors, [], LIMITS.chatInputCommands);
  for (const type of [2, 3]) {
    if ((counts.get(type) ?? 0) > LIMITS.contextMenuCommands) maxLength(errors, [], LIMITS.contextMenuCommands);
  }
}

export function checkCommand(errors: ErrorSink, path: FormPath, raw: unknown): void {
  if (!isRecord(raw)) {
    errors.add(path, 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
    return;
  }
  const type = asNumber(raw.type) ?? 1;
  const name = asString(raw.name);
  if (type === 1) {
    if (name === undefined || !COMMAND_NAME.test(name) || name !== name.toLowerCase()) {
      errors.add([...path, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    }
    checkString(errors, [...path, 'description'], raw.description, 1, LIMITS.commandDescription);
    checkOptions(errors, [...path, 'options'], raw.options, 0);
    if (commandChars(raw) > LIMITS.commandTotalChars) {
      errors.add(path, 'APPLICATION_COMMAND_TOO_LARGE', `Command exceeds maximum size (${LIMITS.commandTotalChars})`);
    }
  } else {
    checkString(errors, [...path, 'name'], name, 1, LIMITS.commandName);
    if (asString(raw.description)) {
      errors.add([...path, 'description'], 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION', 'Context menu commands cannot have description');
    }
  }
}
