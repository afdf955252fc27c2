import { Ipam } from './src/ipam/ipam';
const count = 200000;
for (let r = 0; r < 3; r++) {
  const ipam = new Ipam();
  const subnets = [
    {
      family: 4 as const,
      subnet: '10.0.0.0/8',
      gateway: '10.0.0.1',
      auxAddresses: {},
      fromDefaultPool: false,
    },
    {
      family: 6 as const,
      subnet: '2001:db8:1::/64',
      gateway: '2001:db8:1::1',
      auxAddresses: {},
      fromDefaultPool: false,
    },
  ];
  ipam.addNetwork({ id: 'n', name: 'bench', ipv4: true, ipv6: true, subnets });
  let c0 = process.cpuUsage();
  let t = performance.now();
  const given = Array.from({ length: count }, () => ipam.allocateEndpoint({ network: 'n' }));
  const a = performance.now() - t;
  const ca = process.cpuUsage(c0);
  c0 = process.cpuUsage();
  t = performance.now();
  for (const addresses of given) ipam.releaseEndpoint({ network: 'n', ...addresses });
  const rl = performance.now() - t;
  const cr = process.cpuUsage(c0);
  console.log(
    'cpu',
    Math.round((count / ((ca.user + ca.system) / 1000)) * 1000),
    Math.round((count / ((cr.user + cr.system) / 1000)) * 1000),
    'wall',
    Math.round((count / a) * 1000),
    Math.round((count / rl) * 1000),
  );
}
