"""Chinese full-text search over the public record.

A whitespace or English analyzer finds nothing in Chinese text, which has no spaces. Each item keeps
a stored search document of two parts, ``search_title`` (title, 文号, codes: weighted high) and
``search_text`` (内容概述, 正文, attachment text, …). A document is the text normalised (NFKC, so
full-width letters and digits become ASCII; Traditional → Simplified with OpenCC; lower case) and
written as space-separated terms:

* the words of ``jieba.cut_for_search`` (search mode: 防城港市 → 防城, 港市, 防城港, 防城港市), and
* every pair of adjacent Chinese characters (bigrams), so any word of two or more characters is
  found wherever it stands, even where jieba cut the sentence differently (a name it does not know,
  or a word across one of its boundaries);
* letters and digits as whole tokens (a credit code, a year, a 许可编号).

A query is normalised the same way; each Chinese run of the query becomes its bigrams (all
required), a single character matches as a prefix, and letters/digits match as tokens (prefix from
four characters on, for partial codes). The jieba words of the query only rank: an item holding the
whole word ranks above one holding its bigrams apart. Exact codes (文号 with any bracket style,
索引号, 统一社会信用代码, 许可编号) also match their columns directly and rank first.

PostgreSQL indexes the two parts in a generated ``tsvector`` column (config ``simple``, title
weighted A) with a GIN index; SQLite keeps an FTS5 table in step by triggers. Both are created by
migrations and queried through :func:`search_disclosures` / :func:`search_decisions`.
"""

from __future__ import annotations

import functools
import html
import logging
import re
import threading
import unicodedata
from dataclasses import dataclass

import jieba
import opencc
from django.db import connection
from django.db.models import BooleanField, Case, F, FloatField, Q, Value, When
from django.db.models.expressions import Expression
from django.db.models.functions import Coalesce
from django.utils.html import strip_tags

# CJK Unified Ideographs, Extension A and the compatibility block.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TOKEN_RE = re.compile(rf"[{CJK}]+|[0-9a-z]+")
CJK_RUN_RE = re.compile(rf"[{CJK}]+")
MAX_QUERY_LENGTH = 100
MAX_QUERY_TERMS = 32
# An attachment's text beyond this is not indexed (a 300-page PDF adds little after its start).
MAX_DOCUMENT_CHARS = 200_000
# Bracket styles people type in a 文号; the official one is 〔〕 (GB/T 9704).
BRACKETS = str.maketrans({"[": "〔", "]": "〕", "(": "〔", ")": "〕", "【": "〔", "】": "〕", "［": "〔", "］": "〕"})

_local = threading.local()
jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter is not ours to log


def _t2s() -> opencc.OpenCC:
    # One converter per thread: OpenCC objects are not documented as thread-safe.
    converter = getattr(_local, "t2s", None)
    if converter is None:
        converter = _local.t2s = opencc.OpenCC("t2s")
    return converter


def normalise(text: str) -> str:
    """NFKC (full-width → ASCII), Traditional → Simplified, lower case."""
    if not text:
        return ""
    return _t2s().convert(unicodedata.normalize("NFKC", text)).lower()


def plain_text(html_text: str) -> str:
    """Text of sanitised HTML, for indexing and excerpts."""
    return html.unescape(strip_tags(html_text or ""))


@functools.lru_cache(maxsize=50_000)
def _terms(text: str) -> tuple[str, ...]:
    """The distinct terms of normalised text, in first-seen order (cached: imports repeat values)."""
    seen: dict[str, None] = {}
    for word in jieba.cut_for_search(text, HMM=False):
        for piece in TOKEN_RE.findall(word):
            seen.setdefault(piece)
    for run in CJK_RUN_RE.findall(text):
        for i in range(len(run) - 1):
            seen.setdefault(run[i : i + 2])
    return tuple(seen)


def index_document(*texts: str) -> str:
    """The stored search document for some texts: distinct terms separated by spaces."""
    seen: dict[str, None] = {}
    for text in texts:
        if not text:
            continue
        text = normalise(text[:MAX_DOCUMENT_CHARS])
        # Long texts are not worth caching; short field values (names, authorities) repeat a lot.
        terms = _terms(text) if len(text) <= 500 else _terms.__wrapped__(text)
        for term in terms:
            seen.setdefault(term)
    return " ".join(seen)


# What goes into each part of the search document (model fields by name). The migrations that
# backfill the document call the same functions, so the rule is written once.
DISCLOSURE_TITLE_FIELDS = ("title", "document_number", "index_number")
DISCLOSURE_TEXT_FIELDS = ("summary", "body", "source")
DECISION_TITLE_FIELDS = ("party_name", "party_uscc", "document_number", "licence_number")
DECISION_TEXT_FIELDS = (
    "content", "document_name", "certificate_name", "authority", "legal_representative",
    "violation_type", "violation_facts", "penalty_basis", "penalty_category", "suspended_licence",
)  # fmt: skip


