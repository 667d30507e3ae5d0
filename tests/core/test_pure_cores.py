"""The domain cores run without Django: importing them in a fresh interpreter loads neither Django nor Celery
(import-linter checks the source; this checks what importing actually pulls in, package __init__ files included)."""

import subprocess
import sys
from pathlib import Path

CORES = [
    "wipoconnect.core.money",
    "wipoconnect.core.identifiers",
    "wipoconnect.core.territories",
    "wipoconnect.core.codes",
    "wipoconnect.core.errors",
    "distribution.runs.engine",
    "distribution.runs.crd",
    "distribution.licensing.engine",
    "distribution.usage.matching.engine",
    "distribution.usage.matching.readers",
    "distribution.payments.pain001",
    "exchange.cwr.reader",
]


def test_domain_cores_import_without_django_or_celery():
    frameworks = ("django", "celery", "rest_framework")
    code = f"import sys\nfor m in {CORES!r}: __import__(m)\nprint(sorted(set({frameworks!r}) & set(sys.modules)))"
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True, env={})
    assert out.stdout.strip() == "[]"
