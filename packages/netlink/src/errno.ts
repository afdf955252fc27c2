// iproute2 prints the kernel's answer as text and exits 1 or 2, so the errno
// name has to be recovered from that text. Two sources of text exist:
//  - "RTNETLINK answers: <strerror>" or "<what>: <strerror>" (no extended ack):
//    the glibc strerror string maps 1:1 to an errno name;
//  - "Error: <extack message>." (the kernel's extended ack): the errno is NOT
//    printed, so each message we have seen is mapped to the errno the kernel
//    returns beside it (checked in the kernel source of the guests' 6.1).
// Messages that iproute2 produces itself (before asking the kernel) are here too.

/** An errno name (EEXIST, ENODEV, …), or UNKNOWN when the text matched nothing. */
export type ErrnoName = string;

const STRERROR: ReadonlyArray<readonly [string, ErrnoName]> = [
  ['File exists', 'EEXIST'],
  ['No such device', 'ENODEV'],
  ['No such file or directory', 'ENOENT'],
  ['No such process', 'ESRCH'],
  ['Device or resource busy', 'EBUSY'],
  ['Operation not permitted', 'EPERM'],
  ['Permission denied', 'EACCES'],
  ['Operation not supported', 'EOPNOTSUPP'],
  ['Invalid argument', 'EINVAL'],
  ['Numerical result out of range', 'ERANGE'],
  ['Cannot assign requested address', 'EADDRNOTAVAIL'],
  ['Address already in use', 'EADDRINUSE'],
  ['Network is unreachable', 'ENETUNREACH'],
  ['Network is down', 'ENETDOWN'],
  ['Address family not supported by protocol', 'EAFNOSUPPORT'],
  ['Protocol not supported', 'EPROTONOSUPPORT'],
  ['Cannot allocate memory', 'ENOMEM'],
  ['No buffer space available', 'ENOBUFS'],
  ['Read-only file system', 'EROFS'],
  ['Resource temporarily unavailable', 'EAGAIN'],
  ['Too many links', 'EMLINK'],
  ['Transport endpoint is not connected', 'ENOTCONN'],
];

// Extended-ack and iproute2-side messages, most specific first.
const MESSAGES: ReadonlyArray<readonly [RegExp, ErrnoName]> = [
  [/^Cannot find device "/, 'ENODEV'], // iproute2 resolving a name to an index
  [/^Device "[^"]*" does not exist/, 'ENODEV'], // ip link show dev NAME
  [/Device does not exist/, 'ENODEV'],
  [/Unknown device type/, 'EOPNOTSUPP'], // rtnl_newlink: no driver for this kind
  [/Address already assigned to an ipvlan device/, 'EADDRINUSE'], // ipvlan addr validator
  [/Address already assigned/, 'EEXIST'],
  [/Address not found/, 'EADDRNOTAVAIL'],
  [/mtu (greater|less) than device (maximum|minimum)/, 'EINVAL'],
  [/Nexthop has invalid gateway/, 'ENETUNREACH'], // fib_lookup's error
  [/Device for nexthop is not up/, 'ENETDOWN'],
  [/FIB table does not exist/, 'ESRCH'], // route del with nothing to delete
  [/Invalid "netns" value/, 'ENOENT'], // target namespace name does not resolve
  [/Cannot open network namespace/, 'ENOENT'],
  [/Invalid prefix for given prefix length/, 'EINVAL'],
  [/8021q: VLAN device already exists/, 'EEXIST'],
  [/8021q: Invalid VLAN id/, 'ERANGE'],
  [/is (?:expected|wrong)|is a garbage|Invalid argument/, 'EINVAL'],
];

/** Recovers the errno name from iproute2's stderr; "UNKNOWN" when nothing matches. */
export function errnoFromStderr(stderr: string): ErrnoName {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^Command failed /.test(l));
  for (const line of lines) {
    const body = line.replace(/^(Error: |RTNETLINK answers: )/, '');
    for (const [pattern, errno] of MESSAGES) if (pattern.test(body)) return errno;
    for (const [text, errno] of STRERROR)
      if (body.endsWith(text) || body.endsWith(`${text}.`)) return errno;
  }
  return 'UNKNOWN';
}
