#!/usr/bin/env bash
# Every test tier of the repository, from nothing: bootstrap, lint and types,
# unit tests, then the tiers that need real kernels (the lab) and the browser
# suite. The kernel tiers run as two lanes side by side, each with its own
# labs (lab names never collide), so that a run stays well under 45 minutes:
#   lane 1: the agent's lab tier without the runtimes (lab "agent"), then
#           three browser specs (lab "e2e-2");
#   lane 2: the agent's Docker and CNI/Podman files (lab "agent-rt"), then the
#           other packages' lab tiers, then the other browser specs (lab "e2e").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
. scripts/env.sh

printf '\n==> format (prettier --check), lint, typecheck, unit tests\n'
pnpm exec prettier --check . --log-level warn
pnpm exec turbo run lint typecheck test --output-logs=new-only

# Everything is built by now (unit tests depend on the builds): the lanes
# must not rebuild the agent under each other's running guests.
pnpm exec turbo run build --output-logs=errors-only
export UNDERLAY_AGENT_PREBUILT=1

RUNTIMES=(test/docker test/cni)
agent_lab() { pnpm --filter @underlay/agent exec vitest run -c vitest.lab.config.ts "$@"; }

# The browser suite in two groups, one per lane, each on its own lab: one run
# of every spec had grown past Playwright's 30-minute global timeout.
E2E_LANE1=(tests/networks.spec.ts tests/events.spec.ts tests/topology.spec.ts)
e2e_group() {
  local lab=$1
  shift
  UNDERLAY_E2E_LAB=$lab pnpm --filter @underlay/e2e exec playwright test "$@"
}
# Every spec that lane 1 does not run (so a new spec file is never left out).
e2e_rest() {
  local spec rest=()
  for spec in e2e/tests/*.spec.ts; do
    [[ " ${E2E_LANE1[*]} " == *" ${spec#e2e/} "* ]] || rest+=("${spec#e2e/}")
  done
  printf '%s\n' "${rest[@]}"
}

lane1() {
  local rc=0
  UNDERLAY_LAB_NAME=agent agent_lab --exclude 'test/docker/**' --exclude 'test/cni*' || rc=1
  e2e_group e2e-2 "${E2E_LANE1[@]}" || rc=1
  return "$rc"
}

# Goes on after a failing tier (every tier reports), and fails if any did.
lane2() {
  local rc=0
  UNDERLAY_LAB_NAME=agent-rt agent_lab "${RUNTIMES[@]}" || rc=1
  for pkg in lab netlink fleet-store web; do
    pnpm --filter "@underlay/$pkg" run test:lab || rc=1
  done
  local rest
  mapfile -t rest < <(e2e_rest)
  e2e_group e2e "${rest[@]}" || rc=1
  return "$rc"
}

# Runs a lane with its name before each line; its exit status in $dir/NAME.rc.
dir=$(mktemp -d)
run_lane() {
  local name=$1
  set +e
  ("$name") 2>&1 | sed -u "s/^/[$name] /"
  echo "${PIPESTATUS[0]}" >"$dir/$name.rc"
}

printf '\n==> kernel tiers (lab) and the browser suite, two lanes side by side\n'
started=$SECONDS
run_lane lane1 &
run_lane lane2 &
wait
failed=0
for lane in lane1 lane2; do
  rc=$(cat "$dir/$lane.rc" 2>/dev/null || echo 1)
  printf '==> %s: %s\n' "$lane" "$([ "$rc" = 0 ] && echo passed || echo "FAILED (exit $rc)")"
  [ "$rc" = 0 ] || failed=1
done
rm -rf "$dir"
printf '==> lanes took %d s\n' $((SECONDS - started))
exit "$failed"
