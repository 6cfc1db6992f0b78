import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections
from django.utils import timezone

from disclosures import services
from disclosures.models import AdministrativeDecision, Disclosure, PublicationStatus
from disclosures.sanitize import sanitize_html
from tests.factories import DecisionFactory, DisclosureFactory, GuideSectionFactory, OrganFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour=10):
    return dt.datetime(year, month, day, hour, tzinfo=SHANGHAI)


# --- 索引号 -------------------------------------------------------------------


def test_index_number_is_uscc_slash_year_dash_five_digit_sequence(organ):
    first = DisclosureFactory(organ=organ, published_at=at(2018, 3, 1))
    second = DisclosureFactory(organ=organ, published_at=at(2018, 3, 2))
    assert first.index_number == f"{organ.uscc}/2018-00001"
    assert second.index_number == f"{organ.uscc}/2018-00002"


def test_index_sequence_restarts_per_year_and_per_organ(organ):
    other = OrganFactory()
    DisclosureFactory(organ=organ, published_at=at(2018, 12, 31, 23))
    in_2019 = DisclosureFactory(organ=organ, published_at=at(2019, 1, 1, 0))
    other_organ = DisclosureFactory(organ=other, published_at=at(2018, 6, 1))
    assert in_2019.index_number.endswith("/2019-00001")
    assert other_organ.index_number == f"{other.uscc}/2018-00001"


def test_index_year_follows_local_date_not_utc(organ):
    # 2019-01-01 00:30 in Shanghai is still 2018 in UTC: the 索引号 uses the local year.
    item = DisclosureFactory(organ=organ, published_at=at(2019, 1, 1, 0).replace(minute=30))
    assert item.index_number.endswith("/2019-00001")


def test_index_year_follows_local_date_for_utc_datetimes(organ):
    # timezone.now()-style values carry UTC: 2018-12-31 16:30 UTC is 2019-01-01 00:30 in Shanghai.
    item = DisclosureFactory(organ=organ, published_at=dt.datetime(2018, 12, 31, 16, 30, tzinfo=dt.UTC))
    assert item.index_number.endswith("/2019-00001")


def test_draft_takes_year_of_written_on_then_today(organ):
    drafted = DisclosureFactory(organ=organ, draft=True, written_on=dt.date(2017, 12, 20))
    undated = DisclosureFactory(organ=organ, draft=True, written_on=None)
    assert drafted.index_number.endswith("/2017-00001")
    assert undated.index_number.endswith(f"/{timezone.localdate().year}-00001")


def test_index_number_is_kept_on_later_saves(organ):
    item = DisclosureFactory(organ=organ, published_at=at(2018, 3, 1))
    number = item.index_number
    item.title = "修改后的标题"
    item.published_at = at(2020, 1, 1)
    item.save()
    item.refresh_from_db()
    assert item.index_number == number


def test_index_number_is_never_reused_after_delete(organ):
    DisclosureFactory(organ=organ, published_at=at(2018, 3, 1))
    last = DisclosureFactory(organ=organ, published_at=at(2018, 3, 2))
    last.delete()
    again = DisclosureFactory(organ=organ, published_at=at(2018, 3, 3))
    assert again.index_number.endswith("/2018-00003")


def test_index_numbers_are_unique_in_the_database(organ):
    item = DisclosureFactory(organ=organ)
    clash = Disclosure(organ=organ, category=item.category, title="重复", index_number=item.index_number)
    with pytest.raises(IntegrityError):
        clash.save()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_saves_get_distinct_consecutive_numbers():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are what this test exercises; SQLite serialises writers by itself")
    organ = OrganFactory()
    category_id = DisclosureFactory(organ=organ, published_at=at(2018, 1, 2)).category_id
    workers, per_worker = 8, 5
    barrier = threading.Barrier(workers)
    errors = []

    def work(n):
        try:
            barrier.wait()
            for i in range(per_worker):
                Disclosure.objects.create(
                    organ=organ, category_id=category_id, title=f"并发{n}-{i}", published_at=at(2018, 5, 1)
                )
        except Exception as exc:  # surfaced in the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    sequences = sorted(Disclosure.objects.filter(organ=organ, index_year=2018).values_list("index_sequence", flat=True))
    assert sequences == list(range(1, workers * per_worker + 2))


# --- sanitising ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("dirty", "must_not_contain"),
    [
        ("<p>正文</p><script>alert(1)</script>", "<script"),
        ('<p onclick="steal()">点我</p>', "onclick"),
        ('<img src="x.png" onerror="steal()" alt="图">', "onerror"),
        ('<a href="javascript:alert(1)">链接</a>', "javascript:"),
        ('<p style="position:fixed">样式</p>', "style="),
        ("<iframe src='https://evil.example'></iframe>", "<iframe"),
    ],
)
def test_body_is_sanitised_on_save(organ, dirty, must_not_contain):
    item = DisclosureFactory(organ=organ, body=dirty)
    item.refresh_from_db()
    assert must_not_contain not in item.body


