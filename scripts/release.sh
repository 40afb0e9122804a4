#!/usr/bin/env bash
# Builds a release of terraform-provider-sfn and sfn-asl, in the Terraform registry's shape, with
# the two mirror layouts Terraform installs from without any override:
#
#   OUT/terraform-provider-sfn_<ver>_<os>_<arch>.zip   the provider (terraform-provider-sfn_v<ver>)
#   OUT/sfn-asl_<ver>_<os>_<arch>.zip                  the command-line tool
#   OUT/terraform-provider-sfn_<ver>_manifest.json     protocol versions (the registry reads it)
#   OUT/terraform-provider-sfn_<ver>_SHA256SUMS        every zip above and the manifest
#   OUT/terraform-provider-sfn_<ver>_SHA256SUMS.sig    with --gpg-key: a detached binary signature
#   OUT/symbols/<binary>_<ver>_<os>_<arch>.debug       debug info stripped from the binaries
#   MIRROR/filesystem/<host>/<namespace>/sfn/...zip    for `filesystem_mirror` (packed layout)
#   MIRROR/network/<host>/<namespace>/sfn/index.json, <ver>.json, zips
#                                                      for `network_mirror` on any static HTTPS
#                                                      host (hashes h1: and zh: for lock files)
#
# Usage: scripts/release.sh [options]
#   --targets "linux_amd64 linux_arm64 darwin_arm64 ..."   Terraform platforms (default: this host)
#   --out DIR          release directory (default: dist/; emptied first)
#   --mirror DIR       mirror directory (default: OUT/mirror). Versions already in a network
#                      mirror there stay listed in its index.json, so one directory can carry
#                      every release.
#   --address ADDR     provider source address the mirrors serve (default
#                      registry.terraform.io/sfn-tools/sfn, what `source = "sfn-tools/sfn"` means)
#   --gpg-key KEYID    sign SHA256SUMS with this key of the publisher's keyring (never in the repo)
#   --no-build         package binaries already built (`cargo build --release`, per target)
#   --bin-dir DIR      where the host's built binaries are (default: CARGO_TARGET_DIR/release)
#
# Only targets whose Rust toolchain and linker are installed can be built; this machine builds
# its own. Binaries are stripped: ELF targets with objcopy (binutils), keeping the debug info in
# symbols/ with a debuglink; other targets with cargo's `strip` and split debug info.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

say() { printf '[release] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

targets=""
out="$root/dist"
mirror=""
address="registry.terraform.io/sfn-tools/sfn"
gpg_key=""
build=1
bin_dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --targets) targets="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --mirror) mirror="$2"; shift 2 ;;
    --address) address="$2"; shift 2 ;;
    --gpg-key) gpg_key="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --bin-dir) bin_dir="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done

