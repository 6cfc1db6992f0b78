"""Writing the bench rows: dates and 索引号 planned up front, rows built in chunks, COPY or bulk_create."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import random
import time
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, connections, transaction
from django.utils import timezone

from demo.bench.common import BENCH_MARK, FIRST_YEAR
from demo.bench.decisions import decision_row
from demo.bench.disclosures import KIND_BY_SLUG, KIND_WEIGHTS, disclosure_row
from demo.codes import SHANGHAI
from demo.decisions import LICENCE_TYPES
from demo.organ import ORGAN
from disclosures.models import AdministrativeDecision, Category, Disclosure, IndexCounter, Organ

CHUNK = 5_000
# Below this many rows one process is as fast as a pool (and tests keep their single connection).
POOL_THRESHOLD = 10_000


# ---------------------------------------------------------------------------
# Chunks of rows (run in the pool's workers, or inline)
# ---------------------------------------------------------------------------


def _columns(model) -> list:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _make_chunk(task: tuple) -> list[tuple]:
    """Rows of one chunk as tuples in column order (picklable, ready for COPY or for model instances)."""
    kind, start, slots, params = task
    model = AdministrativeDecision if kind == "decisions" else Disclosure
    fields = _columns(model)
    defaults = {f.attname: f.get_default() for f in fields}
    now = params["now"]
    defaults["created_at"] = defaults["updated_at"] = now
    rows = []
    for offset, slot in enumerate(slots):
        n = start + offset
        row = decision_row(n, *slot, params) if kind == "decisions" else disclosure_row(n, *slot, params)
        rows.append(tuple(row.get(f.attname, defaults[f.attname]) for f in fields))
    return rows


# ---------------------------------------------------------------------------
# Plans: dates (and 索引号 blocks) decided up front, in date order, so ids and numbers follow the dates
# ---------------------------------------------------------------------------


def _decision_slots(rng: random.Random, count: int, today: dt.date) -> list[tuple[dt.date, int]]:
    first = dt.date(FIRST_YEAR, 1, 2)
    span = (today - first).days - 6  # decided at least a week ago, so published in the past
    days = sorted(first + dt.timedelta(days=rng.randrange(span)) for _ in range(count))
    per_year: Counter = Counter()
    slots = []
    for day in days:
        per_year[day.year] += 1
        slots.append((day, per_year[day.year]))
    return slots


def _disclosure_times(rng: random.Random, count: int, now: dt.datetime) -> list[dt.datetime]:
    first = dt.datetime(FIRST_YEAR, 1, 2, tzinfo=SHANGHAI)
    span = int((now - first).total_seconds()) - 3600
    times = []
    for _ in range(count):
        when = first + dt.timedelta(seconds=rng.randrange(span))
        times.append(when.replace(hour=8 + when.hour % 10))  # office-ish hours
    return sorted(min(t, now - dt.timedelta(minutes=1)) for t in times)


def reserve_index_block(organ: Organ, year: int, count: int) -> int:
    """Advance the 索引号 counter of (organ, year) by count under its row lock; return the first number."""
    with transaction.atomic():
        IndexCounter.objects.get_or_create(organ=organ, year=year)
        counter = IndexCounter.objects.select_for_update().get(organ=organ, year=year)
        first = counter.last + 1
        counter.last += count
        counter.save(update_fields=["last"])
    return first


def _disclosure_slots(organ: Organ, times: list[dt.datetime]) -> list[tuple[dt.datetime, int, int]]:
    by_year = Counter(timezone.localdate(t).year for t in times)
    # A reserved number is never handed out again, even if this run fails after reserving.
    next_number = {year: reserve_index_block(organ, year, n) for year, n in sorted(by_year.items())}
    slots = []
    for when in times:
        year = timezone.localdate(when).year
        slots.append((when, year, next_number[year]))
        next_number[year] += 1
    return slots


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def _write(model, rows: list[tuple]) -> None:
    fields = _columns(model)
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        copy_sql = f"COPY {table} ({columns}) FROM STDIN"
        with transaction.atomic(), connection.cursor() as cursor:
            # A larger GIN pending list: new search terms are merged into the index in fewer, bigger steps.
            cursor.execute("SET LOCAL gin_pending_list_limit = '64MB'")
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
        return
    names = [f.attname for f in fields]
    model.objects.bulk_create([model(**dict(zip(names, row, strict=True))) for row in rows], batch_size=500)


@dataclass
class Timing:
    kind: str
    rows: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        return f"{self.kind}: {self.rows} rows in {self.seconds:.1f} s ({self.rate:,.0f} rows/s)"


@dataclass
class SeedResult:
    organ: Organ
    timings: list[Timing] = field(default_factory=list)


def ensure_organ() -> Organ:
    """The default organ, or the demo's bureau when the database has none yet."""
    organ = Organ.objects.default()
    if organ is None:
        organ = Organ(**ORGAN)
        organ.full_clean()
        organ.save()
    return organ


