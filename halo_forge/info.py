"""``halo-forge info``: what this machine offers (:mod:`halo_forge.utils.hardware`), the model that loads
by default, the sandbox mode and every toolchain's version; ``--gpu``, ``--memory``, ``--all`` and
``--msvc HOST`` add the parts asked for.
"""

from __future__ import annotations

import os
import platform
from typing import Any

from halo_forge import __version__, sandbox
from halo_forge.config import DEFAULT_MODEL
from halo_forge.errors import HaloForgeError
from halo_forge.models import resolve_model
from halo_forge.utils.hardware import (TOOLCHAINS, available_memory_gib, detect_device, is_strix_halo, memory_gib,
                                       tool_version)


def default_model_line() -> str:
    """The model that loads by default and the file it resolves to (or why it cannot load)."""
    try:
        source = resolve_model(DEFAULT_MODEL)
    except HaloForgeError as err:
        return f"{DEFAULT_MODEL} (unavailable: {err})"
    return f"{DEFAULT_MODEL} -> {source.gguf_file or source.location}"


def collect_info() -> dict[str, Any]:
    memory = memory_gib()
    return {
        "halo_forge": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu_cores": os.cpu_count(),
        "memory_gib": round(memory, 1) if memory is not None else None,
        "device": detect_device(),
        "default_model": default_model_line(),
        "strix_halo": is_strix_halo(),
        "toolchains": {name: tool_version(exe) for name, exe in TOOLCHAINS.items()},
        "sandbox": sandbox.describe_mode(),
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
