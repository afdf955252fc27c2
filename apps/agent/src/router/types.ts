import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './root';

// The agent's API as types, as create-t3-turbo's packages/api exports them:
// the CLI and the dashboard read every input and answer from here, so a field
// renamed in a core schema breaks their typecheck, not a user's run.

/** Every procedure's input, by noun and verb: `RouterInputs['networks']['create']`. */
export type RouterInputs = inferRouterInputs<AppRouter>;

/** Every procedure's answer, by noun and verb: `RouterOutputs['networks']['list']`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** `noun.verb` for every procedure of the router (`networks.create`, `host.info`…). */
export type ProcedurePath = {
  [Noun in keyof RouterInputs & string]: `${Noun}.${keyof RouterInputs[Noun] & string}`;
}[keyof RouterInputs & string];

/** The input a path declares. */
export type ProcedureInput<P extends ProcedurePath> =
  P extends `${infer Noun extends keyof RouterInputs & string}.${infer Verb}`
    ? Verb extends keyof RouterInputs[Noun]
      ? RouterInputs[Noun][Verb]
      : never
    : never;

/** The answer a path declares. */
export type ProcedureOutput<P extends ProcedurePath> =
  P extends `${infer Noun extends keyof RouterOutputs & string}.${infer Verb}`
    ? Verb extends keyof RouterOutputs[Noun]
      ? RouterOutputs[Noun][Verb]
      : never
    : never;

/** What a subscription yields to `onData` (`{ id, data }` for tracked events). */
export type SubscriptionData<P extends ProcedurePath> =
  ProcedureOutput<P> extends AsyncIterable<infer T> ? T : never;
