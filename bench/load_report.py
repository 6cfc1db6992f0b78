"""bench/load_submit.py: the summary of a run (also as JSON), what counts as a failure, and the printed report."""

from __future__ import annotations

import json
import os
from collections import Counter

from load_clients import Run


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def summarise(args, run: Run, check: dict, workers: int) -> dict:
    answers = run.answers
    outcomes = Counter(a.outcome for a in answers)
    page_5xx = sum(1 for e in run.page_errors if e.get("status", 0) >= 500)
    page_transport = sum(1 for e in run.page_errors if "error" in e)
    latencies = [a.latency_ms for a in answers if a.status is not None]
    accepted_markers = {a.marker for a in answers if a.outcome == "accepted"}
    elapsed = run.ended - run.started
    # A browser that filed once must see its receipt (the lookup code is shown only there).
    receipts = Counter(a.receipt_status for a in answers if a.kind in ("single", "resend") and a.outcome == "accepted")
    receipt_wrong = [
        a.tracking_number for a in answers if a.receipt_status == 200 and a.receipt_number != a.tracking_number
    ]
    summary = {
        "clients": args.clients,
        "duration_s": round(elapsed, 1),
        "workers": workers,
        "redis": bool(args.redis),
        "cores": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in run.load_before],
        "load_average_after": [round(x, 2) for x in run.load_after],
        "client_cpu_s": round(run.client_cpu_s, 1),
        "gunicorn_cpu_s": round(run.gunicorn_cpu_s, 1),
        "postgres_cpu_s": round(run.postgres_cpu_s, 1),
        "server_cpu_ms_per_accepted": round(
            1000 * (run.gunicorn_cpu_s + run.postgres_cpu_s) / max(1, len(accepted_markers)), 1
        ),
        "submissions": len({a.marker for a in answers}),
        "posts": len(answers),
        "attempted": len(answers),
        "accepted": outcomes["accepted"],
        "accepted_submissions": len(accepted_markers),
        "rejected": outcomes["rejected"],
        "server_errors": outcomes["server_error"] + page_5xx,
        "transport_errors": outcomes["transport_error"] + page_transport,
        "throughput_per_s": round(len(accepted_markers) / elapsed, 1) if elapsed else 0.0,
        "latency_ms": {
            "p50": round(percentile(latencies, 0.50), 1),
            "p95": round(percentile(latencies, 0.95), 1),
            "p99": round(percentile(latencies, 0.99), 1),
            "max": round(max(latencies, default=0.0), 1),
        },
        "rejected_reasons": dict(Counter(a.reason for a in answers if a.outcome == "rejected").most_common(10)),
        "errors_sample": [
            {"kind": a.kind, "outcome": a.outcome, "reason": a.reason}
            for a in answers
            if a.outcome in ("server_error", "transport_error")
        ][:10]
        + run.page_errors[:10],
        "receipt_pages": {str(k): v for k, v in sorted(receipts.items(), key=str)},
        "receipt_missing": sum(n for status, n in receipts.items() if status != 200),
        "receipt_shows_other_number": receipt_wrong,
        "stored": check["stored"],
        "lost": len(check["lost"]) + len(check["mismatched"]),
        "duplicated": len(check["duplicated"]),
        "stored_without_accepted_answer": len(check["stored_without_accepted_answer"]),
        "bad_tracking_numbers": len(check["bad_tracking_numbers"]),
        "sequence_gaps": len(check["sequence_gaps"]),
        "half_saved": len(check["half_saved"]),
        "deadlines_checked": check["deadlines_checked"],
        "wrong_deadlines": len(check["wrong_deadlines"]),
        "deadline_sample": check["deadline_sample"],
        "double_submits": check["double_submits"],
        "details": {
            key: check[key][:20]
            for key in (
                "lost",
                "mismatched",
                "duplicated",
                "bad_tracking_numbers",
                "sequence_gaps",
                "half_saved",
                "wrong_deadlines",
                "double_split",
            )
            if check[key]
        },
    }
    failures = {
        "lost": summary["lost"],
        "duplicated": summary["duplicated"],
        "server_errors": summary["server_errors"],
        "wrong_deadlines": summary["wrong_deadlines"],
        "bad_tracking_numbers": summary["bad_tracking_numbers"],
        "sequence_gaps": summary["sequence_gaps"],
        "half_saved": summary["half_saved"],
        "double_split": len(check["double_split"]),
        "receipt_missing": summary["receipt_missing"],
        "receipt_shows_other_number": len(receipt_wrong),
        # Either answer of a double submission is the one a browser may show: both must open the receipt.
        "double_receipt_missing": sum(
            t.get("receipt_one_answer_only", 0) + t.get("receipt_neither", 0) for t in check["double_submits"].values()
        ),
    }
    summary["failures"] = {k: v for k, v in failures.items() if v}
    summary["ok"] = not summary["failures"] and summary["accepted"] > 0
    return summary


