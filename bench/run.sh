#!/usr/bin/env bash
# Builds one benchmark with esbuild (bundled with the libs it measures) and runs it:
#   bash bench/run.sh parse
# list and sweep also run on PostgreSQL (a fresh database luoshi_bench_<name> on the server that
# BENCH_DATABASE_URL names, default postgres://postgres@127.0.0.1:5432/postgres); stack runs both:
#   bash bench/run.sh list -- --pg
#   bash bench/run.sh stack
# or writes a large deterministic database for measuring by hand (bench/generate.ts), a SQLite file
# or an empty PostgreSQL database:
#   bash bench/run.sh generate -- --out bench/.data/luoshi.sqlite --tasks 100000 --bureaus 300
#   bash bench/run.sh generate -- --pg postgres://postgres@127.0.0.1:5432/luoshi_bench_mine
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:-}"
shift || true
[ "${1:-}" = "--" ] && shift
case "$name" in
  generate) entry="bench/generate.cli.ts" ;;
  *) entry="bench/${name}.bench.ts" ;;
esac
if [ -z "$name" ] || [ ! -f "$entry" ]; then
  echo "usage: bash bench/run.sh <name> [-- args]; name is generate or one of:" \
    "$(cd bench && ls *.bench.ts | sed 's/\.bench\.ts$//' | tr '\n' ' ')" \
    "(list and sweep take -- --pg for PostgreSQL; see the top of bench/run.sh)" >&2
  exit 2
fi
mkdir -p bench/.data
npx esbuild "$entry" --bundle --platform=node --target=node20 --outfile="bench/.data/${name}.js" \
  --tsconfig=tsconfig.json --log-level=warning --packages=external
node "bench/.data/${name}.js" "$@"
