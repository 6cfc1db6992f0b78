"""Chinese full-text search over the public record.

A whitespace or English analyzer finds nothing in Chinese text, which has no spaces. Each item keeps
a stored search document of two parts, ``search_title`` (title, 文号, codes: weighted high) and
``search_text`` (内容概述, 正文, attachment text, …). A document is the text normalised (NFKC, so
full-width letters and digits become ASCII; Traditional → Simplified with OpenCC; lower case) and
written as space-separated terms:

* the words of ``jieba.cut_for_search`` (search mode: 防城港市 → 防城, 港市, 防城港, 防城港市),
* every pair of adjacent Chinese characters (bigrams), so any word of two or more characters is
  found wherever it stands, even where jieba cut the sentence differently (a name it does not know,
  or a word across one of its boundaries), and every single character;
* letters and digits as whole tokens (a credit code, a year, a 许可编号).

A query is normalised the same way and cut by jieba; each of its words must be present (by all its
bigrams, so 食品许可 finds 食品经营许可 but 港市 still finds 防城港市), a single character is a term
of its own, and letters/digits match as tokens (long ones also as a prefix, for partial codes).
The jieba words of the query also rank: an item holding the whole word ranks above one holding its
bigrams apart, and title hits above body hits. Exact codes (文号 with any bracket style, 索引号,
统一社会信用代码, 许可编号) also match their columns directly and rank first. Relevance is computed
for the newest SEARCH_CANDIDATES matches only, so a common word costs the same at a million rows.

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

from disclosures.privacy import PublicDecision

# CJK Unified Ideographs, Extension A and the compatibility block.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TOKEN_RE = re.compile(rf"[{CJK}]+|[0-9a-z]+")
CJK_RUN_RE = re.compile(rf"[{CJK}]+")
MAX_QUERY_LENGTH = 100
MAX_QUERY_TERMS = 32
# An attachment's text beyond this is not indexed (a 300-page PDF adds little after its start).
MAX_DOCUMENT_CHARS = 200_000
# Distinct terms per part of a search document: about 16 bytes each in a tsvector, well under its 1 MB.
MAX_DOCUMENT_TERMS = 40_000
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


def to_simplified(text: str) -> str:
    """Traditional characters to Simplified, nothing else (codes keep their case and width)."""
    return _t2s().convert(text) if text else ""


def normalise(text: str) -> str:
    """NFKC (full-width → ASCII), Traditional → Simplified, lower case."""
    if not text:
        return ""
    return _t2s().convert(unicodedata.normalize("NFKC", text)).lower()


def plain_text(html_text: str) -> str:
    """Text of sanitised HTML, for indexing and excerpts."""
    return html.unescape(strip_tags(html_text or ""))


def _terms(text: str) -> tuple[str, ...]:
    """The distinct terms of normalised text, in first-seen order."""
    seen: dict[str, None] = {}
    # A code (许可编号, 信用代码, 文号 such as 防审批许〔2024〕12号) has no words for jieba to find
    # beyond what its bigrams and tokens hold: skip jieba, the slow part of an import.
    is_code = len(text) <= 40 and bool(re.search(r"\d", text)) and len(CJK_RUN_RE.sub("", text)) * 2 >= len(text)
    words = TOKEN_RE.findall(text) if is_code else jieba.cut_for_search(text, HMM=False)
    for word in words:
        for piece in TOKEN_RE.findall(word):
            seen.setdefault(piece)
    for run in CJK_RUN_RE.findall(text):
        for i in range(len(run)):
            seen.setdefault(run[i])  # single characters: a one-character query (店, 议) finds its word
            if i + 1 < len(run):
                seen.setdefault(run[i : i + 2])
    return tuple(seen)


# Short field values repeat a lot in imports (authorities, licence kinds, content templates); a small
# cache of them saves segmenting again. Bounded so that a web worker's memory stays flat.
_short_terms = functools.lru_cache(maxsize=2048)(_terms)
SHORT_TEXT = 100


def index_document(*texts: str, max_terms: int = MAX_DOCUMENT_TERMS) -> str:
    """The stored search document for some texts: distinct terms separated by spaces.

    At most ``max_terms`` terms: PostgreSQL refuses a tsvector over 1 MB, and the first terms of a
    very long text (its beginning) are the useful ones.
    """
    seen: dict[str, None] = {}
    for text in texts:
        if not text:
            continue
        text = normalise(text[:MAX_DOCUMENT_CHARS])
        for term in _short_terms(text) if len(text) <= SHORT_TEXT else _terms(text):
            seen.setdefault(term)
            if len(seen) >= max_terms:
                return " ".join(seen)
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
    """(search_title, search_text) of an AdministrativeDecision-like object (a migration's
    historical model, a row of a bulk import)."""
    # The index holds the text the public sees (disclosures.privacy.PublicDecision), or a search for
    # a person's raw number would tell whose decision it is.
    public = PublicDecision(decision)
    return (
        index_document(*(getattr(public, f) for f in DECISION_TITLE_FIELDS)),
        index_document(*(getattr(public, f) or "" for f in DECISION_TEXT_FIELDS)),
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
            # is a term of its own (documents index single characters); longer ones need all their bigrams.
            terms = []
            for run in _query_runs_of(token):
                bigrams = [(run[i : i + 2], False) for i in range(len(run) - 1)]
                terms += bigrams or [(run, False)]
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


class _RowExpression(Expression):
    """An expression over the current row, written against the row's primary key column.

    The key is a source expression (a Col once resolved), so Django relabels its table alias when
    the queryset becomes a subquery (``… id IN (SELECT U0.id …)``); naming the table itself would
    tie the subquery to the outer row and run it once per row.
    """

    def __init__(self, model, parsed: ParsedQuery, pk=None):
        super().__init__()
        self.model, self.parsed = model, parsed
        self.pk = pk if pk is not None else F("pk")

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs):
        (self.pk,) = exprs

    def _row(self, compiler) -> tuple[str, str]:
        """(the row's table alias, its primary key column), both quoted as the query has them."""
        pk_sql, _params = compiler.compile(self.pk)
        return pk_sql.rsplit(".", 1)[0], pk_sql


class _FullTextMatch(_RowExpression):
    """True where the item's search document holds every required term."""

    output_field = BooleanField()

    def __init__(self, model, parsed: ParsedQuery, title_only: bool = False, pk=None):
        super().__init__(model, parsed, pk)
        self.title_only = title_only

    def as_sql(self, compiler, connection):
        table, pk = self._row(compiler)
        if connection.vendor == "postgresql":
            query = _tsquery(self.parsed.required, "&", self.title_only)
            return f"{table}.search_vector @@ to_tsquery('simple', %s)", [query]
        fts = connection.ops.quote_name(f"{self.model._meta.db_table}_fts")
        query = _fts5_query(self.parsed.required, "AND", self.title_only)
        return f"{pk} IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s)", [query]


class _FullTextRank(_RowExpression):
    """Relevance of the search document: title terms weigh more; whole jieba words add to it."""

    output_field = FloatField()

    def as_sql(self, compiler, connection):
        table, pk = self._row(compiler)
        terms = [*self.parsed.required, *((w, False) for w in self.parsed.words)]
        if connection.vendor == "postgresql":
            return f"ts_rank({table}.search_vector, to_tsquery('simple', %s))", [_tsquery(terms, "|")]
        fts = connection.ops.quote_name(f"{self.model._meta.db_table}_fts")
        # bm25() is smaller for better matches; negate so that higher is better, as on PostgreSQL.
        return (
            f"(SELECT -bm25({fts}, 10.0, 1.0) FROM {fts} WHERE {fts} MATCH %s AND rowid = {pk})",
            [_fts5_query(terms, "OR")],
        )


EXACT_BONUS = 1000.0


def _parsed(query) -> ParsedQuery:
    return query if isinstance(query, ParsedQuery) else parse_query(query)


def _search(queryset, query: str, exact: Q):
    parsed = _parsed(query)
    if not parsed:
        # Nothing searchable (only punctuation, emoji, control characters): no match, but still
        # annotated, so that callers may order by the rank (by_relevance) as with any query.
        return queryset.none().annotate(search_rank=Value(0.0, output_field=FloatField()))
    model = queryset.model
    matches = Q(_FullTextMatch(model, parsed)) | exact
    return queryset.filter(matches).annotate(
        search_rank=Coalesce(_FullTextRank(model, parsed), Value(0.0))
        + Case(When(exact, then=Value(EXACT_BONUS)), default=Value(0.0), output_field=FloatField())
    )


def search_disclosures(queryset, query):
    """Published-or-not is the caller's business: pass ``Disclosure.objects.published()``."""
    parsed = _parsed(query)
    code = parsed.code
    exact = Q(pk__in=[])
    if code:
        exact = Q(document_number__in=bracket_variants(code)) | Q(index_number=code.upper())
    return _search(queryset, parsed, exact)


def search_decisions(queryset, query):
    parsed = _parsed(query)
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


# Relevance is ranked among this many newest matches: a word found in 900,000 decisions must not
# cost 900,000 rank computations and a sort per page view.
SEARCH_CANDIDATES = 1000


def by_relevance(queryset, date_field: str, candidates: int = SEARCH_CANDIDATES):
    """Order matches by relevance (then date), ranking only the newest ``candidates`` of them."""
    # Plain DESC (published items always have their dates): PostgreSQL then reads the date index
    # backwards and stops at the candidates; NULLS LAST would not match the index and sort everything.
    newest = queryset.order_by(f"-{date_field}", "-pk").values("pk")[:candidates]
    return queryset.filter(pk__in=newest).order_by(F("search_rank").desc(), f"-{date_field}", "-pk")


# ---------------------------------------------------------------------------
# Highlighting
# ---------------------------------------------------------------------------


def _marks(parsed: ParsedQuery) -> re.Pattern | None:
    """What to mark on the page: the query's runs, its jieba words and the terms it requires.

    Longest first, so a whole run is marked in one piece where it occurs and its words or bigrams
    where they stand apart (食品许可 marks 食品 and 许可 in 食品经营许可).
    """
    marks = set(TOKEN_RE.findall(normalise(parsed.raw))) | set(parsed.words) | {t for t, _p in parsed.required}
    if not marks:
        return None
    return re.compile("|".join(re.escape(m) for m in sorted(marks, key=len, reverse=True)))


def _normalised_with_positions(text: str) -> tuple[str, list[int] | None]:
    """The normalised text and, where normalising changed its length, each character's source index."""
    normalised = normalise(text)
    if len(normalised) == len(text):  # the usual case: t2s and NFKC map one character to one
        return normalised, None
    positions, chunks = [], []
    for index, ch in enumerate(text):
        chunk = normalise(ch) or ch
        positions.extend([index] * len(chunk))
        chunks.append(chunk)
    return "".join(chunks), positions


NORMALISED_EXCERPT_CHARS = 3000


def excerpt(text: str, parsed: ParsedQuery, width: int = 120) -> str:
    """Escaped HTML: a window of ``text`` around the first match, matches wrapped in <mark>.

    Text on the page may be Traditional or full-width where the query was not (or the reverse), so
    matching runs on the normalised text, mapped back to the original characters.
    """
    text = re.sub(r"\s+", " ", text or "").strip()
    if not text:
        return ""
    pattern = _marks(parsed)
    spans = []
    if pattern is not None:
        # Most text is Simplified already: match it as it stands (cheap); only where that finds
        # nothing is a head of the text normalised (Traditional or full-width text on the page).
        haystack, positions = text.lower(), None
        if len(haystack) != len(text) or not pattern.search(haystack):
            haystack, positions = _normalised_with_positions(text[:NORMALISED_EXCERPT_CHARS])
        for match in pattern.finditer(haystack):
            start, end = match.start(), match.end()
            if positions is not None:
                start, end = positions[start], positions[end - 1] + 1
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


def plain_text_head(html_head: str) -> str:
    """Text of the first part of an HTML body cut at a fixed length (a tag may be cut in half)."""
    return plain_text(re.sub(r"<[^>]*$", "", html_head or ""))
