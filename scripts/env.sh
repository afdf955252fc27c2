# Environment every entry point needs on this kind of machine (see shared/STACK.md).
# Sourced, never executed.
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0 COREPACK_INTEGRITY_KEYS=0
export npm_config_nodedir=/usr   # pnpm 12 ignores .npmrc nodedir; node-gyp would fetch headers otherwise
export NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
export PATH="$HOME/.local/bin:$PATH"
