#!/usr/bin/env bash
# Runs the 200-machine load test (tests/e2e/load.rs) alone and prints its figures: Terraform
# apply/plan/destroy at -parallelism=20 against moto, a plain SDK loop on the same API, and the
# same apply/destroy in a throttling storm (every 3rd call throttled by the fault proxy).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cargo build --bins
cargo test -p sfn-tests --test e2e load -- --nocapture
cat target/load-report.txt
