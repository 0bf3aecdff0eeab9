"""What the libraries would print and a user cannot act on, kept quiet: :func:`quiet_libraries`, called
by :func:`halo_forge.console.configure` unless ``--debug``. (A Trainer's bar and printed log dicts are
routed into the console by :mod:`halo_forge.sft.progress`.)
"""

from __future__ import annotations

import logging
import os
import warnings


def quiet_libraries() -> None:
    """Silence what the libraries print that a user cannot act on (``--debug`` keeps it)."""
    # Library progress bars (GGUF de-quantization, "Loading weights", datasets' map, the Trainer's bar,
    # "Writing model shards") are tqdm bars created without an explicit `disable`: tqdm reads this when
    # it is imported, so this runs before anything imports tqdm (the CLI's first step).
    os.environ["TQDM_DISABLE"] = "1"
    # PEFT looks for a config.json next to the base model's name when saving; an embedded GGUF model
    # has none, and the vocabulary is not modified, so the warning says nothing (12 times a demo).
    warnings.filterwarnings("ignore", message=r"Could not find a config file in embedded:")
    # Deprecation notices are for the developers of the code that calls the library.
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    # Their own loggers: generation-config notes, "mtime may not be reliable on this filesystem", ...;
    # errors still show. (transformers' handler is its own, so its level is set through its API.)
    for name in ("datasets", "huggingface_hub"):
        logging.getLogger(name).setLevel(logging.ERROR)
    import transformers.utils.logging as hf_logging

    hf_logging.set_verbosity_error()
