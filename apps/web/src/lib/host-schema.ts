import { z } from 'zod';

// One schema for the "add host" form and the fleet.add/edit procedures, so
// the browser shows the same messages the server would send back.

const UNIX_PATH = /^\/[^\0]*$/;
const WS_URL = /^wss?:\/\/[^\s/]+(:\d{1,5})?(\/\S*)?$/;

/** A host as the user types it. */
export const HostInputSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'Give the host a name.')
      .max(64, 'Use at most 64 characters.')
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
        'Use letters, digits, dot, dash and underscore, starting with a letter or digit.',
      ),
    address: z
      .string()
      .trim()
      .refine(
        (a) => UNIX_PATH.test(a) || WS_URL.test(a),
        'Use the agent socket path (/run/underlay/agent.sock) or a ws://host:port / wss://host:port URL.',
      ),
    token: z
      .string()
      .trim()
      .min(1, "Paste the agent's token (the agent prints where it keeps it)."),
    tlsCa: z
      .string()
      .trim()
      .refine(
        (pem) => pem === '' || pem.includes('-----BEGIN CERTIFICATE-----'),
        'Paste a PEM certificate (-----BEGIN CERTIFICATE-----…), or leave empty.',
      )
      .optional(),
  })
  .strict();
export type HostInput = z.input<typeof HostInputSchema>;

/** Editing: the token may be left empty to keep the stored one. */
export const HostEditSchema = HostInputSchema.extend({
  id: z.string().min(1),
  token: z.string().trim().optional(),
}).strict();
export type HostEdit = z.input<typeof HostEditSchema>;

/** What the browser may see of a host: never the token. */
export interface HostPublic {
  id: string;
  name: string;
  address: string;
  hasTlsCa: boolean;
  source: 'manual' | 'lab';
}
