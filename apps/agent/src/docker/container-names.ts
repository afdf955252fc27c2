import type { DockerEndpoint } from '../store/docker';
import { dockerdContainers, type DockerdContainer } from './dockerd-api';

// Which Docker container holds each Docker endpoint, for inspect and the
// dashboard's snapshot. An endpoint belongs to one container for its whole
// life, so an answer is kept and dockerd is asked only about endpoints it
// has not named yet: a dashboard refresh costs no dockerd call once every
// container is named. Handed to the services as ServiceDeps.dockerNames by
// start-agent (service/ does not import docker/: docker/ builds on service/).

/** Names Docker endpoints by their containers; `all`: these are every endpoint, forget the others. */
export type DockerNamer = (
  endpoints: DockerEndpoint[],
  opts?: { all?: boolean },
) => Promise<Map<string, DockerdContainer>>;

/** A namer asking dockerd's API on socket; endpoints dockerd does not name (down, slow, not joined yet) are absent. */
export function dockerNamer(socket: string): DockerNamer {
  const cache = new Map<string, DockerdContainer>();
  return async (endpoints, opts = {}) => {
    if (opts.all) {
      const live = new Set(endpoints.map((e) => e.id));
      for (const id of cache.keys()) if (!live.has(id)) cache.delete(id);
    }
    const unknown = new Set(endpoints.filter((e) => !cache.has(e.id)).map((e) => e.networkId));
    const answers = await Promise.all([...unknown].map((id) => dockerdContainers(socket, id)));
    for (const answer of answers) for (const [ep, c] of answer ?? []) cache.set(ep, c);
    return new Map(endpoints.flatMap((e) => (cache.has(e.id) ? [[e.id, cache.get(e.id)!]] : [])));
  };
}
