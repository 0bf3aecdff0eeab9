#!/usr/bin/env bash
# Check a halo-forge installation (run inside the toolbox container, or in any checkout with .venv/):
# what the machine offers, then the self-check. Exit status: the self-check's (1 when a check failed).
#
#   toolbox/verify.sh            # smoke: stack, toolchains, sandbox, shipped files (seconds)
#   toolbox/verify.sh full       # + load the embedded model, generate, verify, one LoRA step (minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
level="${1:-smoke}"
case "${level}" in
    smoke|standard|full) ;;
    *) echo "toolbox/verify.sh: level must be smoke, standard or full, not '${level}'" >&2; exit 2 ;;
esac
if command -v halo-forge >/dev/null 2>&1; then
    hf=(halo-forge)
elif [[ -x .venv/bin/halo-forge ]]; then
    hf=(.venv/bin/halo-forge)
else
    echo "toolbox/verify.sh: halo-forge is not installed here (run scripts/bootstrap.sh first)" >&2
    exit 2
fi
"${hf[@]}" info
echo
"${hf[@]}" test --level "${level}"
