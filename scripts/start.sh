#!/usr/bin/env bash
# The main job: a local MediaWiki 1.43 with the gadget built from this checkout installed,
# ready to click. Installs what it needs on a fresh machine; keeps an existing wiki's content.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/wiki/wiki.sh install
bash scripts/npm-install.sh
node build.mjs
bash scripts/wiki/wiki.sh up
