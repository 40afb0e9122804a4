#!/usr/bin/env bash
# Benchmarks sfn-codegen: criterion throughput (check_str, emit, both) on 1k/2k/5k/10k-state and
# 1 MiB generated definitions, and of the IAM policy's derivation (benches/policy.rs);
# `sfn-asl validate` reporting 1,250 to 5,000 problems (pretty and one-line definitions); then
# peak resident memory of one check_str + emit run on the
# 5k-state and 1 MiB definitions, measured by `/usr/bin/time -v` around the check_file example.
#
# Usage: scripts/bench.sh [criterion filter]   (CARGO_TARGET_DIR is honoured)
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time for peak-memory figures" >&2
  apt-get install -y time >/dev/null
fi

echo "== build (release)"
cargo build --release -p sfn-codegen --example check_file
cargo bench -p sfn-codegen --bench validate --no-run
cargo bench -p sfn-codegen --bench policy --no-run

echo "== criterion (brief: --warm-up-time 1 --measurement-time 3)"
cargo bench -p sfn-codegen --bench validate -- --warm-up-time 1 --measurement-time 3 "$@"
cargo bench -p sfn-codegen --bench policy -- --warm-up-time 1 --measurement-time 3 "$@"

echo "== reporting: sfn-asl validate with 1,250 to 5,000 problems (time per problem should stay flat)"
cargo bench -p sfn-asl --bench report -- --warm-up-time 1 --measurement-time 3

echo "== peak memory (one check_str + emit::to_pretty, release build)"
bin="$target/release/examples/check_file"
"$bin" --generate-states 1000 "$work/states-1k.asl.json"
"$bin" --generate-states 5000 "$work/states-5k.asl.json"
"$bin" --generate-states 10000 "$work/states-10k.asl.json"
"$bin" --generate-bytes 1048576 "$work/one-mebibyte.asl.json"
for f in states-1k states-5k states-10k one-mebibyte; do
  # check_file exits 1 when the definition has errors (the 5k/10k ones exceed 1 MiB: ASL601).
  /usr/bin/time -v "$bin" "$work/$f.asl.json" 2>"$work/$f.time" | head -1 || true
  rss_kib=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$f.time")
  echo "   peak RSS $f: ${rss_kib} KiB"
done
