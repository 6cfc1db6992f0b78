"""bench/load_submit.py: after the run, every accepted submission is looked up in the database."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter, defaultdict

import psycopg
from load_clients import Answer
from load_server import ROOT

TRACKING_NUMBER = re.compile(r"^(\d{4})-(\d{6})$")

MARKER = re.compile(r"LOAD-[0-9a-f]{6}-C\d{3}-S\d{5}")


# Run in a child process against the bench database: the deadline of every bench request, recomputed
# with the project's own calendar code. Prints JSON.
DEADLINE_CHECK = r"""
import json, sys
import django
django.setup()
from django.utils import timezone
from applications import deadlines, queries
from applications.models import InformationRequest

calendar = queries.build_calendar()
checked, wrong = 0, []
rows = InformationRequest.objects.filter(description__contains=sys.argv[1]).prefetch_related("events")
for req in rows:
    checked += 1
    submitted_on = timezone.localdate(req.submitted_at)
    received = deadlines.propose_receipt_date(submitted_on, calendar)
    reply = deadlines.count_period(received, deadlines.REPLY_WORKING_DAYS, calendar)
    notice = deadlines.count_period(received, deadlines.CORRECTION_NOTICE_WORKING_DAYS, calendar)
    explained = queries.explain_deadline(req, calendar)
    problems = []
    if req.received_on != received:
        problems.append(f"received_on {req.received_on}, expected {received} (submitted {submitted_on})")
    if req.due_date != reply.due or req.deadline_provisional != reply.provisional:
        problems.append(f"due {req.due_date} provisional={req.deadline_provisional}, expected {reply.due} provisional={reply.provisional}")
    if req.correction_due_date != notice.due:
        problems.append(f"correction notice due {req.correction_due_date}, expected {notice.due}")
    if explained.due != req.due_date:
        problems.append(f"explain_deadline gives {explained.due}, stored {req.due_date}")
    if req.deadline_state != "running" or req.status != "pending" or req.receipt_confirmed or req.channel != "online":
        problems.append(f"state {req.deadline_state}/{req.status}/confirmed={req.receipt_confirmed}/{req.channel}")
    if problems:
        wrong.append({"tracking_number": req.tracking_number, "problems": problems})
print(json.dumps({"checked": checked, "wrong": wrong, "sample": {
    "received_on": str(received) if checked else None, "due": str(reply.due) if checked else None,
    "provisional": reply.provisional if checked else None}}))
