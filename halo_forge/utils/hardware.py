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


def collect_info() -> dict[str, Any]:
    memory = memory_gib()
    return {
        "halo_forge": __import__("halo_forge").__version__,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu_cores": os.cpu_count(),
        "memory_gib": round(memory, 1) if memory is not None else None,
        "device": detect_device(),
        "toolchains": {name: tool_version(exe) for name, exe in TOOLCHAINS.items()},
    }


def format_info(info: dict[str, Any]) -> str:
    device = info["device"]
    dev = f"{device['kind']} ({device.get('name') or 'unknown'})"
    if device.get("memory_gib"):
        dev += f", {device['memory_gib']} GiB"
    lines = [
        f"halo-forge   {info['halo_forge']}",
        f"python       {info['python']}",
        f"torch        {device.get('torch') or 'not installed'}",
        f"platform     {info['platform']}",
        f"cpu cores    {info['cpu_cores']}",
        f"memory       {info['memory_gib']} GiB",
        f"device       {dev}",
        "toolchains:",
    ]
    for name, version in info["toolchains"].items():
        lines.append(f"  {name:<10} {version or 'not found'}")
    return "\n".join(lines)


def info_command(cfg: None, args: Any) -> int:
    print(format_info(collect_info()))
    return 0
