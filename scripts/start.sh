#!/usr/bin/env bash
# Starts underlay's main job on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
. scripts/env.sh
exec node apps/agent/dist/main.js "$@"
