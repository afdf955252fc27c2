#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian 12 machine with Node 20, run as root:
# pnpm (corepack), the apt packages the lab and the e2e suite need, the
# workspace's dependencies from the lockfile, and the build.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

step() { printf '\n==> %s\n' "$*"; }

if [ "$(pnpm --version 2>/dev/null)" != "12.4.2" ]; then
  step "pnpm 12.4.2 through corepack"
  mkdir -p "$HOME/.local/bin"
  corepack enable --install-directory "$HOME/.local/bin" pnpm || npm install -g pnpm@12.4.2
  hash -r
fi

apt_needed=()
# bird2: BGP lab tests; etcd-server: the fleet store's etcd tests; podman, containernetworking-plugins: the CNI plugin's lab tests; docker.io, crun, busybox-static: dockerd runs in lab guests only
# (the Docker plugin's lab tests; policy-rc.d keeps it from starting on this machine).
for pkg in user-mode-linux uml-utilities kmod iproute2 iputils-ping gcc libc6-dev chromium fonts-liberation docker.io crun busybox-static etcd-server podman containernetworking-plugins bird2; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || apt_needed+=("$pkg")
done
if [ ${#apt_needed[@]} -gt 0 ]; then
  step "apt packages: ${apt_needed[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: these Debian packages are missing and installing them needs root: ${apt_needed[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  # Installing docker.io must not start a dockerd on this machine (only lab
  # guests run one): a policy-rc.d that refuses every service start, for the
  # install only, unless the machine already has one.
  norc=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d && norc=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_needed[@]}" >/dev/null
  if [ -n "$norc" ]; then rm -f /usr/sbin/policy-rc.d; fi
fi

step "pnpm install --frozen-lockfile"
pnpm install --frozen-lockfile --reporter=append-only

step "build"
pnpm exec turbo run build --output-logs=errors-only
