import { readFileSync } from 'node:fs';
import { CliError } from './cli-error';
import type { TokenSource } from './target';

// The agent writes its token to <state-dir>/token (mode 0600) at first start;
// a CLI that cannot read it should say which file and what to do. Read
// synchronously: node:fs comes with node's start, node:fs/promises would be one
// more module to load for every command.

/** Returns the token, reading the file when needed; a clear CliError when it cannot. */
export async function readToken(source: TokenSource): Promise<string> {
  if (source.from === 'env') return source.value.trim();
  let text: string;
  try {
    text = readFileSync(source.path, 'utf8');
  } catch (cause) {
    throw new CliError(`Error: cannot read the agent token from ${source.path}: ${reason(cause)}`);
  }
  const token = text.trim();
  if (!token)
    throw new CliError(
      `Error: the token file ${source.path} is empty: point UNDERLAY_TOKEN_FILE at the agent's <state-dir>/token.`,
    );
  return token;
}

function reason(cause: unknown): string {
  const code = (cause as NodeJS.ErrnoException).code;
  if (code === 'ENOENT')
    return "no such file. Is the agent running on this host? Otherwise set UNDERLAY_TOKEN_FILE to the agent's <state-dir>/token, or UNDERLAY_TOKEN.";
  if (code === 'EACCES' || code === 'EPERM')
    return 'permission denied. The file is readable by root only: run as root (sudo), or set UNDERLAY_TOKEN.';
  return `${(cause as Error).message}. Set UNDERLAY_TOKEN_FILE or UNDERLAY_TOKEN.`;
}

/** Reads the PEM of the CA given with --tls-ca/UNDERLAY_TLS_CA; a clear CliError when it cannot. */
export async function readTlsCa(path: string): Promise<string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const cause = error as NodeJS.ErrnoException;
    throw new CliError(
      `Error: cannot read the TLS CA from ${path} (--tls-ca/UNDERLAY_TLS_CA): ${cause.code === 'ENOENT' ? 'no such file' : cause.message}.`,
    );
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----'))
    throw new CliError(
      `Error: ${path} (--tls-ca/UNDERLAY_TLS_CA) holds no PEM certificate: give the CA that signed the agent's --tls-cert.`,
    );
  return text;
}
