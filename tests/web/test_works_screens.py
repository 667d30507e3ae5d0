"""Work and party screens: search, detail, edit through the services with errors next to fields, merge."""

import pytest
from django.urls import reverse

from wipoconnect.core import roles
from wipoconnect.core.models import AuditEntry
from works.models import Work

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query, expected",
    [({"q": "yester"}, "Yesterday"), ({"iswc": "T-034.524.680-1"}, "Yesterday"), ({"q": "McCartney"}, "Yesterday")],
)
def test_work_search_uses_the_shared_filterset(client_as, repertoire, query, expected):
    page = client_as(roles.AUDITOR).get(reverse("works:list"), query)
    titles = [w.title for w in page.context["page"]]
    assert titles == [expected]


def test_work_search_by_ipi_of_a_writer(client_as, repertoire):
    page = client_as(roles.AUDITOR).get(reverse("works:list"), {"ipi": repertoire["smith"].ipi_name})
    assert sorted(w.pk for w in page.context["page"]) == sorted(w.pk for w in repertoire["home"])


def test_problem_filter_lists_works_whose_shares_do_not_sum_to_100(client_as, repertoire):
    page = client_as(roles.AUDITOR).get(reverse("works:list"), {"problem": "shares"})
    assert [w.pk for w in page.context["page"]] == [repertoire["home"][1].pk]


def test_work_detail_shows_share_picture_recordings_and_history(client_as, repertoire):
    work = repertoire["yesterday"]
    response = client_as(roles.AUDITOR).get(reverse("works:detail", args=[work.pk]))
    html = response.content.decode()
    assert response.context["totals"]["pr"] == 100
    assert response.context["balanced"]
    # world (2136) collection column: both shares collect their ownership share (no territory records)
    assert [row["cells"][0] for row in response.context["collection_rows"]] == [50, 50]
    assert "GBAYE6500123" in html and "Northern Songs" in html


