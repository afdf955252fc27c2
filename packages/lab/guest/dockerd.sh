#!/bin/sh
# Starts dockerd 20.10 inside a lab guest (never on the machine itself), as
# shared/LAB.md "Container runtimes in the guests" found to work: Go programs
# need GODEBUG=cpu.all=off (the guests keep only x87/SSE state), crun instead
# of runc and overlay2 instead of vfs (their re-exec'd Go children lose
# GODEBUG and crash), iptables and the default bridge off (nothing of the
# machine's network is touched; dockerd runs in the guest's namespaces only).
# Then imports a busybox-static rootfs as image `bb` (no registry).
#
# Usage: dockerd.sh start|stop|restart   (fixed text; takes no other input)
set -eu
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export GODEBUG=cpu.all=off,asyncpreemptoff=1
data=/tmp/docker-data exec_root=/run/docker-exec log=/tmp/dockerd.log pidfile=/run/dockerd.pid

start() {
  [ -d /sys/fs/cgroup/cgroup.controllers ] || mountpoint -q /sys/fs/cgroup || mount -t cgroup2 none /sys/fs/cgroup
  mountpoint -q /etc/docker || mount -t tmpfs tmpfs /etc/docker
  modprobe -d /run/modroot overlay 2>/dev/null || true
  mkdir -p "$data" "$exec_root"
  # dockerd gives its containerd 10 s to start; a guest under load (two
  # guests booting dockerd at once) can miss that and dockerd exits: retry.
  attempt=1
  while ! docker version >/dev/null 2>&1; do
    setsid dockerd --iptables=false --ip6tables=false --bridge=none --storage-driver=overlay2 \
      --add-runtime crun=/usr/bin/crun --default-runtime=crun \
      --data-root "$data" --exec-root "$exec_root" --pidfile "$pidfile" \
      --host unix:///run/docker.sock >>"$log" 2>&1 </dev/null &
    pid=$!
    i=0
    while ! docker version >/dev/null 2>&1; do
      if ! kill -0 "$pid" 2>/dev/null; then break; fi
      i=$((i + 1))
      if [ "$i" -gt 480 ]; then echo "dockerd did not answer in 120 s:" >&2; tail -20 "$log" >&2; exit 1; fi
      sleep 0.25
    done
    if kill -0 "$pid" 2>/dev/null; then break; fi
    attempt=$((attempt + 1))
    if [ "$attempt" -gt 3 ]; then echo "dockerd exited 3 times:" >&2; tail -20 "$log" >&2; exit 1; fi
    echo "dockerd exited; starting it again (attempt $attempt)" >>"$log"
  done
  if ! docker image inspect bb >/dev/null 2>&1; then
    root=/tmp/bb-rootfs
    rm -rf "$root" && mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/etc" "$root/tmp"
    cp /bin/busybox "$root/bin/busybox"
    for tool in sh ip ping sleep cat ls ifconfig route true nc wget; do ln -s busybox "$root/bin/$tool"; done
    # Container processes get a fresh environment: keep glibc off AVX there too (see init.sh).
    tar -C "$root" -c . | docker import --change "ENV GLIBC_TUNABLES=${GLIBC_TUNABLES:-}" - bb >/dev/null
  fi
}

stop() {
  if [ -s "$pidfile" ]; then
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    i=0
    while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 120 ]; do i=$((i + 1)); sleep 0.25; done
  fi
}

case "${1:-}" in
start) start ;;
stop) stop ;;
restart) stop && start ;;
*) echo "usage: dockerd.sh start|stop|restart" >&2; exit 2 ;;
esac
