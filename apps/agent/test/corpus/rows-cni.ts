// The built underlay-cni (the C client) exec'd in the guest as a runtime does:
// [environment changes (undefined drops a variable), config changes or raw
// stdin, CNI error code, field the msg starts with, words]. The base call is a
// valid ADD into cp-kns; each row breaks one thing.

export type CniRow = [
  Record<string, string | undefined>,
  Record<string, unknown> | string,
  string,
  string,
  ...string[],
];

export const CNI_BASE_ENV = {
  CNI_COMMAND: 'ADD',
  CNI_CONTAINERID: 'cpk1',
  CNI_NETNS: '/run/netns/cp-kns',
  CNI_IFNAME: 'eth0',
  CNI_PATH: '/usr/lib/cni',
};
export const CNI_BASE_CONFIG = {
  cniVersion: '1.1.0',
  name: 'cp-cni',
  type: 'underlay-cni',
  parent: 'eth0.46',
  subnets: [{ subnet: '172.16.46.0/24' }],
};

export const CNI_ROWS: CniRow[] = [
  // the environment
  [{ CNI_COMMAND: undefined }, {}, '4', 'CNI_COMMAND', 'not set'],
  [{ CNI_COMMAND: 'JOIN' }, {}, '4', 'CNI_COMMAND', '"JOIN"'],
  [{ CNI_COMMAND: 'add' }, {}, '4', 'CNI_COMMAND', '"add"'],
  [{ CNI_CONTAINERID: undefined }, {}, '4', 'CNI_CONTAINERID', 'required for ADD'],
  [{ CNI_CONTAINERID: '-x' }, {}, '4', 'CNI_CONTAINERID', '"-x"'],
  [{ CNI_CONTAINERID: 'a b' }, {}, '4', 'CNI_CONTAINERID', '"a b"'],
  [{ CNI_NETNS: undefined }, {}, '4', 'CNI_NETNS', 'required for ADD'],
  [{ CNI_NETNS: 'run/netns/cp-kns' }, {}, '4', 'CNI_NETNS', 'run/netns/cp-kns'],
  [{ CNI_NETNS: '/run/netns/cp-nosuch' }, {}, '4', 'CNI_NETNS', 'cp-nosuch'],
  [{ CNI_NETNS: '/etc/passwd' }, {}, '4', 'CNI_NETNS', 'not a network namespace'],
  [{ CNI_NETNS: '/proc/1/ns/net' }, {}, '4', 'CNI_NETNS', "host's own"],
  [{ CNI_IFNAME: undefined }, {}, '4', 'CNI_IFNAME', 'required'],
  [{ CNI_IFNAME: 'eth0/1' }, {}, '4', 'CNI_IFNAME', '"eth0/1"'],
  [{ CNI_IFNAME: 'eth0-far-too-long' }, {}, '4', 'CNI_IFNAME', 'bytes long'],
  [{ CNI_PATH: undefined }, {}, '4', 'CNI_PATH', 'required'],
  [{ CNI_ARGS: 'IP' }, {}, '4', 'CNI_ARGS', '"IP"'],
  [
    { CNI_COMMAND: 'DEL', CNI_CONTAINERID: undefined },
    {},
    '4',
    'CNI_CONTAINERID',
    'required for DEL',
  ],
  [{ CNI_COMMAND: 'GC' }, { cniVersion: '1.0.0' }, '1', 'cniVersion', 'GC'],
  [{ CNI_COMMAND: 'STATUS' }, { cniVersion: '0.4.0' }, '1', 'cniVersion', 'STATUS'],
  // the network configuration on stdin
  [{}, '{"cniVersion"', '6', 'stdin', 'JSON'],
  [{}, '[]', '6', 'stdin', 'not an object'],
  [{}, { cniVersion: undefined }, '7', 'cniVersion', 'missing'],
  [{}, { cniVersion: '2.0.0' }, '1', 'cniVersion', '"2.0.0"'],
  [{}, { cniVersion: 1 }, '1', 'cniVersion', '1.1.0'],
  [{}, { name: undefined }, '7', 'name', 'name'],
  [{}, { type: undefined }, '7', 'type', 'underlay-cni'],
  [{}, { ipvlan_mode: 'L2' }, '7', 'ipvlan_mode', 'l2'],
  [{}, { ipvlan_flag: 'bridged' }, '7', 'ipvlan_flag', 'private'],
  [{}, { internal: 'yes' }, '7', 'internal', 'boolean'],
  [{}, { subnets: [] }, '7', 'subnets', '1'],
  [{}, { subnets: [{}] }, '7', 'subnets[0].subnet', 'string'],
  [{}, { subnets: [{ subnet: 'x' }] }, '114', 'subnets[0].subnet', '"x"'],
  [{}, { subnets: [{ subnet: '127.0.0.0/8' }] }, '100', 'subnets[0].subnet', 'loopback'],
  [
    {},
    { subnets: [{ subnet: '172.16.46.0/24', gateway: '10.1.1.1' }] },
    '100',
    'subnets[0].gateway',
    '10.1.1.1',
  ],
  [{}, { parent: 'lo' }, '100', 'parent', 'loopback'],
  [{}, { parent: 'eth0.9999' }, '100', 'parent', '9999'],
  [{}, { runtimeConfig: { ips: ['10.1.1.1'] } }, '105', 'runtimeConfig.ips', '10.1.1.1'],
  [{}, { runtimeConfig: { ips: ['x'] } }, '106', 'runtimeConfig.ips', '"x"'],
  [{}, { network: '' }, '7', 'network', '1'],
  [{}, { dns: { nameservers: '1.1.1.1' } }, '7', 'dns.nameservers', 'array'],
  // Named by the field the address came from (was runtimeConfig.ips for both).
  [{ CNI_ARGS: 'IP=10.9.9.9' }, {}, '105', 'CNI_ARGS IP', '10.9.9.9'],
  [{}, { args: { cni: { ips: ['172.16.46.0'] } } }, '107', 'args.cni.ips', 'reserved'],
];
