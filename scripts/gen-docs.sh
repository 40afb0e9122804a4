#!/usr/bin/env bash
# Regenerates docs/ from the provider schemas, examples/ and the rule registry.
set -euo pipefail
cd "$(dirname "$0")/.."
SFN_BLESS=1 cargo test -q -p sfn-tests --test docs
