#!/usr/bin/env bash
# Build the halo-forge toolbox image with podman (preferred) or docker, then check it with verify.sh.
#
#   toolbox/build.sh                                   # CPU image halo-forge:latest, verified
#   TORCH_INDEX_URL=https://download.pytorch.org/whl/cu128 IMAGE=halo-forge:cuda toolbox/build.sh
#   TORCH_INDEX_URL=https://download.pytorch.org/whl/rocm6.4 IMAGE=halo-forge:rocm toolbox/build.sh
#
# Environment: ENGINE (podman or docker; default: whichever is installed, podman first), IMAGE (tag),
# BASE_IMAGE, TORCH_VERSION, TORCH_INDEX_URL (build arguments, see toolbox/Containerfile),
# VERIFY_LEVEL (smoke, standard or full; "none" skips the check), RUN_ARGS (extra `run` flags, e.g. GPU
# access: "--device nvidia.com/gpu=all" for podman, "--gpus all" for docker, "--device /dev/kfd
# --device /dev/dri --group-add video" for ROCm).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"

engine="${ENGINE:-}"
if [[ -z "${engine}" ]]; then
    for candidate in podman docker; do
        if command -v "${candidate}" >/dev/null 2>&1; then engine="${candidate}"; break; fi
    done
fi
if [[ -z "${engine}" ]] || ! command -v "${engine}" >/dev/null 2>&1; then
    echo "toolbox/build.sh: no container engine found: install podman (or docker), or set ENGINE" >&2
    exit 2
fi
if ! "${engine}" info >/dev/null 2>&1; then
    echo "toolbox/build.sh: ${engine} is installed but not working (\`${engine} info\` fails; is its service" \
         "running, and may this user use it?)" >&2
    exit 2
fi
image="${IMAGE:-halo-forge:latest}"

# The build context is the checkout's tracked and not-ignored files only: never .venv/ or runs/.
context="$(mktemp -d)"
trap 'rm -rf "${context}"' EXIT
(cd "${repo}" && git ls-files --cached --others --exclude-standard -z \
    | while IFS= read -r -d '' file; do if [[ -e "${file}" ]]; then printf '%s\0' "${file}"; fi; done \
    | xargs -0 -r cp --parents -t "${context}")
if [[ ! -f "${context}/scripts/bootstrap.sh" ]]; then
    echo "toolbox/build.sh: ${repo} is not a git checkout of halo-forge (no scripts/bootstrap.sh)" >&2
    exit 2
fi

build_args=()
for name in BASE_IMAGE TORCH_VERSION TORCH_INDEX_URL; do
    if [[ -n "${!name:-}" ]]; then build_args+=(--build-arg "${name}=${!name}"); fi
done
echo "toolbox/build.sh: ${engine} build -t ${image} ${build_args[*]}"
"${engine}" build -f "${context}/toolbox/Containerfile" -t "${image}" "${build_args[@]}" "${context}"

level="${VERIFY_LEVEL:-smoke}"
if [[ "${level}" == none ]]; then exit 0; fi
# bubblewrap inside the container needs user namespaces and its own /proc: lift the engine's default
# seccomp profile and masked /proc paths for the check (the sandbox falls back, loudly, without them).
if [[ "${engine}" == podman ]]; then
    security=(--security-opt seccomp=unconfined --security-opt unmask=ALL)
else
    security=(--security-opt seccomp=unconfined --security-opt apparmor=unconfined
              --security-opt systempaths=unconfined)
fi
# shellcheck disable=SC2086  # RUN_ARGS is a list of flags
"${engine}" run --rm "${security[@]}" ${RUN_ARGS:-} "${image}" toolbox/verify.sh "${level}"
