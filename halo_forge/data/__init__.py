"""Task data: the dataset registry (``prepare``), file formats and checks (``formats``, ``validate``),
train / held-out splits (``split``), LLM generation (``generate``) and the bundled C/C++ task sets.

>>> from halo_forge.data import load_humaneval
>>> len(load_humaneval())
164
"""

from halo_forge.data.humaneval import load_humaneval

__all__ = ["load_humaneval"]
