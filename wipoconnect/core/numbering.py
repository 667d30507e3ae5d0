"""Public codes of parties and works: a letter and 8 digits, assigned once when the record is created."""

from django.db import transaction

from wipoconnect.core.models import CodeSequence


def allocate_codes(prefix: str, count: int) -> list[str]:
    """Reserve `count` consecutive codes for `prefix` ('P' or 'W'); safe across processes."""
    if count <= 0:
        return []
    with transaction.atomic():
        CodeSequence.objects.get_or_create(prefix=prefix)
        sequence = CodeSequence.objects.select_for_update().get(prefix=prefix)
        first = sequence.last + 1
        sequence.last += count
        sequence.save(update_fields=["last"])
    return [f"{prefix}{number:08d}" for number in range(first, first + count)]
