"""CISAC CRD (Common Royalty Distribution): a minimal writer and reader, plus the CSV fallback. No Django.

The record layouts in `layouts.py` are UNVERIFIED (domain.md §4: CRD09-1005R4 field positions are not available):
they follow the CWR conventions and can be corrected there, as data, without touching the writer or reader.
"""

from distribution.runs.crd.data import CrdDistribution, CrdExploitation, CrdIp, CrdWork
from distribution.runs.crd.reader import CrdError, read_crd
from distribution.runs.crd.writer import write_crd, write_csv

__all__ = [
    "CrdDistribution",
    "CrdError",
    "CrdExploitation",
    "CrdIp",
    "CrdWork",
    "read_crd",
    "write_crd",
    "write_csv",
]
