// Messages read as sentences (issue 16): every issue(…) and warning(…) built in
// core and in the agent ends its message and hint with a full stop (formatIssue
// joins them with a space, so "does not exist on this host network ls lists
// them" ran together), and no message interpolates a host name directly (an
// empty one printed "already exists on ."): onHost() words it.
// The builders are read with the TypeScript parser, so every call site counts,
// including ones no test reaches.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { onHost } from '../../src';

const ROOT = join(import.meta.dirname, '../../../..');
const SOURCES = ['packages/core/src', 'apps/agent/src'];
const BUILDERS = new Set(['issue', 'warning']);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

interface Finding {
  where: string;
  problem: string;
}

/** The text after the last interpolation of a literal, or null when the argument is not a literal. */
function literalTail(node: ts.Expression): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.templateSpans.at(-1)?.literal.text ?? null;
  return null;
}

/** The text before the first interpolation of a literal, or null when the argument is not a literal. */
function literalHead(node: ts.Expression): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text;
  return null;
}

function check(arg: ts.Expression | undefined, what: string): string[] {
  if (!arg) return [];
  const problems: string[] = [];
  // A hint is a sentence of its own after the message: it starts with a capital.
  const head = literalHead(arg);
  // Command names stay lower case at the start of a hint ("dockerd sends …", "underlay network ls …").
  const command = /^(underlay|dockerd|docker|podman|birdc|ip)\b/.test(head ?? '');
  if (what === 'hint' && head && /^[a-z]/.test(head) && !command)
    problems.push(`hint starts a sentence in lower case: ${JSON.stringify(head.slice(0, 30))}…`);
  const tail = literalTail(arg);
  if (tail !== null && !/[.?!]\)?$/.test(tail.trimEnd()))
    problems.push(`${what} does not end a sentence: …${JSON.stringify(tail.slice(-30))}`);
  if (ts.isTemplateExpression(arg))
    for (const span of arg.templateSpans)
      if (/^[\w.]*hostname$/.test(span.expression.getText()))
        problems.push(`${what} interpolates ${span.expression.getText()}: use onHost()`);
  return problems;
}

function scan(path: string): Finding[] {
  const source = ts.createSourceFile(
    path,
    readFileSync(path, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const findings: Finding[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      BUILDERS.has(node.expression.text)
    ) {
      const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      const where = `${relative(ROOT, path)}:${line}`;
      for (const problem of [
        ...check(node.arguments[2], 'message'),
        ...check(node.arguments[3], 'hint'),
      ])
        findings.push({ where, problem });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

describe('message catalogue', () => {
  const files = SOURCES.flatMap((dir) => filesUnder(join(ROOT, dir)));

  it('finds the builders it checks (the scan reads real call sites)', () => {
    const calls = files.join('\n');
    expect(files.length).toBeGreaterThan(50);
    expect(calls).toContain('validate');
  });

  it('ends every message and hint with a full stop, starts hints with a capital, and words host names with onHost()', () => {
    expect(files.flatMap(scan)).toEqual([]);
  });

  it('onHost words an unknown host name instead of leaving a hole', () => {
    expect(onHost('host-a')).toBe('on host-a');
    expect(onHost('')).toBe('on this host');
    expect(onHost('  ')).toBe('on this host');
  });
});
