// dockerd's side of the plugin protocol, POSTed to the agent's plugin socket
// in the guest: [endpoint, body (an object, or raw text), reply key (Err for
// the network driver, Error for IPAM), field the reply starts with, words].
// Bodies start from what dockerd 20.10 sent in the lab (test/docker/fixtures).

export type DockerRow = [string, unknown, string, string, ...string[]];

const NET = 'cf68374b963169ad57c22ac8eae056ee282daecf92d3b06575a353da1bb6be95';
const EP = 'a4cdfac9c56ac338d91635d97fb38d63d96fdd32bf65d8aa45c2215f35bfd2e3';
const v4 = [{ AddressSpace: 'underlay-local', Gateway: '172.16.47.1/24', Pool: '172.16.47.0/24' }];
const createNet = (generic: Record<string, unknown>, more: Record<string, unknown> = {}) => ({
  NetworkID: NET,
  Options: { 'com.docker.network.enable_ipv6': false, 'com.docker.network.generic': generic },
  IPv4Data: v4,
  IPv6Data: [],
  ...more,
});
const ok = { parent: 'eth0.47' };
const ports = {
  'com.docker.network.endpoint.exposedports': [],
  'com.docker.network.portmap': [],
};
const pool = (more: Record<string, unknown>) => ({
  AddressSpace: 'underlay-local',
  Pool: '172.16.48.0/24',
  SubPool: '',
  Options: {},
  V6: false,
  ...more,
});

export const DOCKER_ROWS: DockerRow[] = [
  // NetworkDriver.CreateNetwork
  ['/NetworkDriver.CreateNetwork', '{"NetworkID": ', 'Err', 'request', 'not JSON'],
  [
    '/NetworkDriver.CreateNetwork',
    { ...createNet(ok), NetworkID: undefined },
    'Err',
    'NetworkID',
    'missing',
  ],
  [
    '/NetworkDriver.CreateNetwork',
    { ...createNet(ok), NetworkID: 7 },
    'Err',
    'NetworkID',
    'string',
  ],
  [
    '/NetworkDriver.CreateNetwork',
    createNet({ parent: 'eth0.47', 'ipvlan-mode': 'l3' }),
    'Err',
    'options.ipvlan-mode',
    'ipvlan_mode',
  ],
  [
    '/NetworkDriver.CreateNetwork',
    createNet({ ipvlan_mode: 'L3' }),
    'Err',
    'options.ipvlan_mode',
    '"L3"',
  ],
  [
    '/NetworkDriver.CreateNetwork',
    createNet({ ipvlan_flag: 'open' }),
    'Err',
    'options.ipvlan_flag',
    '"open"',
  ],
  [
    '/NetworkDriver.CreateNetwork',
    createNet({ parent: 'lo' }),
    'Err',
    'options.parent',
    'loopback',
  ],
  [
    '/NetworkDriver.CreateNetwork',
    createNet({ parent: 'eth0-far-too-long' }),
    'Err',
    'options.parent',
    'bytes long',
  ],
  [
    '/NetworkDriver.CreateNetwork',
    createNet({ parent: '' }),
    'Err',
    'options.parent',
    'empty value',
  ],
  [
    '/NetworkDriver.CreateNetwork',
    createNet({ parent: 'eth0.47', host_shim: 'yes' }),
    'Err',
    'options.host_shim',
    '"yes"',
  ],
  [
    '/NetworkDriver.CreateNetwork',
    createNet(ok, { IPv4Data: [{ ...v4[0], Pool: '224.2.0.0/24', Gateway: '224.2.0.1/24' }] }),
    'Err',
    'ipam[0].subnet',
    'multicast',
  ],
  [
    '/NetworkDriver.CreateNetwork',
    createNet(ok, { IPv4Data: [{ ...v4[0], Gateway: '172.16.99.1/24' }] }),
    'Err',
    'ipam[0].gateway',
    '172.16.99.1',
  ],
  [
    '/NetworkDriver.CreateNetwork',
    createNet(ok, { IPv4Data: [{ ...v4[0], Pool: '172.16.47.1/24' }] }),
    'Err',
    'ipam[0].subnet',
    'host bits',
  ],
  ['/NetworkDriver.CreateNetwork', createNet(ok, { IPv4Data: {} }), 'Err', 'IPv4Data', 'array'],
  ['/NetworkDriver.AllocateNetwork', createNet(ok), 'Err', 'AllocateNetwork', 'local-scope'],
  // NetworkDriver endpoint calls on a network the agent does not have
  [
    '/NetworkDriver.CreateEndpoint',
    {
      NetworkID: NET,
      EndpointID: EP,
      Interface: { Address: '172.16.47.10/24', AddressIPv6: '', MacAddress: '' },
      Options: ports,
    },
    'Err',
    'NetworkID',
    'no underlay network',
  ],
  [
    '/NetworkDriver.CreateEndpoint',
    { NetworkID: NET, Interface: {}, Options: ports },
    'Err',
    'EndpointID',
    'missing',
  ],
  [
    '/NetworkDriver.Join',
    { NetworkID: NET, EndpointID: EP, Options: ports },
    'Err',
    'SandboxKey',
    'missing',
  ],
  [
    '/NetworkDriver.Join',
    { NetworkID: NET, EndpointID: EP, SandboxKey: '/run/docker/netns/x', Options: ports },
    'Err',
    'NetworkID',
    'no underlay network',
  ],
  [
    '/NetworkDriver.Leave',
    { NetworkID: NET, EndpointID: EP },
    'Err',
    'NetworkID',
    'no underlay network',
  ],
  [
    '/NetworkDriver.EndpointOperInfo',
    { NetworkID: NET, EndpointID: EP },
    'Err',
    'EndpointID',
    'no Docker endpoint',
  ],
  [
    '/NetworkDriver.Leave',
    { NetworkID: NET, EndpointID: EP, Extra: 1 },
    'Err',
    'Extra',
    'unknown field',
  ],
  // IpamDriver
  ['/IpamDriver.RequestPool', '{nope', 'Error', 'request', 'not JSON'],
  [
    '/IpamDriver.RequestPool',
    pool({ Pool: '', SubPool: '10.0.0.0/26' }),
    'Error',
    'Pool',
    'SubPool',
  ],
  ['/IpamDriver.RequestPool', pool({ V6: true }), 'Error', 'Pool', 'V6 is true'],
  ['/IpamDriver.RequestPool', pool({ Pool: 'x' }), 'Error', 'Pool', '"x"'],
  ['/IpamDriver.RequestPool', pool({ Pool: '127.0.0.0/8' }), 'Error', 'Pool', 'loopback'],
  ['/IpamDriver.RequestPool', pool({ V6: 'no' }), 'Error', 'V6', 'boolean'],
  [
    '/IpamDriver.RequestAddress',
    { PoolID: 'underlay/10.9.9.0/24', Address: '', Options: null },
    'Error',
    'PoolID',
    'no pool',
  ],
  [
    '/IpamDriver.RequestAddress',
    { PoolID: 'x', Adress: '10.0.0.1' },
    'Error',
    'Adress',
    'unknown field',
  ],
  ['/IpamDriver.ReleasePool', {}, 'Error', 'PoolID', 'missing'],
  // A misspelt key: one message at the field dockerd sends, naming the key sent (was two).
  [
    '/NetworkDriver.CreateNetwork',
    { ...createNet(ok), NetworkId: NET, NetworkID: undefined },
    'Err',
    'NetworkID',
    'NetworkId',
  ],
];
