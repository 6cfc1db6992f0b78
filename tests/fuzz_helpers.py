"""Shared pieces of the hostile-input fuzz tests (property-based, hypothesis): hostile values, the record behind the pages, case counters.

Random and hostile values (control and zero-width characters, NUL, U+202E, emoji, HTML and SQL
fragments, huge and malformed numbers, invalid dates, broken percent-encoding, overlong strings) go
to the search, the list filters, the JSON API, the CSV exports and the other public pages
(tests/test_fuzz_pages.py); and broken, lying, empty and huge files go to the import commands
(tests/test_fuzz_imports.py).

Properties: a page never answers 500 (the client does not raise, so a 500 is seen as a response);
an HTML answer is a page with Chinese text that does not echo markup unescaped; a JSON error is a
body with a code and a Chinese message; a CSV is whole. An import either succeeds or stops with a
CommandError in Chinese and writes no row.

The request form, its uploads and the status lookup are fuzzed in tests/test_fuzz_forms.py, and
the form's challenge in tests/applications/test_abuse_fuzz.py. The number of cases run so far is
printed at the end of each module; FUZZ_SCALE=10 runs ten times as many. On PostgreSQL:
DATABASE_URL=postgres://… pytest tests/test_fuzz_pages.py tests/test_fuzz_imports.py.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
from django.db import connection
from hypothesis import strategies as st

from tests import factories
from tests.utils import cases_line, report_line

CASES: Counter[str] = Counter()
IMPORTS: Counter[str] = Counter()  # how the import cases ended
CJK = re.compile(r"[\u4e00-\u9fff]")
SCRIPT = "<script>alert('h3')</script>"


@pytest.fixture(scope="module", autouse=True)
def _report_cases(request):
    yield
    line = cases_line("fuzz", CASES, on=connection.vendor)
    if IMPORTS:
        line += "; imports: " + ", ".join(f"{name} {count}" for name, count in sorted(IMPORTS.items()))
    report_line(request, line)


# ---------------------------------------------------------------------------
# Hostile values
# ---------------------------------------------------------------------------

HOSTILE = [
    "",
    " ",
    "\x00",
    "审\x00批",
    "\u202e许可\u202c",
    "\u200b\u200c\u200d\ufeff",
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    '"; DROP TABLE disclosures_disclosure; --',
    "%",
    "%zz",
    "%00",
    "\\",
    "'",
    '"',
    "\r\n",
    "\t",
    "😀",
    "\U0001f1e8\U0001f1f3",
    "𠀀𠀁",
    "２０２５",
    "1" + "0" * 30,
    "-1",
    "0",
    "1e309",
    "NaN",
    "-inf",
    "0x10",
    "9" * 5000,
    "2025-02-30",
    "2025-13-01",
    "0000-00-00",
    "9999-12-31",
    "x" * 5000,
    "审批" * 300,
    "防审批许〔2018〕1号",
    "防審批許[2018]1號",
    "91450600MA5KXXXX3Q",
    "11010519491231002X",
    "null",
    "[]",
    "{}",
    "../../etc/passwd",
    "hant",
    "decisions",
    "date",
]
# Characters that only hide or disturb: controls, formats (zero-width, direction), separators,
# private use, symbols, combining marks.
odd_characters = st.text(
    alphabet=st.characters(codec="utf-8", categories=("Cc", "Cf", "Zs", "Zl", "Zp", "Co", "So", "Mn")), max_size=20
)
hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    odd_characters,
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.tuples(st.sampled_from(HOSTILE), st.text(max_size=10), st.sampled_from(HOSTILE)).map("".join),
)


def either(usual, hostile, *, one_in: int = 2):
    """`hostile` about once in `one_in` draws, else `usual` (st.one_of would weigh each of the
    alternatives nested in them alike)."""
    return st.integers(1, one_in).flatmap(lambda n: hostile if n == 1 else usual)


# ---------------------------------------------------------------------------
# The record behind the pages
# ---------------------------------------------------------------------------


@pytest.fixture
def record(organ):
    factories.DisclosureFactory(organ=organ, normative=True)
    factories.DisclosureFactory(organ=organ, title="市行政审批局关于食品经营许可的通知")
    factories.AttachmentFactory(disclosure__organ=organ)
    factories.DecisionFactory(organ=organ)
    factories.DecisionFactory(organ=organ, natural_person=True)
    factories.DecisionFactory(organ=organ, kind="penalty", document_name="行政处罚决定书")
    factories.InformationRequestFactory(received_on=dt.date(2025, 3, 3))
    factories.publish_report(organ)
    return organ
