#!/usr/bin/env bash
# Builds the release artifacts in the Terraform registry's shape, for linux_amd64:
#   dist/terraform-provider-sfn_<version>_linux_amd64.zip  (holding terraform-provider-sfn_v<version>)
#   dist/terraform-provider-sfn_<version>_manifest.json
#   dist/terraform-provider-sfn_<version>_SHA256SUMS
# Usage: scripts/release.sh   (the version comes from the workspace Cargo.toml)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
[ -n "$version" ] || { echo "no version in Cargo.toml" >&2; exit 1; }
"$root/scripts/setup.sh" >/dev/null   # protoc for the build
cargo build --release --locked -p terraform-provider-sfn
dist="$root/dist"
rm -rf "$dist" && mkdir -p "$dist"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cp "target/release/terraform-provider-sfn" "$stage/terraform-provider-sfn_v$version"
zip_name="terraform-provider-sfn_${version}_linux_amd64.zip"
python3 - "$stage" "$dist/$zip_name" "terraform-provider-sfn_v$version" <<'PY'
import os, sys, zipfile
stage, out, name = sys.argv[1:]
info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
info.external_attr = 0o755 << 16
info.compress_type = zipfile.ZIP_DEFLATED
with zipfile.ZipFile(out, "w") as z, open(os.path.join(stage, name), "rb") as f:
    z.writestr(info, f.read())
PY
cp terraform-registry-manifest.json "$dist/terraform-provider-sfn_${version}_manifest.json"
(cd "$dist" && sha256sum "$zip_name" "terraform-provider-sfn_${version}_manifest.json" > "terraform-provider-sfn_${version}_SHA256SUMS")
echo "built:" >&2
ls -l "$dist" >&2
cat "$dist/terraform-provider-sfn_${version}_SHA256SUMS"