def leaf_categories() -> list[Category]:
    """Catalogue headings that list disclosures and have no subheadings."""
    categories = list(Category.objects.filter(decision_kind=""))
    parents = {c.parent_id for c in categories if c.parent_id}
    return [c for c in categories if c.pk not in parents]


def _run(kind: str, slots: list, params: dict, workers: int, log) -> Timing:
    model = AdministrativeDecision if kind == "decisions" else Disclosure
    timing = Timing(kind)
    started = time.perf_counter()
    tasks = [(kind, i, slots[i : i + CHUNK], params) for i in range(0, len(slots), CHUNK)]
    if workers > 1 and len(slots) >= POOL_THRESHOLD and connection.vendor == "postgresql":
        # Forked workers must not share the parent's database connection: close it first.
        connections.close_all()
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for rows in pool.imap(_make_chunk, tasks):
                _write(model, rows)
                timing.rows += len(rows)
                log(
                    f"  {kind}: {timing.rows}/{len(slots)} ({timing.rows / (time.perf_counter() - started):,.0f} rows/s)"
                )
    else:
        for task in tasks:
            rows = _make_chunk(task)
            _write(model, rows)
            timing.rows += len(rows)
    timing.seconds = time.perf_counter() - started
    return timing


def seed_bench(
    *, decisions: int = 0, disclosures: int = 0, seed: int = 1, workers: int = 2, log=lambda message: None
) -> SeedResult:
    """Add ``decisions`` 双公示 decisions and ``disclosures`` published items to the default organ."""
    organ = ensure_organ()
    now = timezone.now()
    rng = random.Random(seed)
    result = SeedResult(organ)
    params = {
        "seed": seed,
        "now": now,
        "organ_id": organ.pk,
        "organ_name": organ.name,
        "organ_short": organ.short_name or organ.name,
        "organ_uscc": organ.uscc,
        # Numbers of earlier runs are not repeated: start after the bench rows already there.
        "number_base": 0,
    }
    if decisions:
        slots = _decision_slots(rng, decisions, timezone.localdate(now))
        params_d = {
            **params,
            "parties": max(50, decisions // 5),
            "licence_weights": [t.weight for t in LICENCE_TYPES],
            "number_base": AdministrativeDecision.objects.filter(remarks=BENCH_MARK).count(),
        }
        result.timings.append(_run("decisions", slots, params_d, workers, log))
    if disclosures:
        categories = leaf_categories()
        if not categories:
            raise ValueError("no catalogue heading lists disclosures (run migrate to seed the 公开目录)")
        choices = [(c.pk, KIND_BY_SLUG.get(c.slug, Disclosure.Kind.OTHER)) for c in categories]
        params_i = {
            **params,
            "categories": choices,
            "category_weights": [KIND_WEIGHTS.get(kind, 3) for _pk, kind in choices],
            "number_base": Disclosure.objects.filter(author=BENCH_MARK).count(),
        }
        started = time.perf_counter()
        slots = _disclosure_slots(organ, _disclosure_times(rng, disclosures, now))
        timing = _run("disclosures", slots, params_i, workers, log)
        timing.seconds = time.perf_counter() - started  # including the 索引号 reservation
        result.timings.append(timing)
    return result


def clear_bench() -> dict[str, int]:
    """Delete the rows seed_bench made (by their mark), without history rows or per-row signals."""
    deleted = {}
    with transaction.atomic(), connection.cursor() as cursor:
        table = connection.ops.quote_name(Disclosure._meta.db_table)
        through = Disclosure.related.through
        for column in (
            through._meta.get_field("from_disclosure").column,
            through._meta.get_field("to_disclosure").column,
        ):
            cursor.execute(
                f"DELETE FROM {connection.ops.quote_name(through._meta.db_table)} WHERE {column} IN "
                f"(SELECT id FROM {table} WHERE author = %s)",
                [BENCH_MARK],
            )
        cursor.execute(
            f"UPDATE {table} SET interprets_id = NULL WHERE interprets_id IN (SELECT id FROM {table} WHERE author = %s)",
            [BENCH_MARK],
        )
        cursor.execute(f"DELETE FROM {table} WHERE author = %s", [BENCH_MARK])
        deleted["disclosures"] = cursor.rowcount
        table = connection.ops.quote_name(AdministrativeDecision._meta.db_table)
        cursor.execute(f"DELETE FROM {table} WHERE remarks = %s", [BENCH_MARK])
        deleted["decisions"] = cursor.rowcount
    return deleted
