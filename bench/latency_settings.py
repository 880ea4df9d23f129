"""Settings of bench/portal_latency.py: the project's own, plus one trivial view to compare with."""

from config.settings import *  # noqa: F403 - the settings under test, unchanged

ROOT_URLCONF = "bench.latency_urls"
