#!/usr/bin/env bash
# Regenerates examples/workflows/<name>/main.tf from every examples/asl/<name>.asl.json with
# `sfn-asl hcl` (the ASL -> typed HCL converter). The test `examples_are_fresh` in
# cli/tests/examples.rs fails when a committed file differs from what this produces.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
cargo build -q -p sfn-asl
bin="${CARGO_TARGET_DIR:-$root/target}/debug/sfn-asl"
for file in examples/asl/*.asl.json; do
  stem="$(basename "$file" .asl.json)"
  mkdir -p "examples/workflows/$stem"
  "$bin" hcl "$file" --output "examples/workflows/$stem/main.tf" 2>/dev/null
  echo "examples/workflows/$stem/main.tf"
done
