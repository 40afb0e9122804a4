#!/usr/bin/env bash
# Supply-chain checks with cargo-deny (policy in deny.toml): licences, sources (crates.io only),
# bans, and RustSec advisories. Installs cargo-deny from crates.io into .testinfra/cargo on first use.
#
# The advisory database is a git repository on GitHub. It is fetched when GitHub is reachable;
# otherwise a local clone is used, from $SFN_ADVISORY_DB or the workplace mirror
# /work/.mirror/rustsec+advisory-db/repo. With neither, the advisories check cannot run: the
# script says so loudly and, unless SFN_REQUIRE_ADVISORIES=1, still passes on the other checks.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
version=0.20.2
bin="$root/.testinfra/cargo/bin"
if [ "$("$bin/cargo-deny" --version 2>/dev/null)" != "cargo-deny $version" ]; then
  echo "[deny] installing cargo-deny $version from crates.io" >&2
  cargo install --quiet --locked cargo-deny --version "$version" --root "$root/.testinfra/cargo"
fi
export PATH="$bin:$PATH"

echo "[deny] licences, sources, bans"
cargo deny --locked -L error check licenses sources bans

# cargo-deny's directory for the default database URL, under db-path (deny.toml). Removed first,
# so that a successful fetch really is a fresh clone from GitHub.
dbdir="$root/.testinfra/advisory-dbs"
target="$dbdir/advisory-db-3157b0e258782691"
rm -rf "$target"
if timeout 120 cargo deny --locked fetch db >/dev/null 2>&1; then
  echo "[deny] advisories (database fetched from GitHub, newest advisory commit $(git -C "$target" log -1 --format=%cs))"
  cargo deny --locked --offline check advisories
  exit 0
fi
src="${SFN_ADVISORY_DB:-/work/.mirror/rustsec+advisory-db/repo}"
if [ -e "$src" ]; then
  rm -rf "$target"
  mkdir -p "$dbdir"
  git clone --quiet "$src" "$target"
  echo "[deny] advisories (offline: GitHub unreachable; database cloned from $src, newest advisory commit $(git -C "$target" log -1 --format=%cs))"
  cargo deny --locked --offline check advisories
  exit 0
fi
echo "[deny] ==================================================================" >&2
echo "[deny] ADVISORIES NOT CHECKED: the RustSec database is not reachable" >&2
echo "[deny] (no GitHub access, no \$SFN_ADVISORY_DB, no workplace mirror)." >&2
echo "[deny] ==================================================================" >&2
if [ "${SFN_REQUIRE_ADVISORIES:-0}" = 1 ]; then exit 1; fi
