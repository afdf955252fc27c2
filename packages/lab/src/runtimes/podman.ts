import { mkdirSync } from 'node:fs';
import { runScript } from '../agent-control.js';
import type { ExecResult, LabHost as Guest } from '../types.js';

// Podman in a lab guest (shared/LAB.md "Container runtimes in the guests"):
// cgroup2 mounted, a tmpfs on /var/lib/cni (libcni's cache; its mount point
// must exist on the read-only root, so it is made on the machine once, as
// the lab does for /var/lib/underlay), a containers.conf in tmpfs choosing
// the CNI backend, crun and cgroupfs, storage on tmpfs (vfs), and a rootfs
// directory holding Debian's static busybox: no image registry is needed.
// Go programs need GODEBUG=cpu.all=off in the guests (the AVX state the
// guests cannot keep), and programs Podman starts with an environment of its
// own (conmon, crun, the container's busybox) need the guest's
// GLIBC_TUNABLES handed on (conmon_env_vars, env): without it glibc picks
// AVX2 string functions and conmon's printf returned its format unformatted
// ("Failed to bind to console-socket"), busybox crashed (SIGSEGV).

/** Where the guest keeps Podman's files (tmpfs). */
export const PODMAN_DIR = '/tmp/podman';
const CONF = `${PODMAN_DIR}/containers.conf`;
export const NET_DIR = `${PODMAN_DIR}/net.d`;
export const ROOTFS = `${PODMAN_DIR}/rootfs`;

const setupScript = (pluginDir: string) => `
set -e
mountpoint -q /sys/fs/cgroup || mount -t cgroup2 none /sys/fs/cgroup
mountpoint -q /var/lib/cni || mount -t tmpfs tmpfs /var/lib/cni
mkdir -p ${PODMAN_DIR}/root ${PODMAN_DIR}/runroot ${PODMAN_DIR}/tmp ${NET_DIR}
mkdir -p ${ROOTFS}/bin ${ROOTFS}/proc ${ROOTFS}/sys ${ROOTFS}/dev ${ROOTFS}/etc ${ROOTFS}/tmp ${ROOTFS}/run
test -e ${ROOTFS}/bin/busybox || cp /bin/busybox ${ROOTFS}/bin/busybox
for a in sh ip ping sleep cat ls; do ln -sf busybox ${ROOTFS}/bin/$a; done
cat > ${CONF} <<EOF
[containers]
env = ["PATH=/usr/sbin:/usr/bin:/sbin:/bin", "GLIBC_TUNABLES=$GLIBC_TUNABLES"]

[network]
network_backend = "cni"
cni_plugin_dirs = ["${pluginDir}", "/usr/lib/cni"]
network_config_dir = "${NET_DIR}"

[engine]
runtime = "crun"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "${PODMAN_DIR}/events.log"
tmp_dir = "${PODMAN_DIR}/tmp"
conmon_env_vars = ["PATH=/usr/sbin:/usr/bin:/sbin:/bin", "GLIBC_TUNABLES=$GLIBC_TUNABLES"]
EOF
`;

/** Makes the guest ready to run Podman with the plugins in `pluginDir`. Idempotent. */
export async function preparePodman(host: Guest, pluginDir: string): Promise<void> {
  mkdirSync('/var/lib/cni', { recursive: true });
  await runScript(host, setupScript(pluginDir));
}

/** Writes a CNI network config list for Podman (fixed test data, never user input). */
export async function writeConflist(host: Guest, name: string, conflist: unknown): Promise<void> {
  const r = await host.exec(['sh', '-c', `cat > ${NET_DIR}/${name}.conflist`], {
    input: JSON.stringify(conflist, null, 2),
  });
  if (r.exitCode !== 0) throw new Error(`writing ${name}.conflist failed: ${r.stderr}`);
}

/** Runs podman with the lab's settings; argv only. */
export function podman(host: Guest, args: string[], timeoutMs = 180_000): Promise<ExecResult> {
  return host.exec(
    [
      'env',
      'GODEBUG=cpu.all=off',
      'LC_ALL=C.UTF-8',
      `CONTAINERS_CONF=${CONF}`,
      'podman',
      '--root',
      `${PODMAN_DIR}/root`,
      '--runroot',
      `${PODMAN_DIR}/runroot`,
      '--storage-driver',
      'vfs',
      ...args,
    ],
    { timeoutMs },
  );
}

/** Runs podman and fails with its stderr unless it exits 0; returns stdout. */
export async function podmanOk(host: Guest, args: string[]): Promise<string> {
  const r = await podman(host, args);
  if (r.exitCode !== 0)
    throw new Error(`podman ${args.join(' ')} exited ${r.exitCode}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** Removes a conflist writeConflist wrote (a fixed test name, never user input). */
export async function removeConflist(host: Guest, name: string): Promise<void> {
  const r = await host.exec(['rm', '-f', `${NET_DIR}/${name}.conflist`]);
  if (r.exitCode !== 0) throw new Error(`removing ${name}.conflist failed: ${r.stderr}`);
}
