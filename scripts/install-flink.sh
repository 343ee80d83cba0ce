#!/usr/bin/env bash
# Installs the `flink` engine: Flink 2.3's jars (from PyPI's apache-flink-libraries wheel, the
# only place this machine can get them; no Maven) and the protocol adapter
# (engines/flink/src), compiled with javac against them. Idempotent: the wheel is fetched once,
# the adapter recompiled only when its sources changed. Checks Java >= 17 first.
#
#   scripts/install-flink.sh          # into ${STREAMBENCH_FLINK_HOME:-~/.cache/streambench/flink}
#
# streambench finds the engine there (`streambench list` says whether it is installed).
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=2.3.0
HOME_DIR="${STREAMBENCH_FLINK_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/streambench/flink}"
SRC=engines/flink/src
say() { echo "install-flink: $*" >&2; }

# Java 17 or later, and javac to build the adapter.
if ! command -v java >/dev/null || ! command -v javac >/dev/null; then
  say "needs java and javac (17 or later) on PATH; the flink engine stays unavailable"
  exit 1
fi
major=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
if [ -z "$major" ] || [ "$major" -lt 17 ]; then
  say "needs Java 17 or later (found: $(java -version 2>&1 | head -1))"
  exit 1
fi

mkdir -p "$HOME_DIR/lib" "$HOME_DIR/adapter"
# Flink's jars: flink-dist (the runtime, DataStream API, MiniCluster, standalone entry points)
# and log4j. The 329 MB wheel is removed once they are out of it.
if ! ls "$HOME_DIR/lib/flink-dist-$VERSION.jar" >/dev/null 2>&1; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  say "fetching apache-flink-libraries==$VERSION from PyPI (329 MB)"
  python3 -m pip download --quiet --no-deps --dest "$tmp" "apache-flink-libraries==$VERSION"
  python3 - "$tmp" "$HOME_DIR/lib" <<'PY'
import sys, zipfile, glob, os
wheel = glob.glob(os.path.join(sys.argv[1], "*.whl"))[0]
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        base = os.path.basename(name)
        if name.startswith("pyflink/lib/") and (base.startswith("flink-dist") or base.startswith("log4j")):
            with z.open(name) as src, open(os.path.join(sys.argv[2], base + ".part"), "wb") as dst:
                dst.write(src.read())
            os.replace(os.path.join(sys.argv[2], base + ".part"), os.path.join(sys.argv[2], base))
PY
fi

# The adapter, rebuilt when its sources differ from the installed copy (which streambench
# compares with the sources it was built with, to refuse a stale adapter).
if ! diff -rq "$SRC" "$HOME_DIR/adapter/src" >/dev/null 2>&1 || [ ! -f "$HOME_DIR/adapter/streambench-flink.jar" ]; then
  say "compiling the adapter"
  rm -rf "$HOME_DIR/adapter/classes" "$HOME_DIR/adapter/src"
  javac -nowarn -d "$HOME_DIR/adapter/classes" -cp "$HOME_DIR/lib/*" $(find "$SRC" -name '*.java')
  jar cf "$HOME_DIR/adapter/streambench-flink.jar.part" -C "$HOME_DIR/adapter/classes" .
  mv "$HOME_DIR/adapter/streambench-flink.jar.part" "$HOME_DIR/adapter/streambench-flink.jar"
  cp engines/flink/log4j2.properties "$HOME_DIR/log4j2.properties"
  cp -r "$SRC" "$HOME_DIR/adapter/src"
fi
say "installed in $HOME_DIR"
