#!/bin/sh
# Runs linux.uml with the machine's filesystem read-only.
#
# The guest's `ro` is enforced only by the guest: its root could remount `/`
# read-write or mount hostfs again and write to the host as root. This script
# runs inside a private mount namespace (unshare --mount --propagation
# private), so what it does here is invisible outside and dies with the guest:
# RUNDIR stays writable (pid file, mconsole socket, state dirs), a tmpfs holds
# the guest's RAM file, and every other mount becomes read-only for the UML
# process, hence for anything hostfs does on the guest's behalf.
#
# Usage: wrapper.sh RUNDIR RAMDIR -- COMMAND [ARG...]
set -eu

rundir=$1
ramdir=$2
shift 2
[ "${1:-}" = "--" ] && shift

mount --bind "$rundir" "$rundir"
mkdir -p "$ramdir"
mount -t tmpfs -o size=400m,mode=700 underlay-lab-ram "$ramdir"

# Field 5 of mountinfo is the mount point; field 6 its per-mount options.
# Remount in file order so parents go read-only before their children.
awk '{ print $5 }' /proc/self/mountinfo | while read -r point; do
  case "$point" in
    "$rundir" | "$ramdir") continue ;;
  esac
  mount -o remount,bind,ro "$point" 2>/dev/null || true
done

# Refuse to start if any reachable mount other than ours is still writable.
# A mount point listed twice is stacked: only the last (top) one is reachable.
writable=$(awk -v r="$rundir" -v m="$ramdir" \
  '{ opts[$5] = $6 } END { for (p in opts) if (p != r && p != m && opts[p] !~ /(^|,)ro(,|$)/) print p }' \
  /proc/self/mountinfo)
if [ -n "$writable" ]; then
  echo "wrapper: mounts still writable, refusing to start the guest:" >&2
  echo "$writable" >&2
  exit 70
fi

export TMPDIR="$ramdir"
exec "$@"
