"""Paper batches typed twice: two different people type the same stack of paper, and it counts only
when their typings agree, or when, after checking the paper, one confirms which typing is right.

An app's batch model subclasses PaperBatchBase (with its own keys to what the batch belongs to) and its
entry model subclasses PaperEntryBase with a `batch` key (related_name "entries"). The app gives two
functions: `parse(text, batch)` (a list of items, or NotAllowed naming the first bad line) and
`accept(batch, items)` (writes them), and for do_enter how to compare two typings. Budgeting's paper
ballots use it; paper survey answers will too.
"""

from collections.abc import Callable

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .workflow import NotAllowed, audit

WAITING, ACCEPTED, MISMATCH = "waiting", "accepted", "mismatch"


class PaperBatchBase(models.Model):
    label = models.CharField(gettext_lazy("batch label"), max_length=60)
    accepted = models.BooleanField(default=False)

    class Meta:
        abstract = True


class PaperEntryBase(models.Model):
    """One person's typing of a batch."""

    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()

    class Meta:
        abstract = True


def do_enter(actor, batch, text: str, *, parse: Callable, accept: Callable, canonical: Callable = sorted) -> str:
    """Store one person's typing. Returns WAITING (one typist so far), ACCEPTED or MISMATCH.

    Two typings agree when `canonical` of their parsed items are equal (by default: the same items in
    any order)."""
    items = parse(text, batch)
    with transaction.atomic():
        if type(batch).objects.select_for_update().filter(pk=batch.pk, accepted=True).exists():
            raise NotAllowed(_("This batch is already counted."))
        batch.entries.update_or_create(entered_by=actor, defaults={"text": text, "community": batch.community})
        entries = list(batch.entries.all())
        audit(actor, "paper.entry", batch, detail=f"{len(items)} ballots")
        if len({e.entered_by_id for e in entries}) < 2:
            return WAITING
        versions = [canonical(parse(e.text, batch)) for e in entries]
        if any(v != versions[0] for v in versions):
            return MISMATCH
        accept(batch, items)
        _mark_accepted(batch)
        return ACCEPTED


def do_reconcile(actor, batch, entry, *, parse: Callable, accept: Callable) -> None:
    """After checking the paper, a person confirms which typing is right; the other is replaced by it.

    Only when two different people have typed the batch.
    """
    with transaction.atomic():
        locked = type(batch).objects.select_for_update().get(pk=batch.pk)
        typists = set(locked.entries.values_list("entered_by", flat=True))
        if locked.accepted or len(typists) < 2:
            raise NotAllowed(_("A batch is reconciled only after two organizers have typed it."))
        items = parse(entry.text, batch)
        batch.entries.exclude(pk=entry.pk).update(text=entry.text)
        accept(batch, items)
        _mark_accepted(batch)
        audit(actor, "paper.reconcile", batch)


def _mark_accepted(batch) -> None:
    batch.accepted = True
    batch.save(update_fields=["accepted"])


def differences(entries) -> list[tuple[int, str, str]]:
    """(line number, first typing, second typing) for the lines that differ, for a person to check."""
    first, second = ([line.strip() for line in e.text.splitlines() if line.strip()] for e in entries[:2])
    out = []
    for number in range(max(len(first), len(second))):
        a = first[number] if number < len(first) else "—"
        b = second[number] if number < len(second) else "—"
        if sorted(a.upper().split()) != sorted(b.upper().split()):
            out.append((number + 1, a, b))
    return out
