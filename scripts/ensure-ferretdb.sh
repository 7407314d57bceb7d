#!/usr/bin/env bash
# Builds the FerretDB 1.24.2 binary the project's tests and quick start run against.
# `go install …@v1.24.2` yields a binary that panics at start because the release's
# build/version/version.txt is generated at release time; so we build from a writable
# copy of the module source with that file written, and the patches in
# scripts/ferretdb-patches applied (each says why; none changes what FerretDB answers).
# The result is reused when present; BUILD names the patch set, so a new one rebuilds.
set -euo pipefail
VERSION=v1.24.2
BUILD=3
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT_DIR="${FERRETDB_HOME:-$ROOT/.tools/ferretdb}"
BIN="$OUT_DIR/ferretdb-$VERSION-build$BUILD"

if [ -x "$BIN" ]; then
  echo "$BIN"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "Go is required to build FerretDB $VERSION (install Go 1.22+ or set MONGODB_URI to an existing MongoDB)." >&2
  exit 1
fi
mkdir -p "$OUT_DIR"
echo "Building FerretDB $VERSION (about a minute the first time)..." >&2
MOD_DIR="$(GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
if [ -z "$MOD_DIR" ] || [ ! -d "$MOD_DIR" ]; then
  echo "Could not download the FerretDB $VERSION module source." >&2
  exit 1
fi
# Each run builds in its own folder: two test runs starting at once must not clobber one
# another's source, and the rename below is atomic, so the first finished binary wins.
SRC="$OUT_DIR/src.$$"
trap 'rm -rf "$SRC" "$BIN.$$.tmp"' EXIT
rm -rf "$SRC"
cp -R "$MOD_DIR" "$SRC"
chmod -R u+w "$SRC"
printf '%s' "$VERSION" > "$SRC/build/version/version.txt"
for PATCH in "$ROOT"/scripts/ferretdb-patches/*.patch; do
  (cd "$SRC" && git apply "$PATCH") || {
    echo "Could not apply $(basename "$PATCH") to FerretDB $VERSION." >&2
    exit 1
  }
done
(cd "$SRC" && CGO_ENABLED=0 go build -trimpath -o "$BIN.$$.tmp" ./cmd/ferretdb)
mv "$BIN.$$.tmp" "$BIN"
rm -rf "$SRC"
echo "$BIN"
