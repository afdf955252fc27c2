import { services } from '~/server/services';

// The hub's fleet store for agents (bearer token per host, not the admin
// session): the framework-neutral handler in @underlay/fleet-store does it all.

async function handler(req: Request): Promise<Response> {
  return (await services()).hubStore.handler(req);
}

export { handler as POST, handler as GET };
