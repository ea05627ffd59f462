#!/usr/bin/env bash
# Put the small English Vosk model in models/vosk-model-en-us (git-ignored).
# The Vosk authors publish it on Maven Central as an Android AAR (Apache-2.0), the one English
# Vosk model a package registry carries, so this works on machines that reach only registries.
# With the internet, `assistant models download` fetches the same model from the Vosk site.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION="0.3.45"
DEST="models/vosk-model-en-us"
if [ -f "$DEST/am/final.mdl" ] && [ -f "$DEST/graph/HCLr.fst" ]; then
    exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "setup: fetching the Vosk English model (com.alphacephei:vosk-model-en:$VERSION) with Maven..."
mvn -B -q dependency:copy -Dartifact="com.alphacephei:vosk-model-en:$VERSION:aar" \
    -DoutputDirectory="$work" >"$work/mvn.log" 2>&1 || { cat "$work/mvn.log" >&2; echo "setup: the model could not be fetched." >&2; exit 1; }
unzip -q "$work/vosk-model-en-$VERSION.aar" 'assets/model-en-us/*' -d "$work/unpacked"
mkdir -p models
rm -rf "$DEST.partial"
mv "$work/unpacked/assets/model-en-us" "$DEST.partial"
rm -rf "$DEST"
mv "$DEST.partial" "$DEST"
echo "setup: model ready in $DEST."
