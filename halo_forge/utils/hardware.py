"""What this machine offers: Python/torch versions, device, memory, toolchains, and the device and dtype
a model loads on.

``halo-forge info`` (:mod:`halo_forge.info`) reports it. Detection never imports heavy packages it does
not need and never fails: a missing tool is reported as missing.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from typing import Any

from halo_forge.errors import ConfigError

# Toolchains the verifiers can use: name shown -> executable.
TOOLCHAINS = {
    "gcc": "gcc",
    "g++": "g++",
    "clang": "clang",
    "mingw": "x86_64-w64-mingw32-gcc",
    "wine": "wine",
    "cargo": "cargo",
    "rustc": "rustc",
    "go": "go",
    "ssh": "ssh",
    "bwrap": "bwrap",
}


def tool_version(executable: str) -> str | None:
    """First line of ``executable --version`` (``ssh -V`` for ssh), or None when it is not installed."""
    path = shutil.which(executable)
    if path is None:
        return None
    argv = [path, "-V"] if executable == "ssh" else [path, "version" if executable == "go" else "--version"]
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return f"{path} (version unknown)"
    lines = (proc.stdout or proc.stderr).strip().splitlines()
    return lines[0].strip() if lines else path


def memory_gib() -> float | None:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError, AttributeError):
        return None


def detect_device() -> dict[str, Any]:
    """The accelerator torch sees: kind (cuda, rocm, mps, cpu), name and memory."""
    try:
        import torch
    except ImportError:
        return {"kind": "cpu", "name": platform.processor() or platform.machine(), "torch": None}
    info: dict[str, Any] = {"torch": torch.__version__}
    if torch.cuda.is_available():
        props = torch.cuda.get_device_properties(0)
        is_rocm = getattr(torch.version, "hip", None) is not None
        info.update(kind="rocm" if is_rocm else "cuda", name=props.name, count=torch.cuda.device_count(),
                    memory_gib=round(props.total_memory / 2**30, 1),
                    arch=getattr(props, "gcnArchName", None) if is_rocm else f"sm_{props.major}{props.minor}")
    elif getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        info.update(kind="mps", name="Apple GPU")
    else:
        info.update(kind="cpu", name=platform.processor() or platform.machine(), threads=torch.get_num_threads())
    return info


# ------------------------------------------------------------------------------------ device and dtype

# AMD Strix Halo (Ryzen AI Max, gfx1151): ROCm needs these before the GPU is first touched. Set only
# where the user has not set them; see docs/hardware.md.
STRIX_HALO_ENV = {
    # 11.5.1 is gfx1151 itself: ROCm reports the APU as what it is even where its runtime does not list
    # the chip yet (no other chip's kernels are used; a torch wheel without gfx1151 kernels still fails).
    "HSA_OVERRIDE_GFX_VERSION": "11.5.1",
    "HSA_ENABLE_SDMA": "0",                  # SDMA copies hang or corrupt on the unified-memory APU
    "PYTORCH_HIP_ALLOC_CONF": "expandable_segments:True",  # fewer fragmentation OOMs on shared memory
}
KFD_NODES = "/sys/class/kfd/kfd/topology/nodes"


def is_strix_halo() -> bool:
    """True when an AMD gfx1151 GPU is present, read from the ROCm kernel driver's topology in sysfs
    (not from torch, because the environment must be set before HIP starts)."""
    try:
        nodes = os.listdir(KFD_NODES)
    except OSError:
        return False
    for node in nodes:
        try:
            with open(os.path.join(KFD_NODES, node, "properties"), encoding="ascii") as props:
                if any(line.split()[:2] == ["gfx_target_version", "110501"] for line in props):
                    return True
        except OSError:
            continue
    return False


def apply_strix_halo_environment() -> dict[str, str]:
    """On Strix Halo set :data:`STRIX_HALO_ENV` (keeping the user's own values); returns what was set."""
    if not is_strix_halo():
        return {}
    applied = {key: value for key, value in STRIX_HALO_ENV.items() if key not in os.environ}
    os.environ.update(applied)
    return applied


def choose_device(requested: str = "auto") -> str:
    """``auto`` -> cuda (NVIDIA or ROCm) -> mps -> cpu; an explicit device must exist."""
    apply_strix_halo_environment()
    import torch

    has_mps = getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available()
    available = {"cuda": torch.cuda.is_available(), "mps": has_mps, "cpu": True}
    if requested == "auto":
        return next(device for device in ("cuda", "mps", "cpu") if available[device])
    if not available.get(requested, False):
        raise ConfigError([f"model.device: {requested} was asked for but torch sees no such device "
                           f"(available: {', '.join(d for d, ok in available.items() if ok)})"])
    return requested


def cpu_has_native_bf16() -> bool:
    """bf16 matmuls are fast on CPUs with AVX512-BF16 or AMX; elsewhere they are emulated and slower."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as cpuinfo:
            flags = next((line for line in cpuinfo if line.startswith("flags")), "").split()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def choose_dtype(requested: str, device: str) -> Any:
    """The torch dtype for ``requested`` (auto: bf16 on CUDA/ROCm with bf16 support, fp16 on older
    CUDA cards, bf16 on CPUs with native bf16 instructions (AVX512-BF16/AMX; elsewhere bf16 is
    emulated), fp32 on MPS and other CPUs). ``bench/generation.py --compare-dtypes`` measures it."""
    import torch

    named = {"bf16": torch.bfloat16, "fp16": torch.float16, "fp32": torch.float32}
    if requested != "auto":
        return named[requested]
    if device == "cuda":
        return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    if device == "cpu" and cpu_has_native_bf16():
        return torch.bfloat16
    return torch.float32


def dataloader_pin_memory(device: str) -> bool:
    """Pinned host memory speeds copies to a discrete GPU; on Strix Halo CPU and GPU share the same RAM,
    so pinning only takes memory away (docs/hardware.md)."""
    return device == "cuda" and not is_strix_halo()


def default_attn_implementation(device: str) -> str | None:
    """Eager attention on Strix Halo (its ROCm SDPA/flash kernels are unreliable); None lets
    transformers choose elsewhere."""
    return "eager" if device == "cuda" and is_strix_halo() else None


def available_memory_gib() -> float | None:
    """MemAvailable of /proc/meminfo (what can be allocated without swapping), or None."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) / 2**20
    except (OSError, ValueError, IndexError):
        pass
    return None
