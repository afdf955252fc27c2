import { CLI_ROWS } from './rows-cli';
import { CNI_BASE_CONFIG, CNI_BASE_ENV, CNI_ROWS } from './rows-cni';
import { DOCKER_ROWS } from './rows-docker';
import { FORM_ROWS, type FormName } from './rows-form';
import { TRPC_ROWS } from './rows-trpc';

// The bad-input corpus of issue 16: one table of rows, each a bad input on one
// path (cli, trpc, form, cni, docker), the code it must be refused with, the
// field its one message must name, and words the message must contain (the
// value at fault or the fix). The rows are data, in rows-*.ts; README.md of
// apps/agent says how to add one.

interface Expect {
  /** The error code (ErrorCode for cli/trpc/form, the CNI error code, the Docker reply key; a form's own REQUIRED). */
  code: string;
  /** The field the message names: `ipam[0].subnet`, `--subnet`, `CNI_NETNS`, `Interface.MacAddress`; a form's field key (`subnet`). */
  field: string;
  words: string[];
}

export type CorpusRow = Expect &
  (
    | { path: 'trpc'; input: { proc: string; body: unknown } }
    | { path: 'cli'; input: { argv: string[] } }
    | { path: 'cni'; input: { env: Record<string, string>; stdin: string } }
    | { path: 'docker'; input: { endpoint: string; body: string } }
    | { path: 'form'; input: { form: FormName; fields: Record<string, string> } }
  );

/** The base CNI call with a row's changes: undefined drops a variable or key; a string is raw stdin. */
function cniInput(
  env: Record<string, string | undefined>,
  config: Record<string, unknown> | string,
): { env: Record<string, string>; stdin: string } {
  const merged = Object.entries({ ...CNI_BASE_ENV, ...env }).filter(
    (e): e is [string, string] => e[1] !== undefined,
  );
  const stdin =
    typeof config === 'string' ? config : JSON.stringify({ ...CNI_BASE_CONFIG, ...config });
  return { env: Object.fromEntries(merged), stdin };
}

export const CORPUS: CorpusRow[] = [
  ...TRPC_ROWS.map(([proc, body, code, field, ...words]): CorpusRow => ({
    path: 'trpc',
    input: { proc, body },
    code,
    field,
    words,
  })),
  ...CLI_ROWS.map(([argv, code, field, ...words]): CorpusRow => ({
    path: 'cli',
    input: { argv },
    code,
    field,
    words,
  })),
  ...CNI_ROWS.map(([env, config, code, field, ...words]): CorpusRow => ({
    path: 'cni',
    input: cniInput(env, config),
    code,
    field,
    words,
  })),
  ...DOCKER_ROWS.map(([endpoint, body, code, field, ...words]): CorpusRow => ({
    path: 'docker',
    input: { endpoint, body: typeof body === 'string' ? body : JSON.stringify(body) },
    code,
    field,
    words,
  })),
  ...FORM_ROWS.map(([form, fields, code, field, ...words]): CorpusRow => ({
    path: 'form',
    input: { form, fields },
    code,
    field,
    words,
  })),
];
