"""Makes the generated Python bindings importable: RAPPORT_PYTHON_BINDINGS, else bindings/python (scripts/bindings.sh)."""

import os
import sys

_here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(
    0, os.environ.get("RAPPORT_PYTHON_BINDINGS") or os.path.join(_here, "..", "..", "bindings", "python")
)
