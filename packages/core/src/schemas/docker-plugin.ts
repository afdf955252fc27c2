import { z } from 'zod';

// Docker's remote plugin protocol (legacy v1 plugins, API 1.2): the JSON that
// dockerd POSTs to /NetworkDriver.* and /IpamDriver.* and what it expects
// back. Field names are Docker's own, from moby's
// libnetwork/drivers/remote/api/api.go and libnetwork/ipams/remote/api/api.go.
// Requests are strict: an unknown field is refused with its name, because a
// misspelt field would otherwise be dropped silently. Option maps stay open
// (dockerd adds its own com.docker.* keys); the driver options inside
// com.docker.network.generic are checked by the network validation.

const id = z.string().min(1);
/** The driver options dockerd passes (`-o k=v` under com.docker.network.generic, and its own labels). */
const options = z.record(z.string(), z.unknown()).nullish();

/** Docker's IPAMData for one pool of a network (driverapi/ipamdata.go). */
export const DockerIpamDataSchema = z
  .object({
    AddressSpace: z.string(),
    Pool: z.string().min(1),
    Gateway: z.string().optional(),
    AuxAddresses: z.record(z.string(), z.string()).nullish(),
  })
  .strict();
export type DockerIpamData = z.infer<typeof DockerIpamDataSchema>;

/** /NetworkDriver.CreateNetwork */
export const DockerCreateNetworkSchema = z
  .object({
    NetworkID: id,
    Options: options,
    IPv4Data: z.array(DockerIpamDataSchema).nullish(),
    IPv6Data: z.array(DockerIpamDataSchema).nullish(),
  })
  .strict();
export type DockerCreateNetwork = z.infer<typeof DockerCreateNetworkSchema>;

/** /NetworkDriver.DeleteNetwork, /NetworkDriver.FreeNetwork */
export const DockerNetworkRefSchema = z.object({ NetworkID: id }).strict();

/** /NetworkDriver.AllocateNetwork (swarm only; answered as a local-scope driver) */
export const DockerAllocateNetworkSchema = DockerCreateNetworkSchema;

/** The endpoint's interface as Docker's IPAM chose it. */
export const DockerEndpointInterfaceSchema = z
  .object({
    Address: z.string().default(''),
    AddressIPv6: z.string().default(''),
    MacAddress: z.string().default(''),
  })
  .strict();

/** /NetworkDriver.CreateEndpoint */
export const DockerCreateEndpointSchema = z
  .object({
    NetworkID: id,
    EndpointID: id,
    Interface: DockerEndpointInterfaceSchema.nullish(),
    Options: options,
  })
  .strict();
export type DockerCreateEndpoint = z.infer<typeof DockerCreateEndpointSchema>;

/** DeleteEndpoint, EndpointOperInfo, Leave, RevokeExternalConnectivity */
export const DockerEndpointRefSchema = z.object({ NetworkID: id, EndpointID: id }).strict();
export type DockerEndpointRef = z.infer<typeof DockerEndpointRefSchema>;

/** /NetworkDriver.Join */
export const DockerJoinSchema = z
  .object({ NetworkID: id, EndpointID: id, SandboxKey: z.string().min(1), Options: options })
  .strict();
export type DockerJoin = z.infer<typeof DockerJoinSchema>;

/** /NetworkDriver.ProgramExternalConnectivity */
export const DockerProgramConnectivitySchema = z
  .object({ NetworkID: id, EndpointID: id, Options: options })
  .strict();

/** /NetworkDriver.DiscoverNew, /NetworkDriver.DiscoverDelete */
export const DockerDiscoverySchema = z
  .object({ DiscoveryType: z.number().int(), DiscoveryData: z.unknown() })
  .strict();

/** /NetworkDriver.GetCapabilities answer. */
export const DockerCapabilitiesSchema = z.object({
  Scope: z.enum(['local', 'global']),
  ConnectivityScope: z.enum(['local', 'global']),
});

