import { type Issue, formatPath } from '../errors';

// Every problem found in a fleet file points at a place a person can go to:
// the file, the line (YAML) or row (CSV), the column, and the field.

/** Where in the source a value sits. `row` is the CSV record number (1 = first data row). */
export interface SourcePosition {
  line: number;
  column: number;
  row?: number;
}

/** An issue of core's, placed in a file. `field` is the dotted path in the fleet document. */
export interface FileIssue extends Issue, SourcePosition {
  file: string;
  field: string;
}

/** Finds the source position of a path in the parsed document (the nearest enclosing one when missing). */
export type Locate = (path: Issue['path']) => SourcePosition;

/** Places an issue with a locator. */
export function placeIssue(file: string, problem: Issue, locate: Locate): FileIssue {
  return { ...problem, file, field: formatPath(problem.path), ...locate(problem.path) };
}

/** One line for a person: `fleet.yaml:12:9: networks[1].subnets[0].subnet: SUBNET_HOST_BITS …`. */
export function formatFileIssue(problem: FileIssue): string {
  const where = problem.row
    ? `${problem.file}: row ${problem.row}, column ${problem.column} (line ${problem.line})`
    : `${problem.file}:${problem.line}:${problem.column}`;
  const hint = problem.hint ? ` ${problem.hint}` : '';
  const field = problem.field ? `${problem.field}: ` : '';
  const label = problem.severity === 'warning' ? 'warning' : 'error';
  return `${where}: ${label} ${problem.code}: ${field}${problem.message}${hint}`;
}
