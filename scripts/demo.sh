#!/usr/bin/env bash
# The main job, end to end, on a fresh machine: build the provider, start a local Step Functions
# API (moto), `terraform apply` the order-processing example against it, and show the state
# machine as the API reports it, with its diagram. Cleans up after itself.
# Usage: scripts/demo.sh [--keep]   (--keep leaves the API running and the working directory)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
keep="${1:-}"

"$root/scripts/setup.sh"
tf="$root/.testinfra/bin/terraform"

# A first build compiles about 400 crates (around five minutes on two cores): show that it moves.
build_log="${CARGO_TARGET_DIR:-$root/target}/demo-build.log"
mkdir -p "$(dirname "$build_log")"
echo "== building the provider (the first build takes a few minutes; log: $build_log)" >&2
cargo build -p terraform-provider-sfn >"$build_log" 2>&1 &
build_pid=$!
started=$SECONDS
while kill -0 "$build_pid" 2>/dev/null; do
  for _ in $(seq 1 15); do
    kill -0 "$build_pid" 2>/dev/null || break
    sleep 1
  done
  kill -0 "$build_pid" 2>/dev/null || break
  compiled="$(grep -c '^ *Compiling ' "$build_log" || true)"
  echo "   ... building: $((SECONDS - started)) s, $compiled crates compiled so far" >&2
done
if ! wait "$build_pid"; then
  tail -n 40 "$build_log" >&2
  echo "== the build failed (full log: $build_log)" >&2
  exit 1
fi
echo "   built in $((SECONDS - started)) s" >&2

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
echo "== starting the local Step Functions API (moto) on 127.0.0.1:$port" >&2
"$root/.testinfra/venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$root/.testinfra/moto-demo.log" 2>&1 &
moto_pid=$!
work="$(mktemp -d)"
cleanup() {
  if [ "$keep" != "--keep" ]; then
    kill "$moto_pid" 2>/dev/null || true
    rm -rf "$work"
  else
    echo "left running: moto (pid $moto_pid, port $port), working directory $work" >&2
  fi
}
trap cleanup EXIT
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done

export AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true AWS_ENDPOINT_URL_SFN="http://127.0.0.1:$port"
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
export TF_CLI_CONFIG_FILE="$work/terraform.rc"
cat >"$TF_CLI_CONFIG_FILE" <<RC
provider_installation {
  dev_overrides {
    "sfn-tools/sfn" = "$root/target/debug"
  }
  direct {}
}
RC
cp "$root/examples/workflows/order-processing/"*.tf "$work/"

echo "== terraform apply (examples/workflows/order-processing)" >&2
# Only Terraform's progress lines are shown: the plan itself prints the definition, whose field
# names (ErrorEquals, error_equals) would look like errors to a filter. On failure everything
# is shown, diagnostics included.
apply_log="$work/apply.log"
if ! (cd "$work" && "$tf" apply -auto-approve -no-color >"$apply_log" 2>&1); then
  cat "$apply_log" >&2
  echo "== terraform apply failed" >&2
  exit 1
fi
grep -E '^[a-z0-9_.]+(\[[^]]*\])?: (Reading|Read complete|Creating|Creation complete|Modifying|Modifications complete)|^Apply complete!' "$apply_log" || true
arn="$(cd "$work" && "$tf" output -raw arn)"

echo
echo "== the state machine, as the Step Functions API reports it"
"$root/.testinfra/venv/bin/python" - "$arn" "$port" <<'PY'
import json, sys, boto3
arn, port = sys.argv[1], sys.argv[2]
sfn = boto3.client("stepfunctions", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1")
m = sfn.describe_state_machine(stateMachineArn=arn)
print(f"arn:     {m['stateMachineArn']}")
print(f"name:    {m['name']}  type: {m['type']}  status: {m['status']}")
print(f"created: {m['creationDate']}")
print(f"states:  {', '.join(json.loads(m['definition'])['States'])}")
PY
echo
echo "== its diagram (Mermaid)"
(cd "$work" && "$tf" output -raw mermaid)
echo