def test_sanitising_keeps_structure_and_safe_links():
    html = '<h2>一、总则</h2><p>见<a href="https://www.gov.cn/">中国政府网</a>。</p><table><tr><td>1</td></tr></table>'
    clean = sanitize_html(html)
    assert "<h2>一、总则</h2>" in clean
    assert 'href="https://www.gov.cn/"' in clean
    assert "<td>1</td>" in clean


def test_guide_section_body_is_sanitised(organ):
    section = GuideSectionFactory(organ=organ, body="<p>指南</p><script>x()</script>")
    assert "<script" not in section.body


# --- visibility ------------------------------------------------------------------


def test_published_excludes_drafts_withdrawn_and_future_items(organ):
    visible = DisclosureFactory(organ=organ)
    DisclosureFactory(organ=organ, draft=True)
    DisclosureFactory(organ=organ, withdrawn=True)
    DisclosureFactory(organ=organ, published_at=timezone.now() + dt.timedelta(days=1))
    assert list(Disclosure.objects.published()) == [visible]


def test_decisions_published_excludes_drafts_and_withdrawn(organ):
    visible = DecisionFactory(organ=organ)
    DecisionFactory(organ=organ, draft=True)
    DecisionFactory(organ=organ, withdrawn=True)
    DecisionFactory(organ=organ, published_at=timezone.now() + dt.timedelta(days=1))
    assert list(AdministrativeDecision.objects.published()) == [visible]


def test_decision_saved_as_published_gets_a_publication_date(organ):
    decision = DecisionFactory(organ=organ, published_at=None)
    assert decision.published_at is not None


def test_withdraw_service_hides_item_but_keeps_its_number(organ):
    item = DisclosureFactory(organ=organ)
    number = item.index_number
    services.withdraw_disclosure(disclosure=item, reason="内容有误，重新发布")
    assert not Disclosure.objects.published().filter(pk=item.pk).exists()
    assert Disclosure.objects.get(pk=item.pk).index_number == number


def test_publish_service_sets_date_and_keeps_existing_one(organ):
    reviewed = DisclosureFactory(organ=organ, status=PublicationStatus.REVIEWED, published_at=None)
    reviewed = services.publish_disclosure(disclosure=reviewed)
    assert reviewed.status == PublicationStatus.PUBLISHED and reviewed.published_at is not None
    scheduled = DisclosureFactory(organ=organ, status=PublicationStatus.REVIEWED, published_at=at(2018, 6, 1))
    scheduled = services.publish_disclosure(disclosure=scheduled)
    assert scheduled.published_at == at(2018, 6, 1)


# --- validation --------------------------------------------------------------------


def test_validity_only_for_normative_documents(organ):
    item = DisclosureFactory.build(organ=organ, category=DisclosureFactory(organ=organ).category, validity="in_force")
    with pytest.raises(ValidationError) as exc:
        item.full_clean()
    assert exc.value.error_dict["validity"][0].code == "validity_not_normative"


def test_repeal_date_requires_repealed_state(organ):
    item = DisclosureFactory(organ=organ, normative=True, published_at=at(2018, 3, 1), written_on=dt.date(2018, 2, 27))
    item.repealed_on = dt.date(2020, 1, 1)
    with pytest.raises(ValidationError) as exc:
        item.full_clean()
    assert exc.value.error_dict["repealed_on"][0].code == "repeal_without_state"
    item.validity = Disclosure.Validity.REPEALED
    item.full_clean()


def test_only_interpretations_point_at_a_document(organ):
    document = DisclosureFactory(organ=organ, normative=True)
    news = DisclosureFactory(organ=organ, interprets=document)
    with pytest.raises(ValidationError) as exc:
        news.full_clean()
    assert exc.value.error_dict["interprets"][0].code == "interprets_wrong_kind"


def test_organisation_party_needs_credit_code(organ):
    decision = DecisionFactory.build(organ=organ, party_uscc="")
    with pytest.raises(ValidationError) as exc:
        decision.full_clean()
    assert "party_uscc" in exc.value.error_dict


def test_bad_credit_code_is_refused(organ):
    decision = DecisionFactory.build(organ=organ, party_uscc="91110000600037341K")
    with pytest.raises(ValidationError) as exc:
        decision.full_clean()
    assert exc.value.error_dict["party_uscc"][0].code == "invalid_uscc"


def test_organ_credit_code_is_validated():
    organ = OrganFactory.build(uscc="113209280143685279")
    with pytest.raises(ValidationError) as exc:
        organ.full_clean()
    assert "uscc" in exc.value.error_dict


# ---------------------------------------------------------------------------
# The model packages (disclosures/models/, applications/models/)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("app_label", ["disclosures", "applications"])
def test_every_model_is_importable_from_its_package(app_label):
    import importlib

    from django.apps import apps

    package = importlib.import_module(f"{app_label}.models")
    for model in apps.get_app_config(app_label).get_models():
        if model.__name__.startswith("Historical"):
            continue
        assert getattr(package, model.__name__) is model, model
        assert model.__name__ in package.__all__, model


def test_the_request_models_do_not_import_retention_when_loaded():
    """applications.retention imports the models; the models reach it only inside delete()."""
    import ast
    from pathlib import Path

    import applications.models

    for path in Path(applications.models.__file__).parent.glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom):
                names = {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
                assert "applications.retention" not in names, path
