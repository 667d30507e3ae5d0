"""The database-free half of a CWR import: read, validate and map every transaction, in batches ready to write.

Each transaction becomes a `Prepared` item (what its ACK needs, its validation result and, when accepted, the
registration or agreement to store). Items come in batches of at most `size` in file order; a batch never holds
the same work twice (a registration whose work number or ISWC is already in the batch opens the next one), so a
batch can be written set-based.

`prepared_batches(..., background=True)` does this work in a forked process that streams the batches back through
a pipe, so that reading and validating the next batches runs on the other core while the importer writes this one.
Group-level rejections (known from the importer's own structure pass) are the importer's to apply.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import threading
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from operator import attrgetter
from pathlib import Path

from exchange.cwr.agreements import AgreementData, agreement_from_transaction
from exchange.cwr.pickling import pickled_by_fields
from exchange.cwr.reader import CwrReader
from exchange.cwr.records import Transaction
from exchange.cwr.validation import TransactionResult, validate_transaction
from exchange.cwr.works import PartyData, TerritoryData, WorkData, work_from_transaction

REGISTRATION_TYPES = frozenset(("NWR", "REV", "WRK", "ISW"))


@pickled_by_fields
@dataclass
class Prepared:
    type: str
    group_id: int
    sequence: int
    line_no: int
    title: str | None
    submitter_number: str | None
    result: TransactionResult
    data: WorkData | None = None
    agreement: AgreementData | None = None

    @property
    def keys(self) -> set[str]:
        """What identifies the work or agreement it writes (two of these never share a batch)."""
        if self.data is not None:
            keys = {f"#{self.data.submitter_work_number}"}
            return keys | {f"ISWC{self.data.iswc}"} if self.data.iswc else keys
        if self.agreement is not None:
            return {f"AGR{self.agreement.submitter_number}"}
        return set()


def prepare(tx: Transaction, version: str) -> Prepared:
    result = validate_transaction(tx, version)
    header = tx.header.values
    item = Prepared(
        tx.type,
        tx.group.group_id or 0,
        tx.sequence or 0,
        tx.line_no,
        header.get("work_title"),
        header.get("submitter_work_number") or header.get("submitter_agreement_number"),
        result,
    )
    if result.accepted and tx.type in REGISTRATION_TYPES:
        item.data = work_from_transaction(tx, version)
    elif result.accepted and tx.type == "AGR":
        item.agreement = agreement_from_transaction(tx)
    return item


def batches(path: Path, name: str, size: int) -> Iterator[list[Prepared]]:
    reader = CwrReader(path, name=name)
    batch: list[Prepared] = []
    keys: set[str] = set()
    shared: dict[tuple, object] = {}
    for tx in reader.transactions():
        item = prepare(tx, reader.version)
        item_keys = item.keys
        if len(batch) >= size or item_keys & keys:
            yield batch
            batch, keys, shared = [], set(), {}
        _share_equal_parts(item, shared)
        batch.append(item)
        keys |= item_keys
    if batch:
        yield batch


def _share_equal_parts(item: Prepared, shared: dict[tuple, object]) -> None:
    """Equal parts of a batch's items become one object each (a catalogue names the same publishers, writers,
    performers and territory shares over and over; most transactions are simply accepted): pickled and unpickled
    once per batch. Nothing changes these objects afterwards."""
    if not item.result.messages:
        item.result = shared.setdefault((item.result.status,), item.result)
    data = item.data
    if data is None:
        return
    for share in data.shares:
        party = share.party
        share.party = shared.setdefault(_PARTY_KEY(party), party)
        share.territories = tuple(shared.setdefault(_TERRITORY_KEY(t), t) for t in share.territories)
    data.performers = tuple(shared.setdefault(_PARTY_KEY(p), p) for p in data.performers)


_PARTY_KEY = attrgetter(*(f.name for f in fields(PartyData)))
_TERRITORY_KEY = attrgetter(*(f.name for f in fields(TerritoryData)))


@contextmanager
def prepared_batches(path: Path, name: str, *, size: int, background: bool) -> Iterator[Iterable[list[Prepared]]]:
    """The file's transactions as batches of Prepared items, in file order. In the background the work starts at
    once, so the caller can do something else first (the importer's structure pass)."""
    with fewer_collections():
        if not background:
            yield batches(path, name, size)
            return
        stream = _BackgroundBatches(path, name, size)
        try:
            yield stream
        finally:
            stream.close()


@contextmanager
def fewer_collections():
    """The cyclic garbage collector, which an import's millions of short-lived objects set off again and again
    to scan every long-lived object of the process, runs rarely and skips what existed before (restored after)."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


class _BackgroundBatches:
    """Batches prepared by a forked process and received by a thread into a short queue, AHEAD batches at most
    (memory stays flat when the importer is the slower one)."""

    AHEAD = 4

    def __init__(self, path: Path, name: str, size: int):
        self.name = name
        context = multiprocessing.get_context("fork")
        self.receiver, sender = context.Pipe(duplex=False)
        self.child = context.Process(target=_produce, args=(sender, path, name, size), daemon=True)
        self.child.start()
        sender.close()
        self.queue: queue.Queue = queue.Queue(maxsize=self.AHEAD)
        self.thread = threading.Thread(target=self._receive, name="cwr-batches", daemon=True)
        self.thread.start()

    def _receive(self) -> None:
        try:
            while True:
                message = self.receiver.recv()
                self.queue.put(message)
                if message is None or isinstance(message, str):
                    return
        except (EOFError, OSError) as exc:  # the process died (or close() stopped it)
            self.queue.put(f"the background process ended without finishing: {exc!r}")

    def __iter__(self) -> Iterator[list[Prepared]]:
        while (message := self.queue.get()) is not None:
            if isinstance(message, str):
                raise RuntimeError(f"preparing {self.name} failed in the background process:\n{message}")
            yield message

    def close(self) -> None:
        if self.child.is_alive():
            self.child.terminate()
        self.child.join()
        while self.thread.is_alive():  # let the receiving thread end: room in the queue, then its last message
            try:
                self.queue.get(timeout=0.05)
            except queue.Empty:
                pass
        self.receiver.close()


def _produce(sender, path: Path, name: str, size: int) -> None:
    """In the forked process: send each batch, then None (or the traceback of what went wrong)."""
    try:
        for batch in batches(path, name, size):
            sender.send(batch)
        sender.send(None)
    except BrokenPipeError:  # the importer stopped reading (it failed): nothing left to do
        pass
    except Exception:
        sender.send(traceback.format_exc())
    finally:
        sender.close()
        os._exit(0)  # never run the parent's exit handlers (database connections are the parent's)