"""


def check_database(db_url: str, env: dict, run_id: str, answers: list[Answer]) -> dict:
    tag = f"LOAD-{run_id}-"
    with psycopg.connect(db_url) as conn:
        rows = conn.execute(
            """SELECT r.id, r.tracking_number, r.tracking_year, r.tracking_sequence, r.description,
                      (SELECT count(*) FROM applications_requestevent e WHERE e.request_id = r.id AND e.kind = 'submitted'),
                      (SELECT count(*) FROM applications_requestevent e WHERE e.request_id = r.id),
                      (SELECT count(*) FROM applications_requestattachment a WHERE a.request_id = r.id),
                      r.form_token IS NOT NULL
               FROM applications_informationrequest r WHERE r.description LIKE %s""",
            (f"%{tag}%",),
        ).fetchall()
        all_numbers = conn.execute(
            "SELECT tracking_number, tracking_year, tracking_sequence FROM applications_informationrequest"
        ).fetchall()
        counters = dict(conn.execute("SELECT year, last FROM applications_requestcounter").fetchall())

    stored: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        found = MARKER.search(row[4])
        stored[found[0] if found else "?"].append(row)

    by_marker: dict[str, list[Answer]] = defaultdict(list)
    for answer in answers:
        by_marker[answer.marker].append(answer)
    accepted = {m: a for m, a in by_marker.items() if any(x.outcome == "accepted" for x in a)}

    lost, mismatched = [], []
    for marker, group in accepted.items():
        numbers = {x.tracking_number for x in group if x.outcome == "accepted"}
        if marker not in stored:
            lost.append({"marker": marker, "answered": sorted(numbers)})
        elif {row[1] for row in stored[marker]} != numbers:
            mismatched.append({"marker": marker, "answered": sorted(numbers), "stored": [r[1] for r in stored[marker]]})
    duplicated = [{"marker": m, "stored": [r[1] for r in rs]} for m, rs in stored.items() if len(rs) > 1]
    unanswered = sorted(m for m in stored if m not in accepted)

    # Tracking numbers: format, unique, and each year's sequence 1..N without a gap, matching its counter.
    bad_format = [n for n, year, seq in all_numbers if not TRACKING_NUMBER.match(n) or n != f"{year}-{seq:06d}"]
    repeated_numbers = [n for n, count in Counter(n for n, _y, _s in all_numbers).items() if count > 1]
    gaps = []
    per_year: dict[int, list[int]] = defaultdict(list)
    for _n, year, seq in all_numbers:
        per_year[year].append(seq)
    for year, seqs in sorted(per_year.items()):
        missing = sorted(set(range(1, max(seqs) + 1)) - set(seqs))
        if missing or counters.get(year) != max(seqs):
            gaps.append(
                {
                    "year": year,
                    "missing": missing[:20],
                    "n_missing": len(missing),
                    "max": max(seqs),
                    "counter": counters.get(year),
                }
            )

    # Nothing half saved: one "submitted" event, the attachment when one was sent, the form token kept.
    attached = {a.marker for a in answers if a.attachment}
    half_saved = []
    for marker, rs in stored.items():
        for _id, number, _y, _s, _d, submitted_events, events, attachments, has_token in rs:
            expected_files = 1 if marker in attached else 0
            if submitted_events != 1 or events != 1 or attachments != expected_files or not has_token:
                half_saved.append(
                    {
                        "tracking_number": number,
                        "events": events,
                        "attachments": attachments,
                        "expected": expected_files,
                    }
                )

    # Double submissions: both answers name one number, one row stored. Also: how many of the two
    # answers open a receipt page with the cookies that answer's browser holds.
    doubles = {kind: Counter() for kind in ("double-click", "resend")}
    split = []
    for marker, group in by_marker.items():
        if len(group) < 2:
            continue
        tally = doubles[group[0].kind]
        tally["pairs"] += 1
        numbers = {x.tracking_number for x in group if x.outcome == "accepted"}
        if any(x.outcome != "accepted" for x in group):
            tally["with_a_failed_answer"] += 1
        if len(numbers) == 1 and len(stored.get(marker, [])) == 1:
            tally["collapsed"] += 1
        elif numbers:
            tally["split"] += 1
            split.append(
                {"marker": marker, "answered": sorted(numbers), "stored": [r[1] for r in stored.get(marker, [])]}
            )
        opened = sum(x.receipt_status == 200 for x in group)
        tally[{2: "receipt_both_answers", 1: "receipt_one_answer_only"}.get(opened, "receipt_neither")] += 1

    result = subprocess.run(
        [sys.executable, "-c", DEADLINE_CHECK, tag], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"deadline check failed:\n{result.stderr[-4000:]}")
    deadline = json.loads(result.stdout.strip().splitlines()[-1])

    return {
        "stored": len(rows),
        "lost": lost,
        "mismatched": mismatched,
        "duplicated": duplicated,
        "stored_without_accepted_answer": unanswered,
        "bad_tracking_numbers": bad_format + repeated_numbers,
        "sequence_gaps": gaps,
        "half_saved": half_saved,
        "deadlines_checked": deadline["checked"],
        "wrong_deadlines": deadline["wrong"],
        "deadline_sample": deadline["sample"],
        "double_submits": {kind: dict(tally) for kind, tally in doubles.items()},
        "double_split": split,
    }
