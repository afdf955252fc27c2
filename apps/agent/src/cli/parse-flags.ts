import { usageError } from './cli-error';

// Docker's repeatable and key=value flags, as commander argParsers. Pure: no
// I/O, so every flag is unit-tested without an agent.

/** Appends each occurrence of a repeatable flag (`--subnet A --subnet B`). */
export const collect = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  value,
];

/** Splits `key=value` (the value may itself contain `=`); refuses a missing `=` or an empty key. */
export function parseKeyValue(flag: string, text: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq < 0)
    throw usageError(flag, `"${text}" is not key=value:`, `write it as ${flag} key=value.`);
  const key = text.slice(0, eq).trim();
  if (!key) throw usageError(flag, `"${text}" has an empty key:`, `write it as ${flag} key=value.`);
  return [key, text.slice(eq + 1)];
}

/** Folds repeated `key=value` flags into a map; a key given twice is refused (Docker would keep the last silently). */
export function keyValueMap(
  flag: string,
  texts: readonly string[] | undefined,
): Record<string, string> {
  const map: Record<string, string> = {};
  for (const text of texts ?? []) {
    const [key, value] = parseKeyValue(flag, text);
    if (key in map)
      throw usageError(
        flag,
        `"${key}" is given twice (${map[key]} and ${value}):`,
        'give each key once.',
      );
    map[key] = value;
  }
  return map;
}

/** A positive whole number flag (`-c 3`). */
export function parsePositiveInt(flag: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw usageError(flag, `"${text}" is not a positive whole number:`, `for example ${flag} 3.`);
  return Number(text);
}

/** A duration in seconds, fractions allowed (`-W 1.5`), returned in milliseconds. */
export function parseSeconds(flag: string, text: string): number {
  if (!/^\d+(\.\d+)?$/.test(text) || Number(text) <= 0)
    throw usageError(flag, `"${text}" is not a number of seconds:`, `for example ${flag} 2.`);
  return Math.round(Number(text) * 1000);
}

const TRUE_WORDS = new Set(['true', '1']);
const FALSE_WORDS = new Set(['false', '0']);

// Docker's booleans accept `--ipv4=false`; users also type `--ipv4 false`.
// commander's optional values would swallow the NAME after `--ipv6`, so these
// flags stay plain booleans and this rewrites the spelled-out forms first.
/** Rewrites `--F=false`, `--F false` to `--no-F` and `--F=true`, `--F true` to `--F`, for the given boolean flags. */
export function normaliseBooleanFlags(argv: readonly string[], flags: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const token = argv[i] as string;
    if (token === '--') return [...out, ...argv.slice(i)];
    const [name, value] = splitLong(token);
    if (!flags.includes(name)) {
      out.push(token);
      continue;
    }
    const next = argv[i + 1];
    const word =
      value ??
      (next !== undefined && (TRUE_WORDS.has(next) || FALSE_WORDS.has(next)) ? next : undefined);
    if (value === undefined && word !== undefined) i += 1;
    if (word === undefined || TRUE_WORDS.has(word)) out.push(`--${name}`);
    else if (FALSE_WORDS.has(word)) out.push(`--no-${name}`);
    else
      throw usageError(
        `--${name}`,
        `"${word}" is not a boolean:`,
        `use --${name}=true or --${name}=false.`,
      );
  }
  return out;
}

function splitLong(token: string): [string, string | undefined] {
  if (!token.startsWith('--')) return ['', undefined];
  const eq = token.indexOf('=');
  return eq < 0 ? [token.slice(2), undefined] : [token.slice(2, eq), token.slice(eq + 1)];
}
