"""Demo and benchmark data: the 2018 record of 防城港市行政审批局 as its annual report counts it, a
little of 2025/2026, and bulk rows for benchmarks.

`manage.py load_demo` loads the demo; `manage.py seed_bench` writes benchmark rows (`demo.bench`). The
generators (codes, items, decisions, guide) are pure functions of fixed seeds, so the demo is the same
on every machine and every run. This app sits above all others and no app imports it.
"""
