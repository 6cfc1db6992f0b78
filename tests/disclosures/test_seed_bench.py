import re

import pytest
from django.core.management import call_command

from demo import bench
from disclosures.models import AdministrativeDecision, Disclosure, PublicationStatus
from disclosures.search import search_decisions, search_disclosures
from disclosures.validators import is_valid_uscc
from tests.factories import DisclosureFactory

pytestmark = pytest.mark.django_db

CJK_RUN = re.compile(r"[\u4e00-\u9fff]{4,}")


@pytest.fixture
def seeded(organ):
    before = DisclosureFactory(organ=organ)
    result = bench.seed_bench(decisions=50, disclosures=20)
    after = DisclosureFactory(organ=organ)
    return {"result": result, "before": before, "after": after}


def bench_decisions():
    return AdministrativeDecision.objects.filter(remarks=bench.BENCH_MARK)


def bench_disclosures():
    return Disclosure.objects.filter(author=bench.BENCH_MARK)


def a_word(text):
    """Four characters of the first Chinese run of text: a word as someone would type it."""
    return CJK_RUN.search(text).group()[:4]


def test_seed_bench_creates_the_rows_with_their_search_documents(seeded):
    assert bench_decisions().count() == 50
    assert bench_disclosures().count() == 20
    assert not bench_decisions().filter(search_title="").exists()
    assert not bench_disclosures().filter(search_text="").exists()
    assert [t.rows for t in seeded["result"].timings] == [50, 20]


def test_published_bench_decisions_are_found_by_a_word_of_their_text(seeded):
    decisions = list(bench_decisions().filter(status=PublicationStatus.PUBLISHED)[:10])
    assert decisions
    for decision in decisions:
        for text in (decision.content, decision.party_name):
            found = search_decisions(AdministrativeDecision.objects.published(), a_word(text))
            assert decision in found, (text, a_word(text))


def test_bench_disclosures_are_published_and_found_by_a_word_of_their_text(seeded):
    items = list(bench_disclosures())
    assert all(item.status == PublicationStatus.PUBLISHED for item in items)
    published = Disclosure.objects.published()
    assert published.filter(author=bench.BENCH_MARK).count() == 20
    for item in items[:10]:
        for text in (item.title, search_text_of(item.body)):
            assert item in search_disclosures(published, a_word(text)), (text, a_word(text))


def search_text_of(body):
    return re.sub(r"<[^>]+>", "", body)


def test_index_numbers_are_unique_and_follow_items_saved_normally(seeded):
    before, after = seeded["before"], seeded["after"]
    numbers = list(Disclosure.objects.values_list("index_number", flat=True))
    assert len(numbers) == len(set(numbers)) == 22
    assert all(n.startswith(f"{before.organ.uscc}/") for n in numbers)
    same_year = bench_disclosures().filter(index_year=before.index_year)
    if same_year.exists():
        sequences = sorted(same_year.values_list("index_sequence", flat=True))
        assert before.index_sequence < sequences[0]
        assert after.index_sequence > sequences[-1]
    assert after.index_sequence == before.index_sequence + 1 + same_year.count()


def test_bench_credit_codes_pass_the_check(seeded):
    codes = [c for c in bench_decisions().values_list("party_uscc", flat=True) if c]
    assert codes
    assert all(is_valid_uscc(code) for code in codes)


def test_a_small_share_of_bench_decisions_are_drafts_and_the_rest_published_in_the_past():
    bench.seed_bench(decisions=400)
    drafts = bench_decisions().filter(status=PublicationStatus.DRAFT).count()
    assert 0 < drafts < 40
    assert AdministrativeDecision.objects.published().count() == 400 - drafts


def test_seed_bench_command_creates_the_default_organ_and_clear_removes_bench_rows(capsys):
    call_command("seed_bench", decisions=5, disclosures=3)
    out = capsys.readouterr().out
    assert "decisions: 5 rows" in out and "rows/s" in out
    kept = DisclosureFactory(organ=bench_disclosures().first().organ)
    call_command("seed_bench", clear=True)
    assert not bench_decisions().exists()
    assert not bench_disclosures().exists()
    assert Disclosure.objects.filter(pk=kept.pk).exists()