/** A static route in Join's answer: RouteType 0 = via NextHop, 1 = connected. */
export const DockerStaticRouteSchema = z.object({
  Destination: z.string(),
  RouteType: z.union([z.literal(0), z.literal(1)]),
  NextHop: z.string().optional(),
});

/** /NetworkDriver.Join answer. */
export const DockerJoinResponseSchema = z.object({
  InterfaceName: z.object({ SrcName: z.string(), DstPrefix: z.string() }),
  Gateway: z.string().optional(),
  GatewayIPv6: z.string().optional(),
  StaticRoutes: z.array(DockerStaticRouteSchema).optional(),
  DisableGatewayService: z.boolean().optional(),
});
export type DockerJoinResponse = z.infer<typeof DockerJoinResponseSchema>;

/** /NetworkDriver.EndpointOperInfo answer (shown by docker inspect). */
export const DockerOperInfoSchema = z.object({ Value: z.record(z.string(), z.unknown()) });

/** /IpamDriver.GetCapabilities answer. */
export const DockerIpamCapabilitiesSchema = z.object({
  RequiresMACAddress: z.boolean(),
  RequiresRequestReplay: z.boolean(),
});

/** /IpamDriver.GetDefaultAddressSpaces answer. */
export const DockerAddressSpacesSchema = z.object({
  LocalDefaultAddressSpace: z.string(),
  GlobalDefaultAddressSpace: z.string(),
});

/** /IpamDriver.RequestPool */
export const DockerRequestPoolSchema = z
  .object({
    AddressSpace: z.string(),
    Pool: z.string().default(''),
    SubPool: z.string().default(''),
    Options: z.record(z.string(), z.string()).nullish(),
    V6: z.boolean().default(false),
  })
  .strict();
export type DockerRequestPool = z.infer<typeof DockerRequestPoolSchema>;

/** /IpamDriver.RequestPool answer. */
export const DockerPoolResponseSchema = z.object({
  PoolID: z.string(),
  Pool: z.string(),
  Data: z.record(z.string(), z.string()),
});

/** /IpamDriver.ReleasePool */
export const DockerReleasePoolSchema = z.object({ PoolID: id }).strict();

/** /IpamDriver.RequestAddress (Address empty: any free one) */
export const DockerRequestAddressSchema = z
  .object({
    PoolID: id,
    Address: z.string().default(''),
    Options: z.record(z.string(), z.string()).nullish(),
  })
  .strict();
export type DockerRequestAddress = z.infer<typeof DockerRequestAddressSchema>;

/** /IpamDriver.RequestAddress answer: `addr/prefix`. */
export const DockerAddressResponseSchema = z.object({
  Address: z.string(),
  Data: z.record(z.string(), z.string()),
});

/** /IpamDriver.ReleaseAddress */
export const DockerReleaseAddressSchema = z
  .object({ PoolID: id, Address: z.string().min(1) })
  .strict();

/** /Plugin.Activate answer. */
export const DockerManifestSchema = z.object({ Implements: z.array(z.string()) });

/** Docker's option keys the network driver reads (libnetwork/netlabel). */
export const DOCKER_LABELS = {
  generic: 'com.docker.network.generic',
  enableIpv6: 'com.docker.network.enable_ipv6',
  internal: 'com.docker.network.internal',
  enableIpv4: 'com.docker.network.enable_ipv4',
  gatewayRequest: 'com.docker.network.gateway',
  requestAddressType: 'RequestAddressType',
} as const;

/**
 * What the agent reads of dockerd's own API, `GET /networks/{id}` on its
 * socket: the containers on the network by container id, each with its
 * endpoint id (dockerd never tells a driver the container id). Loose
 * (passthrough): it is dockerd's answer, with many more fields, not a request.
 */
export const DockerdNetworkSchema = z
  .object({
    Containers: z
      .record(z.string(), z.object({ Name: z.string(), EndpointID: z.string() }).passthrough())
      .nullish(),
  })
  .passthrough();
export type DockerdNetwork = z.infer<typeof DockerdNetworkSchema>;