def disclosure_document(item, attachment_texts=()) -> tuple[str, str]:
    """(search_title, search_text) of a Disclosure-like object; the body is HTML."""
    values = {f: getattr(item, f) or "" for f in DISCLOSURE_TEXT_FIELDS}
    values["body"] = plain_text(values["body"])
    return (
        index_document(*(getattr(item, f) for f in DISCLOSURE_TITLE_FIELDS)),
        index_document(*values.values(), *attachment_texts),
    )


def decision_document(decision) -> tuple[str, str]:
    """(search_title, search_text) of an AdministrativeDecision-like object."""
    return (
        index_document(*(getattr(decision, f) for f in DECISION_TITLE_FIELDS)),
        index_document(*(getattr(decision, f) for f in DECISION_TEXT_FIELDS)),
    )


def bracket_variants(code: str) -> list[str]:
    """A 文号 as typed and with its brackets in the official 〔〕 form."""
    code = unicodedata.normalize("NFKC", code).strip()
    official = code.translate(BRACKETS)
    return list(dict.fromkeys([code, official]))


@dataclass(frozen=True)
class ParsedQuery:
    raw: str
    required: tuple[tuple[str, bool], ...] = ()  # (term, is_prefix), all required
    words: tuple[str, ...] = ()  # jieba words, for ranking only

    def __bool__(self):
        return bool(self.required)

    @property
    def code(self) -> str:
        """The query as an exact code: no spaces, full-width folded."""
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", self.raw))


def _query_runs_of(token: str) -> list[str]:
    """A Chinese run of the query as jieba's words, with consecutive single characters rejoined."""
    runs, singles = [], ""
    for word in jieba.cut(token, HMM=False):
        if len(word) == 1:
            singles += word
            continue
        if singles:
            runs.append(singles)
            singles = ""
        runs.append(word)
    if singles:
        runs.append(singles)
    return runs


def parse_query(query: str) -> ParsedQuery:
    raw = (query or "").strip()[:MAX_QUERY_LENGTH]
    # Control and zero-width characters are dropped; they can only hide a term.
    raw = "".join(ch for ch in raw if unicodedata.category(ch)[0] != "C")
    text = normalise(raw)
    required: dict[tuple[str, bool], None] = {}
    for token in TOKEN_RE.findall(text):
        if CJK_RUN_RE.fullmatch(token):
            # Each word jieba finds must be present (食品许可 finds 食品经营许可); characters it leaves
            # alone are joined back into a run (an unknown name). A run or word of one character
            # matches as a prefix of the terms it starts; longer ones by all their bigrams.
            terms = []
            for run in _query_runs_of(token):
                bigrams = [(run[i : i + 2], False) for i in range(len(run) - 1)]
                terms += bigrams or [(run, True)]
        else:
            # Letters and digits: whole tokens; long ones (codes) also match as a prefix.
            terms = [(token, len(token) >= 6)]
        for term in terms:
            required.setdefault(term)
    words = [w for w in dict.fromkeys(jieba.cut(text, HMM=False)) if CJK_RUN_RE.fullmatch(w) and len(w) > 1]
    return ParsedQuery(raw=raw, required=tuple(required)[:MAX_QUERY_TERMS], words=tuple(words))


# ---------------------------------------------------------------------------
# Backend expressions: one small switch on the database vendor.
# ---------------------------------------------------------------------------


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _tsquery(terms: list[tuple[str, bool]], operator: str, title_only: bool = False) -> str:
    # Terms hold only CJK characters, a–z and 0–9 (TOKEN_RE), so quoting is safe. Weight A is the title.
    weight = "A" if title_only else ""
    return f" {operator} ".join(f"'{t}':*{weight}" if prefix else f"'{t}':{weight}".rstrip(":") for t, prefix in terms)


def _fts5_query(terms: list[tuple[str, bool]], operator: str, title_only: bool = False) -> str:
    query = f" {operator} ".join(f'"{t}"*' if prefix else f'"{t}"' for t, prefix in terms)
    return f"search_title : ({query})" if title_only else query


class _FullTextMatch(Expression):
    """True where the item's search document holds every required term."""

    output_field = BooleanField()

    def __init__(self, model, parsed: ParsedQuery, title_only: bool = False):
        super().__init__()
        self.model, self.parsed, self.title_only = model, parsed, title_only

    def as_sql(self, compiler, connection):
        table = connection.ops.quote_name(self.model._meta.db_table)
        if connection.vendor == "postgresql":
            query = _tsquery(self.parsed.required, "&", self.title_only)
            return f"{table}.search_vector @@ to_tsquery('simple', %s)", [query]
        fts = connection.ops.quote_name(f"{self.model._meta.db_table}_fts")
        query = _fts5_query(self.parsed.required, "AND", self.title_only)
        return f"{table}.id IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s)", [query]


