import type { inferRouterInputs } from '@trpc/server';
import type { AppRouter } from '../router/root';

// The procedure paths the CLI may call, derived from the agent's router type:
// a renamed or removed procedure breaks the CLI's typecheck, not a user's run.

type Inputs = inferRouterInputs<AppRouter>;

/** `noun.verb` for every procedure of the router (`networks.create`, `host.info`…). */
export type ProcedurePath = {
  [Noun in keyof Inputs & string]: `${Noun}.${keyof Inputs[Noun] & string}`;
}[keyof Inputs & string];

/** The input type the agent's router declares for a path. */
export type ProcedureInput<P extends ProcedurePath> =
  P extends `${infer Noun extends keyof Inputs & string}.${infer Verb}`
    ? Verb extends keyof Inputs[Noun]
      ? Inputs[Noun][Verb]
      : never
    : never;
