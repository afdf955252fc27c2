#!/usr/bin/env bash
# Starts underlay's main job on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
. scripts/env.sh

# The demo fleet: a two-host lab (user-mode-linux guests running the agent,
# inside the lab's own network namespace) and the dashboard on loopback,
# registering the lab's hosts. Nothing here touches the machine's root network
# namespace: the dashboard reaches the agents through the lab's unix sockets.
# Ctrl-C (or SIGTERM) stops the dashboard and tears the lab down.

# UNDERLAY_START_LAB: another lab name, for a second instance beside a running
# one (the e2e suite's start test uses its own, with PORT and UNDERLAY_WEB_DATA).
LAB_NAME="${UNDERLAY_START_LAB:-lab}"
name_flag=""
[ "$LAB_NAME" = lab ] || name_flag=" --name $LAB_NAME"
PORT="${PORT:-3000}"
URL="http://127.0.0.1:${PORT}"
LAB_DIR="${UNDERLAY_LAB_DIR:-/run/underlay-lab}/${LAB_NAME}"
DATA_DIR="$(realpath -m "${UNDERLAY_WEB_DATA:-apps/web/.data}")"
lab() { node packages/lab/bin/lab.js "$@"; }

# The admin password: from the environment, else the one generated at the
# first start and kept (mode 0600) next to the dashboard's database, so every
# restart prints the same login.
admin_password() {
  if [ -n "${UNDERLAY_ADMIN_PASSWORD:-}" ]; then
    printf '%s' "$UNDERLAY_ADMIN_PASSWORD"
    return
  fi
  local file="$DATA_DIR/admin-password"
  if [ ! -s "$file" ]; then
    (umask 077 && openssl rand -base64 18 | tr '+/' '-_' >"$file")
  fi
  tr -d '\n' <"$file"
}

dashboard_pid=""
stopping=0
stop_all() {
  [ "$stopping" -eq 1 ] && return
  stopping=1
  trap - INT TERM
  printf '\n==> stopping the dashboard and the lab\n'
  if [ -n "$dashboard_pid" ]; then
    # The dashboard runs in its own process group (setsid): npm, the shell and next.
    kill -TERM -- "-$dashboard_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 -- "-$dashboard_pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL -- "-$dashboard_pid" 2>/dev/null || true
  fi
  lab down --name "$LAB_NAME" || echo "warning: lab down failed; run: node packages/lab/bin/lab.js down" >&2
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$DATA_DIR"
chmod 700 "$DATA_DIR"
password="$(admin_password)"
if [ "${#password}" -lt 8 ]; then
  echo "error: UNDERLAY_ADMIN_PASSWORD must be at least 8 characters" >&2
  exit 1
fi

printf '\n==> lab %s: 2 hosts with agents (replaces an earlier lab of that name)\n' "$LAB_NAME"
lab up 2 --name "$LAB_NAME"   # agents start by default

printf '\n==> dashboard on %s\n' "$URL"
# The hub's fleet store (issue 15): served on the lab's hub socket too, which
# the lab's relay exposes to the guests at 192.0.2.1:7480 (the lab's own
# namespace; never this machine's network); each agent is given that URL.
(
  cd apps/web
  UNDERLAY_LAB="$LAB_NAME" UNDERLAY_WEB_DATA="$DATA_DIR" UNDERLAY_ADMIN_PASSWORD="$password" \
  UNDERLAY_FLEET_STORE_SOCKET="$LAB_DIR/hub.sock" UNDERLAY_FLEET_STORE_URL="http://192.0.2.1:7480" \
    exec setsid npm run start -- --port "$PORT" --hostname 127.0.0.1
) &
dashboard_pid=$!

for _ in $(seq 1 240); do
  kill -0 "$dashboard_pid" 2>/dev/null || { echo "error: the dashboard exited before answering on $URL" >&2; exit 1; }
  curl -s -o /dev/null --max-time 2 "$URL/login" && break
  sleep 0.5
done
curl -s -o /dev/null --max-time 2 "$URL/login" || { echo "error: the dashboard did not answer on $URL within 120 s" >&2; exit 1; }

if lab env host-a --name "$LAB_NAME" >/dev/null 2>&1; then
  cli_hint="eval \"\$(node packages/lab/bin/lab.js env host-a$name_flag)\"   # or host-b"
else
  cli_hint="export UNDERLAY_HOST=$LAB_DIR/host-a.sock UNDERLAY_TOKEN_FILE=$LAB_DIR/host-a/state/token   # or host-b"
fi
cat <<EOF

  underlay is up
    dashboard  $URL
    login      password $password   (the dashboard has one admin login, no user name)
    CLI        $cli_hint
               node apps/agent/bin/underlay.cjs network ls
    lab        node packages/lab/bin/lab.js status$name_flag   (hosts host-a, host-b)

  Ctrl-C stops the dashboard and the lab.

EOF

wait "$dashboard_pid"