class _FullTextRank(Expression):
    """Relevance of the search document: title terms weigh more; whole jieba words add to it."""

    output_field = FloatField()

    def __init__(self, model, parsed: ParsedQuery):
        super().__init__()
        self.model, self.parsed = model, parsed

    def as_sql(self, compiler, connection):
        table = connection.ops.quote_name(self.model._meta.db_table)
        terms = [*self.parsed.required, *((w, False) for w in self.parsed.words)]
        if connection.vendor == "postgresql":
            return f"ts_rank({table}.search_vector, to_tsquery('simple', %s))", [_tsquery(terms, "|")]
        fts = connection.ops.quote_name(f"{self.model._meta.db_table}_fts")
        # bm25() is smaller for better matches; negate so that higher is better, as on PostgreSQL.
        return (
            f"(SELECT -bm25({fts}, 10.0, 1.0) FROM {fts} WHERE {fts} MATCH %s AND rowid = {table}.id)",
            [_fts5_query(terms, "OR")],
        )


EXACT_BONUS = 1000.0


def _search(queryset, query: str, exact: Q):
    parsed = query if isinstance(query, ParsedQuery) else parse_query(query)
    if not parsed:
        return queryset.none()
    model = queryset.model
    matches = Q(_FullTextMatch(model, parsed)) | exact
    return queryset.filter(matches).annotate(
        search_rank=Coalesce(_FullTextRank(model, parsed), Value(0.0))
        + Case(When(exact, then=Value(EXACT_BONUS)), default=Value(0.0), output_field=FloatField())
    )


def search_disclosures(queryset, query):
    """Published-or-not is the caller's business: pass ``Disclosure.objects.published()``."""
    parsed = query if isinstance(query, ParsedQuery) else parse_query(query)
    code = parsed.code
    exact = Q(pk__in=[])
    if code:
        exact = Q(document_number__in=bracket_variants(code)) | Q(index_number=code.upper())
    return _search(queryset, parsed, exact)


def search_decisions(queryset, query):
    parsed = query if isinstance(query, ParsedQuery) else parse_query(query)
    code = parsed.code
    exact = Q(pk__in=[])
    if code:
        variants = bracket_variants(code)
        exact = Q(licence_number__in=variants) | Q(document_number__in=variants)
        if len(code) == 18:
            exact |= Q(party_uscc=code.upper())
    return _search(queryset, parsed, exact)


def match_decision_titles(queryset, query: str):
    """Decisions whose title part (相对人名称, codes) holds the query: the 双公示 name filter.

    A substring filter (``icontains``) reads every row; this one uses the full-text index.
    """
    parsed = parse_query(query)
    if not parsed:
        return queryset
    return queryset.filter(_FullTextMatch(queryset.model, parsed, title_only=True))


def by_relevance(queryset, date_field: str):
    return queryset.order_by(F("search_rank").desc(), F(date_field).desc(nulls_last=True), "-pk")


# ---------------------------------------------------------------------------
# Highlighting
# ---------------------------------------------------------------------------


def _query_runs(parsed: ParsedQuery) -> list[str]:
    """What to mark on the page: the query's runs of characters (longest first)."""
    runs = {t for t in TOKEN_RE.findall(normalise(parsed.raw))}
    return sorted(runs, key=len, reverse=True)


def excerpt(text: str, parsed: ParsedQuery, width: int = 120) -> str:
    """Escaped HTML: a window of ``text`` around the first match, matches wrapped in <mark>.

    Text on the page may be Traditional or full-width where the query was not (or the reverse),
    so matching runs on the normalised text, character by character mapped back to the original.
    """
    text = re.sub(r"\s+", " ", text or "").strip()
    runs = _query_runs(parsed)
    if not text:
        return ""
    norm_chars = [normalise(ch) or ch for ch in text]
    positions, normalised = [], []
    for index, chunk in enumerate(norm_chars):
        positions.extend([index] * len(chunk))
        normalised.append(chunk)
    haystack = "".join(normalised)
    spans = []
    if runs:
        pattern = re.compile("|".join(re.escape(run) for run in runs))
        for match in pattern.finditer(haystack):
            start, end = positions[match.start()], positions[match.end() - 1] + 1
            if not spans or start >= spans[-1][1]:
                spans.append((start, end))
    first = spans[0][0] if spans else 0
    begin = max(0, min(first - width // 4, len(text) - width))
    finish = min(len(text), begin + width)
    out, cursor = [], begin
    for start, end in spans:
        if end <= begin or start >= finish:
            continue
        start, end = max(start, begin), min(end, finish)
        out.append(html.escape(text[cursor:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        cursor = end
    out.append(html.escape(text[cursor:finish]))
    prefix = "…" if begin > 0 else ""
    suffix = "…" if finish < len(text) else ""
    return prefix + "".join(out) + suffix