def print_report(s: dict) -> None:
    lat = s["latency_ms"]
    doubles = "; ".join(
        f"{kind} {t.get('pairs', 0)} pairs: {t.get('collapsed', 0)} stored once under one number, {t.get('split', 0)} split,"
        f" receipt page opens from both answers {t.get('receipt_both_answers', 0)}, from one only"
        f" {t.get('receipt_one_answer_only', 0)}"
        for kind, t in s["double_submits"].items()
    )
    lines = [
        "",
        f"load_submit: {s['clients']} clients for {s['duration_s']} s against gunicorn {s['workers']} sync workers"
        f" ({'Redis cache' if s['redis'] else 'per-process cache'}); submit rate limit lifted, proof of work off",
        f"  machine: {s['cores']} cores, load average (1/5/15 min) {s['load_average_before']} before,"
        f" {s['load_average_after']} after the run; CPU used by the clients {s['client_cpu_s']} s, gunicorn"
        f" {s['gunicorn_cpu_s']} s, PostgreSQL {s['postgres_cpu_s']} s (server side"
        f" {s['server_cpu_ms_per_accepted']} ms per accepted request: form page, POST, receipt)",
        f"  submissions {s['submissions']} ({s['posts']} POSTs, double submissions counted twice)",
        f"  answers: accepted {s['accepted']}, rejected {s['rejected']}, 5xx {s['server_errors']}, transport errors {s['transport_errors']}",
        f"  throughput {s['throughput_per_s']} accepted requests/s",
        f"  latency of a POST (ms): p50 {lat['p50']}  p95 {lat['p95']}  p99 {lat['p99']}  max {lat['max']}",
        f"  receipt pages after an accepted single submission: {s['receipt_pages']}",
        f"  double submissions: {doubles}",
        f"  database: {s['stored']} stored; lost {s['lost']}, duplicated {s['duplicated']}, stored without an accepted"
        f" answer {s['stored_without_accepted_answer']}, half saved {s['half_saved']}",
        f"  tracking numbers: bad or repeated {s['bad_tracking_numbers']}, years with gaps {s['sequence_gaps']}",
        f"  deadlines: {s['deadlines_checked']} checked, {s['wrong_deadlines']} wrong"
        f" (e.g. received {s['deadline_sample']['received_on']} → due {s['deadline_sample']['due']},"
        f" provisional {s['deadline_sample']['provisional']})",
    ]
    if s["rejected_reasons"]:
        lines.append("  rejected: " + "; ".join(f"{n}× {reason}" for reason, n in s["rejected_reasons"].items()))
    if s["errors_sample"]:
        lines.append("  errors (first): " + json.dumps(s["errors_sample"][:5], ensure_ascii=False))
    if s["details"]:
        lines.append("  details: " + json.dumps(s["details"], ensure_ascii=False)[:3000])
    lines.append("  RESULT: " + ("ok" if s["ok"] else f"FAILED {s['failures'] or 'nothing accepted'}"))
    print("\n".join(lines))
