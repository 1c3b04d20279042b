#!/usr/bin/env bash
# `npm run demo` — the README's start command on a fresh clone: install dependencies when needed, then hand over to
# scripts/local-stack.ts (services, migrations, seed, build, web server + worker). Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null 2>&1; then
  echo "[demo] error: Node.js is not installed; install Node 20.19 or newer" >&2
  exit 1
fi
if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  echo "[demo] error: Node $(node -v) is too old; install Node 20.19 or newer" >&2
  exit 1
fi

# npm writes node_modules/.package-lock.json at the end of every install: when it is newer than package-lock.json
# the tree already matches the lockfile, and a full `npm ci` (which deletes node_modules) would only cost time.
if [[ -f package-lock.json && -f node_modules/.package-lock.json && node_modules/.package-lock.json -nt package-lock.json ]]; then
  echo "[demo] node_modules matches package-lock.json"
elif [[ -f package-lock.json ]]; then
  npm ci --no-audit --no-fund
else
  npm install --no-audit --no-fund
fi

exec node_modules/.bin/tsx scripts/local-stack.ts