version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
[ -n "$version" ] || die "no version in Cargo.toml"
case "$address" in
  */*/sfn) ;;
  *) die "--address must be HOST/NAMESPACE/sfn, not $address" ;;
esac
target_dir="${CARGO_TARGET_DIR:-$root/target}"
host_triple="$(rustc -vV | sed -n 's/^host: //p')"

# Terraform platform <-> Rust target triple.
triple_of() {
  case "$1" in
    linux_amd64) echo x86_64-unknown-linux-gnu ;;
    linux_arm64) echo aarch64-unknown-linux-gnu ;;
    linux_arm) echo armv7-unknown-linux-gnueabihf ;;
    darwin_amd64) echo x86_64-apple-darwin ;;
    darwin_arm64) echo aarch64-apple-darwin ;;
    windows_amd64) echo x86_64-pc-windows-msvc ;;
    windows_arm64) echo aarch64-pc-windows-msvc ;;
    freebsd_amd64) echo x86_64-unknown-freebsd ;;
    *) return 1 ;;
  esac
}
platform_of() {
  for p in linux_amd64 linux_arm64 linux_arm darwin_amd64 darwin_arm64 windows_amd64 windows_arm64 freebsd_amd64; do
    if [ "$(triple_of "$p")" = "$1" ]; then echo "$p"; return 0; fi
  done
  return 1
}
host_platform="$(platform_of "$host_triple")" || die "this host ($host_triple) is not a Terraform platform"
[ -n "$targets" ] || targets="$host_platform"
for t in $targets; do triple_of "$t" >/dev/null || die "unknown platform $t (os_arch, e.g. linux_amd64)"; done

[ -n "$mirror" ] || mirror="$out/mirror"
rm -rf "$out"
mkdir -p "$out/symbols"

if [ -n "$gpg_key" ] && ! command -v gpg >/dev/null 2>&1; then
  say "installing gpg (Debian's gnupg) to sign SHA256SUMS"
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq gnupg >/dev/null
fi

# The directory holding one platform's built binaries.
binaries_of() {
  local platform="$1" triple
  triple="$(triple_of "$platform")"
  if [ "$platform" = "$host_platform" ]; then
    echo "${bin_dir:-$target_dir/release}"
  else
    echo "$target_dir/$triple/release"
  fi
}

build_platform() {
  local platform="$1" triple
  triple="$(triple_of "$platform")"
  say "building $platform ($triple)"
  if [ "$platform" = "$host_platform" ]; then
    "$root/scripts/setup.sh" >/dev/null   # protoc for the build
    cargo build --release --locked -p terraform-provider-sfn -p sfn-asl
  else
    rustup target list --installed 2>/dev/null | grep -qx "$triple" \
      || die "the Rust target $triple is not installed (rustup target add $triple, plus its linker)"
    case "$platform" in
      linux_*|freebsd_*) cargo build --release --locked --target "$triple" -p terraform-provider-sfn -p sfn-asl ;;
      *) CARGO_PROFILE_RELEASE_STRIP=symbols CARGO_PROFILE_RELEASE_SPLIT_DEBUGINFO=packed \
           cargo build --release --locked --target "$triple" -p terraform-provider-sfn -p sfn-asl ;;
    esac
  fi
}

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

# Copies a built binary to DEST, stripped; debug info goes to symbols/ (ELF) when there is any.
strip_into() {
  local src="$1" dest="$2" symbols="$3" platform="$4"
  [ -f "$src" ] || die "$src is missing: build first (without --no-build, or cargo build --release)"
  case "$platform" in
    linux_*|freebsd_*)
      command -v objcopy >/dev/null 2>&1 || die "objcopy (binutils) is needed to strip ELF binaries"
      objcopy --only-keep-debug "$src" "$symbols"
      objcopy --strip-all --add-gnu-debuglink="$symbols" "$src" "$dest"
      ;;
    *)
      cp "$src" "$dest"
      for extra in "$src.dSYM" "${src%.exe}.pdb"; do
        [ -e "$extra" ] && cp -R "$extra" "$out/symbols/"
      done
      ;;
  esac
  chmod 0755 "$dest"
}

# A zip with one executable, byte-identical for the same input (fixed time stamp and mode).
zip_one() {
  python3 - "$1" "$2" "$3" <<'PY'
import sys, zipfile
src, out, name = sys.argv[1:]
info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
info.external_attr = 0o100755 << 16
info.compress_type = zipfile.ZIP_DEFLATED
info.create_system = 3
with zipfile.ZipFile(out, "w") as z, open(src, "rb") as f:
    z.writestr(info, f.read(), compresslevel=9)
PY
}

zips=()
for platform in $targets; do
  if [ "$build" = 1 ]; then build_platform "$platform"; fi
  bins="$(binaries_of "$platform")"
  exe=""
  case "$platform" in windows_*) exe=".exe" ;; esac
  provider_name="terraform-provider-sfn_v${version}${exe}"
  strip_into "$bins/terraform-provider-sfn$exe" "$stage/$provider_name" \
    "$out/symbols/terraform-provider-sfn_${version}_${platform}.debug" "$platform"
  strip_into "$bins/sfn-asl$exe" "$stage/sfn-asl$exe" \
    "$out/symbols/sfn-asl_${version}_${platform}.debug" "$platform"
  zip_one "$stage/$provider_name" "$out/terraform-provider-sfn_${version}_${platform}.zip" "$provider_name"
  zip_one "$stage/sfn-asl$exe" "$out/sfn-asl_${version}_${platform}.zip" "sfn-asl$exe"
  zips+=("terraform-provider-sfn_${version}_${platform}.zip")
  say "$platform: provider $(stat -c %s "$stage/$provider_name") bytes stripped, zip $(stat -c %s "$out/terraform-provider-sfn_${version}_${platform}.zip") bytes"
  rm -f "$stage/$provider_name" "$stage/sfn-asl$exe"
done
# Symbols that were not produced (a target without debug info) leave nothing behind.
find "$out/symbols" -type f -size 0 -delete

manifest="terraform-provider-sfn_${version}_manifest.json"
cp terraform-registry-manifest.json "$out/$manifest"
sums="terraform-provider-sfn_${version}_SHA256SUMS"
(cd "$out" && sha256sum -- *.zip "$manifest" | LC_ALL=C sort -k2 > "$sums")
if [ -n "$gpg_key" ]; then
  gpg --batch --yes --local-user "$gpg_key" --detach-sign --output "$out/$sums.sig" "$out/$sums"
  gpg --batch --verify "$out/$sums.sig" "$out/$sums" 2>/dev/null || die "the new signature does not verify"
  say "signed $sums with $gpg_key"
fi

# Mirrors. Hashes: h1: is Terraform's hash of the files inside the zip (what lock files record
# for every install), zh: the SHA-256 of the zip itself (what a registry's SHA256SUMS vouches for).
python3 - "$out" "$mirror" "$address" "$version" "${zips[@]}" <<'PY'
import base64, hashlib, json, os, re, shutil, sys, zipfile

out, mirror, address, version, *zips = sys.argv[1:]

def h1(path):
    with zipfile.ZipFile(path) as z:
        names = sorted(i.filename for i in z.infolist() if not i.is_dir())
        summary = "".join(f"{hashlib.sha256(z.read(n)).hexdigest()}  {n}\n" for n in names)
    return "h1:" + base64.b64encode(hashlib.sha256(summary.encode()).digest()).decode()

def zh(path):
    with open(path, "rb") as f:
        return "zh:" + hashlib.sha256(f.read()).hexdigest()

fs = os.path.join(mirror, "filesystem", address)
net = os.path.join(mirror, "network", address)
os.makedirs(fs, exist_ok=True)
os.makedirs(net, exist_ok=True)
archives = {}
for name in zips:
    src = os.path.join(out, name)
    platform = re.fullmatch(rf"terraform-provider-sfn_{re.escape(version)}_(.+)\.zip", name).group(1)
    shutil.copyfile(src, os.path.join(fs, name))
    shutil.copyfile(src, os.path.join(net, name))
    archives[platform] = {"url": name, "hashes": [h1(src), zh(src)]}
with open(os.path.join(net, f"{version}.json"), "w") as f:
    json.dump({"archives": dict(sorted(archives.items()))}, f, indent=2)
    f.write("\n")
versions = sorted(
    n[: -len(".json")] for n in os.listdir(net) if n.endswith(".json") and n != "index.json"
)
with open(os.path.join(net, "index.json"), "w") as f:
    json.dump({"versions": {v: {} for v in versions}}, f, indent=2)
    f.write("\n")
for platform, a in sorted(archives.items()):
    print(f"{platform}  {a['hashes'][0]}  {a['hashes'][1]}")
PY

say "release $version in $out, mirrors in $mirror (address $address):"
(cd "$out" && ls -l -- *.zip *.json "$sums"* >&2)
