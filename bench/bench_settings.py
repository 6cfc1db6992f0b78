"""Settings for benchmarks: the production settings, plus a bare view at /bench/ok (bench/bench_urls.py).

Production URLs never gain the bare view: only a process started with
DJANGO_SETTINGS_MODULE=bench.bench_settings (bench/throughput.py does) serves it.
"""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bench_urls"
