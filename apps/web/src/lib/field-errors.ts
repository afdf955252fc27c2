import { formatPath } from '@underlay/core';

// The dashboard's forms show each error next to its field, in plain words:
// core's message and hint, without the prefixes that serve the CLI and logs
// (`host-a: `, `ipv4Address: `, `--ip `). Errors are data here (field key →
// list), so which ones show (touched, submitted) and which ones go (the input
// changed) is decided by small pure functions the unit tests exercise.

/** One message shown next to a field. */
export interface FieldError {
  text: string;
  /** core's ErrorCode (or the form's own, e.g. REQUIRED), exposed as data-code for tests. */
  code: string;
  severity: 'error' | 'warning';
}

/** Errors by form key (`name`, `subnet`, `ipv4Address`, `form` for the form as a whole). */
export type FieldErrors = Record<string, FieldError[]>;

/** A domain error's issue as the hub relays it. */
export interface RelayedIssue {
  code: string;
  path: (string | number)[];
  message: string;
  hint?: string | undefined;
  severity?: string | undefined;
}

const FLAG_WORDS: [RegExp, string][] = [
  [/^--ip6 /, 'IPv6 address '],
  [/^--ip /, 'IPv4 address '],
];

/** core's message and hint as one sentence for a form: no host or path prefix, no CLI flag in front. */
export function plainText(message: string, hint?: string): string {
  let text = message.split('\n')[0]?.trim() ?? '';
  for (const [flag, words] of FLAG_WORDS) text = text.replace(flag, words);
  text = text.charAt(0).toUpperCase() + text.slice(1);
  return hint ? `${text} ${hint}` : text;
}

/** Adds `error` under `key`, skipping a text already there. */
export function addError(errors: FieldErrors, key: string, error: FieldError): void {
  const list = (errors[key] ??= []);
  if (!list.some((e) => e.text === error.text)) list.push(error);
}

/** Several sources of errors as one map (order kept: local checks first). */
export function mergeErrors(...sources: FieldErrors[]): FieldErrors {
  const out: FieldErrors = {};
  for (const source of sources)
    for (const [key, list] of Object.entries(source)) for (const e of list) addError(out, key, e);
  return out;
}

/** Only the keys `show` lets through (warnings always show: they never block and are not red). */
export function visibleErrors(all: FieldErrors, show: (key: string) => boolean): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, list] of Object.entries(all)) {
    const kept = show(key) ? list : list.filter((e) => e.severity === 'warning');
    if (kept.length) out[key] = kept;
  }
  return out;
}

/** The map without `keys` (and without `form`, which any change may have fixed). */
export function withoutKeys(errors: FieldErrors, keys: readonly string[]): FieldErrors {
  const drop = new Set([...keys, 'form']);
  return Object.fromEntries(Object.entries(errors).filter(([key]) => !drop.has(key)));
}

/** True when any error (not a warning) is in the map. */
export const hasErrors = (errors: FieldErrors): boolean =>
  Object.values(errors).some((list) => list.some((e) => e.severity === 'error'));

/** Errors (not warnings) of one key. */
export const errorsOf = (errors: FieldErrors, key: string): FieldError[] =>
  (errors[key] ?? []).filter((e) => e.severity === 'error');

/** Puts "On host-a:" in front when a message concerns some hosts and does not already name them. */
export function onHosts(text: string, hosts: readonly string[]): string {
  const named = hosts.filter((h) => h !== '');
  if (named.length === 0 || named.every((h) => text.includes(h))) return text;
  // "Network …" reads on as "network …"; "IPv4 …" keeps its capitals.
  const rest = /^[A-Z][a-z]/.test(text) ? `${text.charAt(0).toLowerCase()}${text.slice(1)}` : text;
  return `On ${named.join(', ')}: ${rest}`;
}

/**
 * A refused call's domain data as field errors: each error issue under the key
 * `keyOf` gives its path (the whole form when it names none), in plain words.
 */
export function domainErrors(
  domain: {
    code: string;
    path: (string | number)[];
    message: string;
    hint?: string | undefined;
    issues?: RelayedIssue[] | undefined;
  },
  keyOf: (path: (string | number)[]) => string,
  hosts: readonly string[] = [],
): FieldErrors {
  const issues = domain.issues?.filter((i) => i.severity !== 'warning') ?? [];
  const prefix = domain.path.length ? `${formatPath(domain.path)}: ` : '';
  const bare = domain.message.startsWith(prefix)
    ? domain.message.slice(prefix.length)
    : domain.message;
  const list: RelayedIssue[] = issues.length ? issues : [{ ...domain, message: bare }];
  const out: FieldErrors = {};
  for (const i of list) {
    const text = onHosts(plainText(i.message, i.hint), hosts);
    addError(out, i.path.length ? keyOf(i.path) : 'form', {
      text,
      code: i.code,
      severity: 'error',
    });
  }
  return out;
}
