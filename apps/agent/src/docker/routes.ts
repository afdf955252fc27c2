import type { ServiceDeps } from '../service/deps';
import {
  ADDRESS_SPACES,
  releaseAddress,
  releasePool,
  requestAddress,
  requestPool,
} from './ipam-driver';
import {
  capabilities,
  createDockerEndpoint,
  createDockerNetwork,
  deleteDockerEndpoint_,
  deleteDockerNetwork,
  discovery,
  externalConnectivity,
  join,
  leave,
  notGlobal,
  operInfo,
} from './network-driver';

// Every path dockerd POSTs to, and its handler. The IPAM driver answers
// errors in `Error`, the network driver (and the handshake) in `Err`
// (moby's ipams/remote/api and drivers/remote/api).

/** A plugin method: takes the parsed body, returns the answer (or throws). */
export type Handler = (deps: ServiceDeps, body: unknown) => unknown;

/** The manifest: one process implements both plugin kinds. */
export const MANIFEST = { Implements: ['NetworkDriver', 'IpamDriver'] };

/** Path → handler. */
export const ROUTES: Record<string, Handler> = {
  '/Plugin.Activate': () => MANIFEST,
  '/NetworkDriver.GetCapabilities': capabilities,
  '/NetworkDriver.CreateNetwork': createDockerNetwork,
  '/NetworkDriver.DeleteNetwork': deleteDockerNetwork,
  '/NetworkDriver.AllocateNetwork': notGlobal('AllocateNetwork'),
  '/NetworkDriver.FreeNetwork': notGlobal('FreeNetwork'),
  '/NetworkDriver.CreateEndpoint': createDockerEndpoint,
  '/NetworkDriver.DeleteEndpoint': deleteDockerEndpoint_,
  '/NetworkDriver.EndpointOperInfo': operInfo,
  '/NetworkDriver.Join': join,
  '/NetworkDriver.Leave': leave,
  '/NetworkDriver.ProgramExternalConnectivity': externalConnectivity('program'),
  '/NetworkDriver.RevokeExternalConnectivity': externalConnectivity('revoke'),
  '/NetworkDriver.DiscoverNew': discovery,
  '/NetworkDriver.DiscoverDelete': discovery,
  // RequiresRequestReplay: dockerd replays pools and addresses at its start,
  // which RequestPool/RequestAddress answer idempotently.
  '/IpamDriver.GetCapabilities': () => ({ RequiresMACAddress: false, RequiresRequestReplay: true }),
  '/IpamDriver.GetDefaultAddressSpaces': () => ADDRESS_SPACES,
  '/IpamDriver.RequestPool': requestPool,
  '/IpamDriver.ReleasePool': releasePool,
  '/IpamDriver.RequestAddress': requestAddress,
  '/IpamDriver.ReleaseAddress': releaseAddress,
};

/** The error field of a path's answers. */
export const errorField = (path: string): 'Err' | 'Error' =>
  path.startsWith('/IpamDriver.') ? 'Error' : 'Err';
