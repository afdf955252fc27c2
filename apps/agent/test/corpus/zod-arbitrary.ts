import fc from 'fast-check';
import type { z } from 'zod';

// fast-check arbitraries from the agent's zod input schemas (issue 16's
// fuzzing): values near a valid request (right keys, right types, values from
// a pool of plausible and awkward text, sometimes a key dropped or added) and
// plain junk. Names stay in the fz- prefix so accepted calls are easy to undo.

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  values?: unknown[];
  entries?: Record<string, unknown>;
  valueType?: z.ZodType;
  in?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Plausible and awkward strings: names, addresses, CIDRs, paths, interface names, empty, long, odd bytes. */
const TEXT = fc.oneof(
  fc.constantFrom(
    'fz-a',
    'fz-b',
    'fz-c1',
    'eth0',
    'eth0.48',
    'eth0.4095',
    'lo',
    'l2',
    'l3',
    'private',
    'true',
    '10.48.0.0/24',
    '10.48.0.5',
    '10.48.0.1',
    'fd00:48::/64',
    'fd00:48::5',
    '0.0.0.0/0',
    '224.0.0.0/4',
    '/proc/1/ns/net',
    '/etc/passwd',
    '/run/netns/fz-a',
    '',
    ' ',
    '-',
    '..',
    'a/b',
    'x'.repeat(300),
    '%s%n',
    '$(reboot)',
    '\u0000',
    'ünïcode',
  ),
  fc.string({ maxLength: 40 }),
);

const NUMBER = fc.oneof(
  fc.constantFrom(0, 1, -1, 4, 6, 10, 11, 100, 65001, 4294967295, 4294967296, 1.5, 999999),
  fc.integer(),
  fc.double({ noNaN: false }),
);

/** An arbitrary for values of `schema` (and near it). */
export function nearValid(schema: z.ZodType, depth = 0): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return TEXT;
    case 'number':
      return NUMBER;
    case 'boolean':
      return fc.boolean();
    case 'literal':
      return fc.constantFrom(...(def.values ?? [null]));
    case 'enum':
      return fc.oneof(fc.constantFrom(...Object.values(def.entries ?? {})), TEXT);
    case 'optional':
    case 'nullable':
    case 'default':
      return fc.option(nearValid(def.innerType as z.ZodType, depth), { nil: undefined });
    case 'pipe':
      return nearValid(def.in as z.ZodType, depth);
    case 'union':
      return fc.oneof(...(def.options ?? []).map((o) => nearValid(o, depth)));
    case 'array':
      return depth > 3
        ? fc.constant([])
        : fc.array(nearValid(def.element as z.ZodType, depth + 1), { maxLength: 3 });
    case 'record':
      return fc.dictionary(TEXT, nearValid(def.valueType as z.ZodType, depth + 1), {
        maxKeys: 3,
      });
    case 'object':
      return objectNear(def.shape ?? {}, depth);
    default:
      return fc.anything();
  }
}

/** An object with each key usually there (sometimes dropped), and sometimes one key more. */
function objectNear(shape: Record<string, z.ZodType>, depth: number): fc.Arbitrary<unknown> {
  const fields = Object.fromEntries(
    Object.entries(shape).map(([k, s]) => [k, nearValid(s, depth + 1)]),
  );
  return fc
    .tuple(
      fc.record(fields, { requiredKeys: [] }),
      fc.option(fc.tuple(TEXT, fc.anything()), { freq: 4 }),
    )
    .map(([obj, extra]) => (extra ? { ...obj, [extra[0]]: extra[1] } : obj));
}

/** Near-valid input most of the time, junk of any shape otherwise. */
export const inputFor = (schema: z.ZodType): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: nearValid(schema) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
  );
