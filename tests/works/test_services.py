from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from rightowners.services import merge_parties
from tests.factories import MembershipFactory, PartyFactory, WorkShareFactory
from wipoconnect.core.models import AuditEntry
from works.models import Work
from works.services import save_work
from works.share_rules import ShareData

pytestmark = pytest.mark.django_db


def test_new_work_gets_a_code_and_compact_iswc_and_is_audited():
    party = PartyFactory()
    work = save_work(
        fields={"title": "  Blue   Moon ", "iswc": "T-034.524.680-1"},
        alternate_titles=["Luna Azul"],
        shares=[ShareData(party_id=party.pk, role="CA", pr_share=Decimal(100))],
    )
    assert work.code.startswith("W") and len(work.code) == 9
    assert (work.title, work.iswc) == ("Blue Moon", "T0345246801")
    assert list(work.alternate_titles.values_list("title", flat=True)) == ["Luna Azul"]
    entry = AuditEntry.objects.get(model="works.work", object_id=work.pk)
    assert entry.action == "create" and entry.changes["iswc"] == [None, "T0345246801"]


def test_codes_are_assigned_once_and_never_reused():
    first = save_work(fields={"title": "One"})
    first_code = first.code
    first.delete()
    assert save_work(fields={"title": "Two"}).code != first_code


@pytest.mark.parametrize(
    "shares,field",
    [
        ([("CA", "60"), ("CA", "50")], "shares.pr_share"),
        ([("XX", "100")], "shares[0].role"),
        ([("C", "100.001")], "shares[0].pr_share"),
        ([("C", "-1")], "shares[0].pr_share"),
    ],
)
def test_invalid_share_pictures_are_rejected_naming_the_field(shares, field):
    party = PartyFactory()
    data = [ShareData(party_id=party.pk, role=role, pr_share=Decimal(value)) for role, value in shares]
    with pytest.raises(ValidationError) as caught:
        save_work(fields={"title": "Bad"}, shares=data)
    assert field in caught.value.message_dict
    assert not Work.objects.filter(title="Bad").exists()


def test_bad_iswc_check_digit_is_rejected_with_the_expected_digit():
    with pytest.raises(ValidationError) as caught:
        save_work(fields={"title": "X", "iswc": "T0345246802"})
    assert "expected 1" in caught.value.message_dict["iswc"][0]


def test_update_records_old_and_new_values():
    work = save_work(fields={"title": "Old title"})
    save_work(work=work, fields={"title": "New title"})
    entry = AuditEntry.objects.filter(object_id=work.pk, action="update").get()
    assert entry.changes["title"] == ["Old title", "New title"]


def test_merge_moves_shares_and_memberships_and_keeps_history():
    keep = PartyFactory(ipi_name=None)
    duplicate = PartyFactory()
    duplicate_ipi = duplicate.ipi_name
    share = WorkShareFactory(party=duplicate)
    MembershipFactory(party=duplicate)

    merge_parties(keep=keep, duplicate=duplicate)

    share.refresh_from_db()
    duplicate.refresh_from_db()
    keep.refresh_from_db()
    assert share.party == keep
    assert keep.memberships.count() == 1
    assert keep.ipi_name == duplicate_ipi and duplicate.ipi_name is None
    assert duplicate.merged_into == keep
    assert AuditEntry.objects.get(action="merge", object_id=keep.pk).changes["shares"] == [None, 1]
    with pytest.raises(ValidationError):
        merge_parties(keep=keep, duplicate=duplicate)


def test_editing_alternate_titles_keeps_the_type_language_and_script_of_those_kept():
    work = save_work(fields={"title": "Blue Moon"}, alternate_titles=["Luna Azul", "Old Title"])
    work.alternate_titles.filter(title="Luna Azul").update(title_type="TT", language="ES")
    work.alternate_titles.create(title="ブルームーン", title_type="OT", language="JA", non_roman=True)

    save_work(work=work, fields={}, alternate_titles=["Luna Azul", "ブルームーン", "Lune Bleue", "Blue Moon"])

    titles = {t.title: (t.title_type, t.language, t.non_roman) for t in work.alternate_titles.all()}
    assert titles == {
        "Luna Azul": ("TT", "ES", False),
        "ブルームーン": ("OT", "JA", True),
        "Lune Bleue": ("AT", "", False),
    }
