#!/usr/bin/env bash
# Every test tier of the repository, from nothing: bootstrap, lint and types,
# unit tests, then the tiers that need real kernels (the lab), one lab at a
# time, then the browser suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
. scripts/env.sh

printf '\n==> format (prettier --check), lint, typecheck, unit tests\n'
pnpm exec prettier --check . --log-level warn
pnpm exec turbo run lint typecheck test --output-logs=new-only

printf '\n==> kernel tiers in the lab (one at a time)\n'
pnpm exec turbo run test:lab --concurrency=1 --output-logs=full

printf '\n==> browser suite: the dashboard in Chromium against a two-host lab (e2e/)\n'
pnpm --filter @underlay/e2e run test:e2e
