"""Identification of usage lines: normalization, usage keys, the repertoire index, scoring, the cascade.

Pure Python (no Django): it takes and returns plain data, so it is tested on its own and is fast.
"""
