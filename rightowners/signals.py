"""Signals of the right owners' app, for the apps above it (they import rightowners; rightowners imports none of them).

`parties_merged` is sent inside merge_parties' transaction, after the party's own rows (memberships, agreements)
moved and before the audit entry is written: each receiver moves the rows of its app from `duplicate` to `keep` and
returns what it moved ({"shares": 3}), which the audit entry of the merge records.
"""

from django.dispatch import Signal

parties_merged = Signal()  # sender=InterestedParty, keep=, duplicate=, user=
