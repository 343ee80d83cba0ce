#!/usr/bin/env bash
# Dependency checks with cargo-deny and the policy in deny.toml: licences, sources
# (crates.io only), bans (duplicate versions listed as warnings), and advisories when
# RustSec's database is on the machine (it cannot be fetched here; see README.md).
#
# cargo-deny is built once into a cache folder outside the checkout and reused: the first
# run on a machine spends a few minutes (226 s of CPU) building it, later runs none.
set -euo pipefail
cd "$(dirname "$0")/.."

version=0.20.2
root="${XDG_CACHE_HOME:-$HOME/.cache}/streambench/cargo-deny"
bin="$root/bin/cargo-deny"

if [ "$("$bin" --version 2>/dev/null)" != "cargo-deny $version" ]; then
    echo "deny.sh: building cargo-deny $version into $root (once per machine)" >&2
    build="$(mktemp -d)"
    trap 'rm -rf "$build"' EXIT
    start=$SECONDS
    CARGO_TARGET_DIR="$build" cargo install cargo-deny --version "$version" --locked \
        --force --quiet --root "$root"
    echo "deny.sh: built in $((SECONDS - start)) s" >&2
fi

checks=(licenses bans sources)
db="${CARGO_HOME:-$HOME/.cargo}/advisory-dbs"
if compgen -G "$db/advisory-db-*/crates" >/dev/null; then
    checks+=(advisories)
    for d in "$db"/advisory-db-*/; do
        echo "deny.sh: advisories from $d, last changed $(git -C "$d" log -1 --format=%cs 2>/dev/null || echo '(unknown)')" >&2
    done
else
    echo "deny.sh: advisories not checked: RustSec's database is not in $db and cannot be" \
        "fetched from here (where it can: cargo deny fetch)" >&2
fi
# cargo-deny reads every package of the lock file, other platforms' too (web-sys,
# windows crates), which a Linux build never downloads: fetch them from crates.io first.
cargo fetch --locked --quiet
# --offline: nothing more is fetched, neither the crates index nor the advisory database.
PATH="$root/bin:$PATH" cargo deny --offline check "${checks[@]}"
