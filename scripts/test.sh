#!/usr/bin/env bash
# Runs every test: lints, unit and fixture tests, CLI tests, and end-to-end tests that drive the
# real terraform binary against the real provider binary. Installs what it needs first
# (scripts/setup.sh). Usage: scripts/test.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

"$root/scripts/setup.sh"

echo "== format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== supply chain (cargo deny: advisories, licences, sources, bans)"
"$root/scripts/deny.sh"

echo "== build"
cargo build --workspace --locked --bins

# The release binaries, built once: tests/e2e/release.rs packages them with scripts/release.sh
# --no-build and installs them through Terraform from both mirror layouts.
echo "== release build"
cargo build --release --locked -p terraform-provider-sfn -p sfn-asl

echo "== tests"
cargo test --workspace --locked --no-fail-fast
