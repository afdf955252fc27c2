import { z } from 'zod';
import { FleetFileSchema } from './schema';

// Editors validate fleet files with this (yaml-language-server, VS Code):
// generated from the zod schema the CLI parses with, so the two cannot drift.

/** The fleet file's JSON Schema (draft 2020-12). */
export function fleetJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(FleetFileSchema, { io: 'input' }),
    title: 'underlay fleet file',
  };
}
