#!/bin/sh
# PID 1 of a lab guest (see /work/shared/LAB.md, "Inside the guest").
# The root filesystem is the machine's own, read-only: everything the guest
# writes goes to a tmpfs, or to its state dir, a hostfs mount of a directory
# in the lab's run directory that survives a reboot of the guest.
#
# Arguments (after `--` on the kernel command line; UML may append more):
#   HOSTNAME MGMT_ADDRESS NODE LAB_DIR STATE_DIR AGENT_MAIN
# AGENT_MAIN is the agent's entry point, or "-" for none.
PATH=/usr/sbin:/usr/bin:/sbin:/bin
# The machine's UML 6.1 cannot move AVX state on CPUs with AMX (see
# xstate-off.c): it keeps x87/SSE registers only, so no guest program may
# rely on wider vector registers. glibc then picks its SSE2 string functions;
# node gets --no-enable-avx… below for V8's code generator.
GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX,-AVX2,-AVX512F,-AVX512BW,-AVX512VL,-AVX512DQ,-AVX512CD,-AVX_Fast_Unaligned_Load,-AVX_Usable,-AVX2_Usable,-AVX512F_Usable
OPENSSL_ia32cap=~0x1000000000000000:0 # no AVX (bit 60), no leaf-7 extensions (AVX2, AVX-512)
# node's simdutf (base64, UTF-8) picks AVX-512 code by CPUID and ignores the
# settings above: its SSE4.2 code ("westmere") only, else the plain one. With
# AVX-512, base64 in the guest came out wrong under load: a WebSocket
# handshake's Sec-WebSocket-Accept failed to parse ("Invalid header value char").
# (Chosen once /proc is mounted, below.)
export PATH GLIBC_TUNABLES OPENSSL_ia32cap
nodeflags="--no-enable-avx --no-enable-avx2 --no-enable-fma3"
host=$1 address=$2 node=$3 labdir=$4 statedir=$5 agent=$6

say() { echo "underlay-lab[$host]: $*"; }

mount -t proc proc /proc
if grep -q -w sse4_2 /proc/cpuinfo; then SIMDUTF_FORCE_IMPLEMENTATION=westmere; else SIMDUTF_FORCE_IMPLEMENTATION=fallback; fi
export SIMDUTF_FORCE_IMPLEMENTATION
# The guest covers /run, /tmp, /var/tmp and /root with its own tmpfs. When the
# checkout lives under one of them (a CI clone in /tmp, say), keep it visible
# at the same path: bind it aside now and move it back once they are covered.
repo=$(cd "$labdir/../.." && pwd)
case "$repo/" in
/run/* | /tmp/* | /var/tmp/* | /root/*)
  mount -t tmpfs -o size=1m tmpfs /mnt && mkdir /mnt/repo && mount --bind "$repo" /mnt/repo && keep_repo=1 ;;
esac
# Otherwise the kernel forks /sbin/hotplug for every uevent: 10x slower link adds.
echo > /proc/sys/kernel/hotplug
hostname "$host"
mount -t sysfs sysfs /sys
# The guest's own /run, so /run/netns belongs to the guest. It hides the
# machine's /run, hence the lab's run directory: paths under it are only
# reachable as hostfs mount sources from here on.
mount -t tmpfs -o mode=755 tmpfs /run
mkdir -p /dev/shm /dev/pts # /dev is the guest's own devtmpfs
mount -t tmpfs tmpfs /dev/shm
mount -t devpts -o newinstance,ptmxmode=666 devpts /dev/pts

# modprobe -d ROOT looks in ROOT/lib/modules/$(uname -r).
release=$(uname -r)
mkdir -p /run/modroot/lib/modules
ln -s "/usr/lib/uml/modules/$release" "/run/modroot/lib/modules/$release"
# Seen once: ipv6 refused with EINVAL on a guest's first load; a second try loads it.
modules="ipv6 8021q ipvlan veth dummy macvlan"
modprobe -a -d /run/modroot $modules || modprobe -a -d /run/modroot $modules || say "modprobe failed"

for dir in /tmp /var/tmp /root; do mount -t tmpfs tmpfs "$dir"; done
mount -t hostfs -o "$statedir" none /var/lib/underlay || say "state dir mount failed"
if [ -n "${keep_repo:-}" ]; then
  mkdir -p "$repo" && mount --move /mnt/repo "$repo" || say "could not keep $repo visible"
fi

ip -batch - <<IP || say "network setup failed"
link set lo up
link set vec0 name eth0
link set vec1 name mgmt0
link set eth0 up
link set mgmt0 up
address add $address/24 dev mgmt0
IP

# Flag files of the restart loops: present = keep that server stopped.
mkdir -p /run/underlay-lab
flags=/run/underlay-lab

keep_running() { # NAME COMMAND...
  name=$1
  shift
  while :; do
    if [ -e "$flags/$name.stopped" ]; then sleep 0.3; continue; fi
    "$@" &
    echo $! > "$flags/$name.pid"
    wait $!
    say "$name exited with status $?"
    sleep 0.5
  done
}

keep_running exec-server "$node" $nodeflags "$labdir/dist/guest/exec-server.js" --listen "$address:7071" &
if [ "$agent" != "-" ]; then
  keep_running agent "$node" $nodeflags "$agent" agent --state-dir /var/lib/underlay --listen "$address:7070" &
fi
say "up"

# PID 1 adopts orphans: reap them for as long as the guest runs.
while :; do wait; sleep 1; done
