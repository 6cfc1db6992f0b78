"""Demo data: the 2018 record of 防城港市行政审批局 as its annual report counts it, plus a little of 2025/2026.

`manage.py load_demo` calls `load_demo()`; the generators (codes, items, decisions, guide) are pure
functions of fixed seeds, so the demo is the same on every machine and every run.
"""

from disclosures.demo.load import DEMO_PASSWORD, DEMO_USERNAME, DemoSummary, demo_plan, load_demo

__all__ = ["DEMO_PASSWORD", "DEMO_USERNAME", "DemoSummary", "demo_plan", "load_demo"]
