#!/usr/bin/env bash
# Runs every test, on a fresh machine too: installs what the tests need (MediaWiki 1.43, PHP,
# Chromium, npm packages), type-checks, builds, runs the unit tests, creates a fresh local wiki
# with the gadget just built, and runs the end-to-end tests in Chromium against it.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/wiki/wiki.sh install
bash scripts/npm-install.sh
mkdir -p test-results
rm -f test-results/unit.json test-results/e2e.json

echo "== typecheck"
npx tsc --noEmit -p .
echo "== build"
node build.mjs
echo "== unit tests"
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/unit.json

echo "== end-to-end tests (fresh local wiki)"
bash scripts/wiki/wiki.sh create
trap 'bash scripts/wiki/wiki.sh stop >/dev/null 2>&1 || true' EXIT
status=0
npx playwright test "$@" || status=$?
node scripts/test-summary.mjs
exit "$status"
