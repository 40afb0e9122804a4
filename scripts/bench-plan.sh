#!/usr/bin/env bash
# Plan cost of typed workflows: the size of the provider's GetProviderSchema answer, and
# `terraform plan` of 50 workflows of 15 states as sfn_workflow blocks, as sfn_workflow `states`
# objects and as JSON in terraform_data (the floor), on every Terraform the tests use.
# Prints figures; asserts nothing. Usage: scripts/bench-plan.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cargo build -q --release -p terraform-provider-sfn --bin terraform-provider-sfn
cargo build -q --release -p sfn-tests --example plan_bench
target="$(cd "${CARGO_TARGET_DIR:-target}" && pwd)"
SFN_BIN_DIR="$target/release" "$target/release/examples/plan_bench"