def _edit_post(work, **changes):
    data = {
        "title": work.title,
        "iswc": work.iswc or "",
        "language": "",
        "duration": "",
        "version_type": "ORI",
        "submitter_id": "",
        "alternate_titles": "",
        "shares-TOTAL_FORMS": "1",
        "shares-INITIAL_FORMS": "0",
        "shares-MIN_NUM_FORMS": "0",
        "shares-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_edit_saves_through_the_service_and_records_history(client_as, repertoire):
    work, smith = repertoire["home"][1], repertoire["smith"]
    client = client_as(roles.DOCUMENTATION)
    data = _edit_post(
        work,
        title="Home Again",
        alternate_titles="Home (Live)\n",
        **{
            "shares-0-party": smith.code,
            "shares-0-role": "CA",
            "shares-0-pr_share": "100",
            "shares-0-mr_share": "100",
            "shares-0-sr_share": "0",
        },
    )
    response = client.post(reverse("works:edit", args=[work.pk]), data)
    assert response.status_code == 302
    work.refresh_from_db()
    assert work.title == "Home Again"
    assert list(work.alternate_titles.values_list("title", flat=True)) == ["Home (Live)"]
    assert work.shares.get().pr_share == 100
    entry = AuditEntry.objects.filter(model="works.work", object_id=work.pk).first()
    assert entry.user.username == "documentation_staff" and "title" in entry.changes


def test_edit_shows_service_errors_next_to_their_fields(client_as, repertoire):
    work, smith, paul = repertoire["home"][1], repertoire["smith"], repertoire["paul"]
    client = client_as(roles.DOCUMENTATION)
    data = _edit_post(
        work,
        iswc="T0345246802",
        **{
            "shares-TOTAL_FORMS": "2",
            "shares-0-party": smith.code,
            "shares-0-role": "CA",
            "shares-0-pr_share": "70",
            "shares-0-mr_share": "0",
            "shares-0-sr_share": "0",
            "shares-1-party": paul.ipi_name,
            "shares-1-role": "CA",
            "shares-1-pr_share": "40",
            "shares-1-mr_share": "0",
            "shares-1-sr_share": "0",
        },
    )
    response = client.post(reverse("works:edit", args=[work.pk]), data)
    assert response.status_code == 200
    assert "check digit" in " ".join(response.context["form"].errors["iswc"])
    work.refresh_from_db()
    assert work.iswc is None and work.shares.get().pr_share == 60  # nothing written


def test_edit_reports_share_totals_above_100(client_as, repertoire):
    work, smith, paul = repertoire["home"][1], repertoire["smith"], repertoire["paul"]
    data = _edit_post(
        work,
        **{
            "shares-TOTAL_FORMS": "2",
            "shares-0-party": smith.code,
            "shares-0-role": "CA",
            "shares-0-pr_share": "70",
            "shares-0-mr_share": "0",
            "shares-0-sr_share": "0",
            "shares-1-party": paul.ipi_name,
            "shares-1-role": "CA",
            "shares-1-pr_share": "40",
            "shares-1-mr_share": "0",
            "shares-1-sr_share": "0",
        },
    )
    response = client_as(roles.DOCUMENTATION).post(reverse("works:edit", args=[work.pk]), data)
    assert any("110.00 %" in error for error in response.context["share_errors"])


def test_edit_keeps_territory_records_of_existing_shares(client_as, repertoire):
    from works.services import save_work, share_data_of

    work = repertoire["yesterday"]
    shares = share_data_of(work)
    shares[0].territories = [{"territory": "826", "included": True, "pr_collection": 50}]
    save_work(work=work, fields={}, shares=shares)
    client = client_as(roles.DOCUMENTATION)
    form = client.get(reverse("works:edit", args=[work.pk])).context["formset"]
    data = _edit_post(work, **{"shares-TOTAL_FORMS": "2", "shares-INITIAL_FORMS": "2"})
    for i, f in enumerate(form.forms[:2]):
        for name in ("origin", "party", "role", "pr_share", "mr_share", "sr_share"):
            data[f"shares-{i}-{name}"] = str(f.initial[name])
    data["shares-1-pr_share"] = "40"
    assert client.post(reverse("works:edit", args=[work.pk]), data).status_code == 302
    first = work.shares.order_by("id").first()
    assert list(first.territories.values_list("territory", flat=True)) == ["0826"]


def test_new_work_gets_a_code(client_as):
    response = client_as(roles.DOCUMENTATION).post(reverse("works:new"), _edit_post(Work(title="Brand New")))
    work = Work.objects.get(title="Brand New")
    assert response["Location"] == reverse("works:detail", args=[work.pk]) and work.code.startswith("W")


def test_party_detail_and_merge_of_a_duplicate(client_as, repertoire):
    paul = repertoire["paul"]
    from tests.factories import PartyFactory, WorkShareFactory

    duplicate = PartyFactory(last_name="McCartney", first_name="P.", ipi_name=None)
    WorkShareFactory(work=repertoire["home"][0], party=duplicate, pr_share=0, mr_share=0)
    client = client_as(roles.DOCUMENTATION)
    assert client.get(reverse("parties:list"), {"no_ipi": "1"}).context["page"].object_list[0] == duplicate
    response = client.post(reverse("parties:merge", args=[paul.pk]), {"duplicate": duplicate.code}, follow=True)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == paul
    assert paul.shares.count() == 2
    assert "was merged into" in response.content.decode()


def test_merging_a_party_into_itself_is_refused_with_the_reason(client_as, repertoire):
    paul = repertoire["paul"]
    response = client_as(roles.DOCUMENTATION).post(
        reverse("parties:merge", args=[paul.pk]), {"duplicate": paul.code}, follow=True
    )
    assert "cannot be merged into itself" in response.content.decode()


@pytest.mark.parametrize("name", ["works:list", "parties:list", "usage:review", "distribution:list", "dashboard"])
def test_list_screens_do_not_query_per_row(client_as, django_assert_max_num_queries, name):
    from tests.factories import PartyFactory, WorkShareFactory

    client = client_as(roles.AUDITOR)
    for _ in range(30):
        WorkShareFactory(party=PartyFactory())
    with django_assert_max_num_queries(20):  # a fixed number of counts and lists, none per row
        assert client.get(reverse(name)).status_code == 200


def test_history_names_fields_in_the_users_language(client_as, repertoire):
    from django.conf import settings

    work = repertoire["home"][1]
    client = client_as(roles.DOCUMENTATION)
    client.post(
        reverse("works:edit", args=[work.pk]),
        _edit_post(
            work,
            title="Maison",
            **{
                "shares-0-party": repertoire["smith"].code,
                "shares-0-role": "CA",
                "shares-0-pr_share": "100",
                "shares-0-mr_share": "100",
                "shares-0-sr_share": "0",
            },
        ),
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get(reverse("works:detail", args=[work.pk])).content.decode()
    assert "<strong>titre</strong>: Home → Maison" in page
    assert "submitter_id" not in page
    assert "Monde <span" in page  # the society's territory (2136) in the collection picture


def test_edit_form_names_the_party_of_each_share(client_as, repertoire):
    page = client_as(roles.DOCUMENTATION).get(reverse("works:edit", args=[repertoire["yesterday"].pk]))
    html = page.content.decode()
    assert repertoire["paul"].code in html and '<div class="small muted">Paul McCartney</div>' in html
