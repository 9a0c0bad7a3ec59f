#!/usr/bin/env bash
# Starts the built hub with no DATABASE_URL and a fresh data dir (so it runs its own embedded
# PostgreSQL), waits for /readyz, asks { __typename }, stops it, and checks postgres is gone.
set -euo pipefail
cd "$(dirname "$0")/../.."

data_dir=$(mktemp -d /tmp/sharehub-smoke-XXXXXX)
chmod 755 "$data_dir"
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
pg_port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")

# Development mode on purpose: the hub makes its own dev keys in the fresh data dir (production,
# the default, would refuse to start without keys configured for it).
env -u DATABASE_URL NODE_ENV=development SHAREHUB_DATA_DIR="$data_dir/data" PORT="$port" SHAREHUB_EMBEDDED_PG_PORT="$pg_port" \
  node --max-semi-space-size=64 dist/src/main.js >"$data_dir/hub.log" 2>&1 &
hub_pid=$!
trap 'kill $hub_pid 2>/dev/null || true; rm -rf "$data_dir"' EXIT

for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break
  kill -0 $hub_pid 2>/dev/null || { echo "smoke: hub exited early"; cat "$data_dir/hub.log"; exit 1; }
  sleep 0.5
done
answer=$(curl -fs "http://127.0.0.1:$port/graphql" -H 'content-type: application/json' -d '{"query":"{ __typename }"}')
[ "$answer" = '{"data":{"__typename":"Query"}}' ] || { echo "smoke: unexpected answer: $answer"; exit 1; }

pg_pid=$(head -n 1 "$data_dir/data/pg/data/postmaster.pid")
kill -TERM $hub_pid
wait $hub_pid || { echo "smoke: hub exited non-zero"; cat "$data_dir/hub.log"; exit 1; }
if kill -0 "$pg_pid" 2>/dev/null; then echo "smoke: embedded postgres $pg_pid still running"; exit 1; fi
echo "smoke: embedded hub answered { __typename } and stopped cleanly"
