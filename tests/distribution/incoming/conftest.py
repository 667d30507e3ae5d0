"""The money loop's database builders live beside the claims tests; make them importable here too."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "claims"))
