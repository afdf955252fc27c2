import {
  CNI_VERSIONS,
  CniResultSchema,
  type CniNetConf,
  type CniResult,
  type CniVersion,
  type Endpoint,
  type PlanStep,
} from '@underlay/core';

// ADD's result as the spec shapes it: the container-side interface (with its
// sandbox), each address with the index of that interface and its gateway,
// the default routes the connect installed, and dns when configured. Written
// in the version asked for: 0.4.0 carries a "version" on each address, 1.x
// dropped it.

/** VERSION's answer. */
export const versionResult = (cniVersion: string) => ({
  cniVersion,
  supportedVersions: [...CNI_VERSIONS],
});

const DEFAULT_DST = { 4: '0.0.0.0/0', 6: '::/0' } as const;

/** The routes a connect's plan installed, in CNI terms. */
export function routesOf(steps: readonly PlanStep[]): { dst: string; gw?: string }[] {
  return steps.flatMap(({ op }) =>
    op.op === 'routeReplace' && op.dst === 'default'
      ? [{ dst: DEFAULT_DST[op.family], ...(op.via ? { gw: op.via } : {}) }]
      : [],
  );
}

/** The result's `ips`: each address on interface `index`, with the gateway of the route that uses it. */
function ipsOf(endpoint: Endpoint, routes: { dst: string; gw?: string }[], index: number) {
  return [endpoint.ipv4Address, endpoint.ipv6Address].flatMap((address) => {
    if (!address) return [];
    const v6 = address.includes(':');
    const gw = routes.find((r) => r.dst === (v6 ? DEFAULT_DST[6] : DEFAULT_DST[4]))?.gw;
    return [{ address, ...(gw ? { gateway: gw } : {}), interface: index }];
  });
}

/** The previous plugin's result (chained ADD), or an empty one. */
function previous(conf: CniNetConf): CniResult {
  const parsed = CniResultSchema.safeParse(conf.prevResult ?? { cniVersion: conf.cniVersion });
  return parsed.success ? parsed.data : { cniVersion: conf.cniVersion };
}

/** The ADD result for a new endpoint, after any prevResult entries (chaining), in `version`. */
export function addResult(opts: {
  version: CniVersion;
  conf: CniNetConf;
  endpoint: Endpoint;
  netnsPath: string;
  steps: readonly PlanStep[];
}): CniResult {
  const { version, conf, endpoint, netnsPath, steps } = opts;
  const prev = previous(conf);
  const interfaces = [
    ...(prev.interfaces ?? []),
    {
      name: endpoint.ifname,
      ...(endpoint.mac ? { mac: endpoint.mac } : {}),
      sandbox: netnsPath,
    },
  ];
  const routes = routesOf(steps);
  const ips = [...(prev.ips ?? []), ...ipsOf(endpoint, routes, interfaces.length - 1)];
  const dns = conf.dns ?? prev.dns;
  return convertResult(
    {
      cniVersion: version,
      interfaces,
      ips,
      routes: [...(prev.routes ?? []), ...routes],
      ...(dns && Object.keys(dns).length ? { dns } : {}),
    },
    version,
  );
}

/** A result in `version`: 0.4.0 adds "version" to each address, 1.x removes it. */
export function convertResult(result: CniResult, version: CniVersion): CniResult {
  const ips = result.ips?.map(({ version: _v, ...ip }) =>
    version === '0.4.0' ? { ...ip, version: ip.address.includes(':') ? '6' : '4' } : ip,
  ) as CniResult['ips'];
  return { ...result, cniVersion: version, ...(ips ? { ips } : {}) };
}
