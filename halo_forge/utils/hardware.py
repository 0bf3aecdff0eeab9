"""What this machine offers: Python/torch versions, device, memory, toolchains.

``halo-forge info`` prints :func:`collect_info`. Detection never imports heavy packages it does not need
and never fails: a missing tool is reported as missing.
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
    so pinning only takes memory away (the seed's docs require it off there)."""
    return device == "cuda" and not is_strix_halo()


def default_attn_implementation(device: str) -> str | None:
    """Eager attention on Strix Halo (its ROCm SDPA/flash kernels are unreliable); None lets
    transformers choose elsewhere."""
    return "eager" if device == "cuda" and is_strix_halo() else None


def default_model_line() -> str:
    """The model that loads by default and the file it resolves to (or why it cannot load)."""
    from halo_forge.config import DEFAULT_MODEL
    from halo_forge.errors import HaloForgeError
    from halo_forge.models import resolve_model

    try:
        source = resolve_model(DEFAULT_MODEL)
    except HaloForgeError as err:
        return f"{DEFAULT_MODEL} (unavailable: {err})"
    return f"{DEFAULT_MODEL} -> {source.gguf_file or source.location}"


def collect_info() -> dict[str, Any]:
    memory = memory_gib()
    return {
        "halo_forge": __import__("halo_forge").__version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu_cores": os.cpu_count(),
        "memory_gib": round(memory, 1) if memory is not None else None,
        "device": detect_device(),
        "default_model": default_model_line(),
        "strix_halo": is_strix_halo(),
        "toolchains": {name: tool_version(exe) for name, exe in TOOLCHAINS.items()},
        "sandbox": __import__("halo_forge.sandbox", fromlist=["describe_mode"]).describe_mode(),
    }


def format_info(info: dict[str, Any]) -> str:
    device = info["device"]
    dev = f"{device['kind']} ({device.get('name') or 'unknown'})"
    if device.get("memory_gib"):
        dev += f", {device['memory_gib']} GiB"
    if info.get("strix_halo"):
        dev += ", Strix Halo (gfx1151) environment applied"
    lines = [
        f"halo-forge   {info['halo_forge']}",
        f"python       {info['python']}",
        f"torch        {device.get('torch') or 'not installed'}",
        f"platform     {info['platform']}",
        f"cpu cores    {info['cpu_cores']}",
        f"memory       {info['memory_gib']} GiB",
        f"device       {dev}",
        f"model        {info['default_model']}",
        f"sandbox      {info['sandbox']}",
        "toolchains:",
    ]
    for name, version in info["toolchains"].items():
        lines.append(f"  {name:<10} {version or 'not found'}")
    return "\n".join(lines)


def check_msvc_server(args: Any) -> tuple[bool, str]:
    """Connect to a Windows build server and compile + run hello world there (``info --msvc HOST``)."""
    from halo_forge.rlvr.verifiers.remote_msvc import DEFAULT_REMOTE_COMMAND, ConnectionLost, RemoteMSVCVerifier

    verifier = RemoteMSVCVerifier(host=args.msvc, user=args.msvc_user, ssh_key=args.msvc_key, port=args.msvc_port,
                                  remote_command=args.msvc_command or DEFAULT_REMOTE_COMMAND, max_workers=1,
                                  run_after_compile=True, known_hosts_file=args.msvc_known_hosts, cache=False)
    with verifier:
        try:
            server = verifier.check_server()
        except ConnectionLost as exc:
            return False, f"msvc         {args.msvc}: connection lost: {exc}"
        result = verifier.verify('```c\n#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n```')
    line = f"msvc         {args.msvc}: {server.get('compiler', 'unknown compiler')}; hello world: {result.status}"
    return result.success, line if result.success else f"{line} ({result.details})"


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


def gpu_lines() -> list[str]:
    """``info --gpu``: every device torch sees, with its memory and architecture, and the runtime."""
    try:
        import torch
    except ImportError:
        return ["gpu          torch is not installed"]
    if not torch.cuda.is_available():
        mps = getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available()
        return [f"gpu          {'Apple GPU (mps)' if mps else 'none (torch sees no CUDA/ROCm device)'}"]
    runtime = (f"ROCm/HIP {torch.version.hip}" if getattr(torch.version, "hip", None)
               else f"CUDA {torch.version.cuda}")
    lines = [f"gpu runtime  {runtime}" + (", Strix Halo (gfx1151)" if is_strix_halo() else "")]
    for index in range(torch.cuda.device_count()):
        props = torch.cuda.get_device_properties(index)
        arch = getattr(props, "gcnArchName", None) or f"sm_{props.major}{props.minor}"
        free, total = torch.cuda.mem_get_info(index)
        lines.append(f"gpu {index:<8} {props.name} ({arch}), {total / 2**30:.1f} GiB, "
                     f"{free / 2**30:.1f} GiB free")
    return lines


def memory_lines() -> list[str]:
    """``info --memory``: system RAM and each device's memory."""
    total, available = memory_gib(), available_memory_gib()
    shown = lambda v: f"{v:.1f} GiB" if v is not None else "unknown"  # noqa: E731
    lines = [f"ram          {shown(total)} total, {shown(available)} available"]
    if is_strix_halo():
        lines.append("             (Strix Halo: the GPU allocates from this same RAM)")
    return lines + [line for line in gpu_lines() if line.startswith("gpu ") and "GiB" in line]


# Environment variables that change how torch/ROCm/CUDA behave, shown by ``info --all``.
ENV_SHOWN = ("CUDA_VISIBLE_DEVICES", "HIP_VISIBLE_DEVICES", "HSA_OVERRIDE_GFX_VERSION", "HSA_ENABLE_SDMA",
             "PYTORCH_HIP_ALLOC_CONF", "PYTORCH_CUDA_ALLOC_CONF", "HF_HOME", "HF_HUB_OFFLINE",
             "HALO_FORGE_SANDBOX")


def info_command(cfg: None, args: Any) -> int:
    """``halo-forge info [--gpu] [--memory] [--all]``: the report, or only the part asked for."""
    show_all = getattr(args, "all", False)
    if show_all or not (getattr(args, "gpu", False) or getattr(args, "memory", False)):
        print(format_info(collect_info()))
    if show_all or getattr(args, "gpu", False):
        print("\n".join(gpu_lines()))
    if show_all or getattr(args, "memory", False):
        print("\n".join(memory_lines()))
    if show_all:
        print("environment:")
        print("\n".join(f"  {name:<26} {os.environ.get(name, '(unset)')}" for name in ENV_SHOWN))
    if getattr(args, "msvc", None):
        ok, line = check_msvc_server(args)
        print(line)
        return 0 if ok else 1
    return 0
