import { LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { issue } from '../errors';
import type { FileIssue, Locate, SourcePosition } from './file-issue';

// YAML through eemeli/yaml: its document keeps every node's source range, and
// a LineCounter turns offsets into line and column, so an error found later
// by zod or by core's validate() is reported where the value was written.

/** The parsed data, a locator for paths in it, and the YAML syntax errors. */
export interface ParsedSource {
  data: unknown;
  locate: Locate;
  issues: FileIssue[];
}

function nodeAt(doc: Document, path: (string | number)[]): Node | null {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (node && typeof node === 'object' && 'range' in node) return node as Node;
  }
  return null;
}

/** Parses YAML text; syntax errors come back as INVALID_INPUT issues at their line. */
export function parseYaml(file: string, text: string): ParsedSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const locate: Locate = (path) => {
    const node = nodeAt(doc, path);
    return position(node?.range?.[0] ?? 0);
  };
  const issues = [...doc.errors, ...doc.warnings].map((error) => ({
    ...issue(
      'INVALID_INPUT',
      [],
      `YAML: ${error.message.split('\n')[0]!.replace(/\.$/, '')}.`,
      'Fix the YAML syntax.',
    ),
    file,
    field: '',
    ...position(error.pos[0]),
  }));
  const data: unknown = doc.errors.length ? null : doc.toJS();
  return { data, locate, issues };
}
