#!/usr/bin/env bash
# Builds one benchmark with esbuild (bundled with the libs it measures) and runs it: bash bench/run.sh parse
set -euo pipefail
cd "$(dirname "$0")/.."
name="$1"
mkdir -p bench/.data
npx esbuild "bench/${name}.bench.ts" --bundle --platform=node --target=node20 --outfile="bench/.data/${name}.js" \
  --tsconfig=tsconfig.json --log-level=warning --packages=external
node "bench/.data/${name}.js"
