import { DomainError, issue, type Issue } from '../errors';
import { formatCidr, parseCidr } from '../ip';
import type { Endpoint, Network } from '../schemas';
import type { AddressSpace } from './address-space';
import {
  ADDRESS_FIELD,
  type AddressRequest,
  allocateAddresses,
  type AllocatedAddresses,
  parseHostAddress,
  releaseAddresses,
} from './endpoint-addresses';
import { SubnetPool, type SubnetUsage } from './subnet-pool';

/** What IPAM needs of a network. */
export type IpamNetwork = Pick<Network, 'id' | 'name' | 'ipv4' | 'ipv6' | 'subnets'>;

/** What IPAM needs of a stored endpoint to take its addresses back at start-up. */
export type StoredEndpoint = Pick<Endpoint, 'networkId'> & AllocatedAddresses;

/** `allocateEndpoint`'s request: the network id and the optional `--ip`/`--ip6`. */
export interface EndpointRequest extends AddressRequest {
  network: string;
}

interface Entry {
  network: IpamNetwork;
  pools: SubnetPool[];
}

// One registry per host: the agent keeps it in memory, fills it from its store
// at start (restore) and changes it with each network and endpoint. Spaces are
// keyed by canonical subnet so identical subnets share their addresses.
/** The host's address management: every network's pools, and the subnets they share. */
export class Ipam {
  private readonly spaces = new Map<string, { space: AddressSpace; users: number }>();
  private readonly networks = new Map<string, Entry>();

  /** Creates the pools of a network and reserves its gateways and aux addresses; all or nothing. */
  addNetwork(network: IpamNetwork): void {
    if (this.networks.has(network.id))
      throw new DomainError(
        issue(
          'NETWORK_EXISTS',
          ['id'],
          `Network ${network.id} already has address pools.`,
          'Remove it first, or use another id.',
        ),
      );
    const pools: SubnetPool[] = [];
    try {
      network.subnets.forEach((subnet, index) => {
        if (subnet.family === 4 ? network.ipv4 === false : !network.ipv6) return;
        const pool = new SubnetPool({
          subnet,
          network: network.name,
          space: this.spaceFor(subnet.subnet),
          path: ['ipam', index],
        });
        this.adopt(pool.space);
        pools.push(pool);
      });
    } catch (error) {
      for (const pool of pools) this.dropPool(pool);
      throw error;
    }
    this.networks.set(network.id, { network, pools });
  }

  /** Drops a network's pools; refused while it still has endpoints; false when it had none. */
  removeNetwork(id: string): boolean {
    const entry = this.networks.get(id);
    if (!entry) return false;
    const endpoints = entry.pools.reduce((total, pool) => total + pool.endpoints, 0);
    if (endpoints > 0)
      throw new DomainError(
        issue(
          'NETWORK_HAS_ENDPOINTS',
          ['network'],
          `Network "${entry.network.name}" still has ${endpoints} address(es) in use.`,
          'Disconnect its containers first.',
        ),
      );
    for (const pool of entry.pools) this.dropPool(pool);
    this.networks.delete(id);
    return true;
  }

  /** The addresses for a new endpoint, per family the network has; on any failure none is kept. */
  allocateEndpoint(request: EndpointRequest): AllocatedAddresses {
    // The request is passed on whole (it reads only the address fields): no rest copy per connect.
    const entry = this.entry(request.network);
    return allocateAddresses(entry.pools, request, entry.network.name);
  }

  /** Gives back an endpoint's addresses (`addr/prefix` or plain); idempotent, returns how many were in use. */
  releaseEndpoint(request: AllocatedAddresses & { network: string }): number {
    const entry = this.networks.get(request.network);
    return entry ? releaseAddresses(entry.pools, request) : 0;
  }

  /** Docker's `Status.IPAM.Subnets`: usage per subnet of a network, keyed by CIDR. */
  usage(network: string): Record<string, SubnetUsage> {
    const result: Record<string, SubnetUsage> = {};
    for (const pool of this.entry(network).pools) result[pool.space.text] = pool.usage();
    return result;
  }

  /** The pools of a network, in subnet order (for inspection and tests). */
  pools(network: string): readonly SubnetPool[] {
    return this.entry(network).pools;
  }

  // At start the store is the truth: replay it, and report what cannot be
  // replayed (a duplicate, an address now reserved) instead of refusing to start.
  /** Rebuilds the state from stored networks and endpoints; returns one issue per record that could not be replayed. */
  restore(networks: IpamNetwork[], endpoints: StoredEndpoint[]): Issue[] {
    this.networks.clear();
    this.spaces.clear();
    const problems: Issue[] = [];
    networks.forEach((network, index) => {
      problems.push(...attempt(['networks', index], () => this.addNetwork(network)));
    });
    endpoints.forEach((endpoint, index) =>
      problems.push(...this.replay(endpoint, ['endpoints', index])),
    );
    return problems;
  }

  private replay(endpoint: StoredEndpoint, path: Issue['path']): Issue[] {
    const entry = this.networks.get(endpoint.networkId);
    if (!entry)
      return [
        issue(
          'NOT_FOUND',
          [...path, 'networkId'],
          `Endpoint refers to unknown network ${endpoint.networkId}.`,
        ),
      ];
    return (['ipv4Address', 'ipv6Address'] as const).flatMap((field) => {
      const text = endpoint[field];
      if (text === undefined) return [];
      return attempt(path, () => {
        const address = parseHostAddress(text);
        const pool =
          address &&
          entry.pools.find(
            (candidate) => candidate.space.offsetOf(address.family, address.value) !== null,
          );
        if (!address || !pool)
          throw new DomainError(
            issue(
              'ADDRESS_OUTSIDE_SUBNET',
              [ADDRESS_FIELD[address?.family ?? 4]],
              `${text} is in no subnet of network "${entry.network.name}".`,
            ),
          );
        pool.allocateStatic(address.value);
      });
    });
  }

  private entry(id: string): Entry {
    const entry = this.networks.get(id);
    if (!entry)
      throw new DomainError(
        issue(
          'NOT_FOUND',
          ['network'],
          `Network ${id} has no address pools.`,
          'Create the network first.',
        ),
      );
    return entry;
  }

  /** The space already used for this subnet by another network, if any (a new pool makes its own). */
  private spaceFor(text: string): AddressSpace | undefined {
    const cidr = parseCidr(text);
    return cidr ? this.spaces.get(formatCidr(cidr))?.space : undefined;
  }

  private dropPool(pool: SubnetPool): void {
    pool.close();
    const shared = this.spaces.get(pool.space.text);
    if (shared && --shared.users === 0) this.spaces.delete(pool.space.text);
  }

  private adopt(space: AddressSpace): void {
    const shared = this.spaces.get(space.text);
    if (shared) shared.users++;
    else this.spaces.set(space.text, { space, users: 1 });
  }
}

/** Runs a step and turns its DomainError into issues under `path`. */
function attempt(path: Issue['path'], step: () => void): Issue[] {
  try {
    step();
    return [];
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return error.issues.map((problem) => ({ ...problem, path: [...path, ...problem.path] }));
  }
}
