"""Prometheus metrics for operators (`/metrics`): request latency by view, and gauges computed
at scrape time from the database (the health sections: outbox, scheduler runs), the heartbeats
and the Celery queues' lengths in Redis.

Gauges read the database when scraped, so every web process answers the same; the latency
histogram lives in each process and, under gunicorn, in PROMETHEUS_MULTIPROC_DIR (set by
deploy/gunicorn.conf.py), which the scrape sums over all workers.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.utils import timezone
from prometheus_client import CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import REGISTRY, Collector

from apps.core.health import check_heartbeats, sections
from apps.core.models import Heartbeat

logger = logging.getLogger(__name__)
if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):  # a process outside gunicorn may find it missing
    os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)

REQUEST_LATENCY = Histogram(
    "ga_http_request_duration_seconds",
    "Time from the request's arrival in Django to its response, by view.",
    ["view", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)


def observe_request(*, view: str, method: str, status: int, seconds: float) -> None:
    REQUEST_LATENCY.labels(view=view, method=method, status=f"{status // 100}xx").observe(seconds)


class ScrapeTimeCollector(Collector):
    """Figures read when Prometheus scrapes: one gauge per numeric health figure."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        up = GaugeMetricFamily(
            "ga_scrape_ok",
            "1 when this part could be read (queues: 0 also when the broker is not Redis).",
            labels=["part"],
        )
        for name, section in sections().items():
            try:
                figures = section.figures()
            except Exception:  # the database is away: the other parts still answer
                logger.warning("metrics: section %s failed", name, exc_info=True)
                up.add_metric([name], 0.0)
                continue
            up.add_metric([name], 1.0)
            for figure, value in figures.items():
                if isinstance(value, bool) or not isinstance(value, int | float):
                    continue
                yield _gauge(f"ga_{name}_{figure}", f"{name}: {figure.replace('_', ' ')}", value)
        try:
            yield from self._heartbeats()
            up.add_metric(["heartbeats"], 1.0)
        except Exception:
            logger.warning("metrics: heartbeats failed", exc_info=True)
            up.add_metric(["heartbeats"], 0.0)
        lengths = queue_lengths()
        up.add_metric(["queues"], 0.0 if lengths is None else 1.0)
        if lengths is not None:
            queues = GaugeMetricFamily(
                "ga_celery_queue_length", "Tasks waiting in each Celery queue.", labels=["queue"]
            )
            for queue, length in lengths.items():
                queues.add_metric([queue], length)
            yield queues
        yield up

    def _heartbeats(self) -> Iterator[GaugeMetricFamily]:
        ages = GaugeMetricFamily(
            "ga_heartbeat_age_seconds",
            "Seconds since each component last proved it runs.",
            labels=["component"],
        )
        now = timezone.now()
        for component, seen_at in Heartbeat.objects.values_list("component", "seen_at"):
            ages.add_metric([component], (now - seen_at).total_seconds())
        yield ages
        ok = GaugeMetricFamily(
            "ga_heartbeat_ok",
            "1 when the component's heartbeat is recent enough.",
            labels=["component"],
        )
        for component, result in check_heartbeats(now=now).items():
            ok.add_metric([component], 1.0 if result == "ok" else 0.0)
        yield ok


def _gauge(name: str, documentation: str, value: Any) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=float(value))


def queue_names() -> list[str]:
    names = {getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")}
    for route in (getattr(settings, "CELERY_TASK_ROUTES", None) or {}).values():
        if isinstance(route, dict) and route.get("queue"):
            names.add(route["queue"])
    return sorted(names)


def queue_lengths() -> dict[str, int] | None:
    """LLEN of each queue's Redis lists (kombu keeps one list per priority step); None when the
    broker is not Redis."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return None
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        lengths = {}
        for queue in queue_names():
            keys = [queue, *(f"{queue}\x06\x16{step}" for step in range(1, 10))]
            with client.pipeline(transaction=False) as pipe:
                for key in keys:
                    pipe.llen(key)
                lengths[queue] = sum(pipe.execute())
        return lengths
    except redis.RedisError:
        return None
    finally:
        client.close()


def render() -> tuple[bytes, str]:
    """The exposition text of every metric and its content type."""
    from prometheus_client import CONTENT_TYPE_LATEST

    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
        body = generate_latest(registry)
    else:
        body = generate_latest(REGISTRY)
    scrape = CollectorRegistry()
    scrape.register(ScrapeTimeCollector())
    return body + generate_latest(scrape), CONTENT_TYPE_LATEST


class RequestLatencyMiddleware:
    """Observes each response's latency under its view's name (bounded: route names, not
    paths); requests that match no route count as `<unmatched>`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match else "<unmatched>"
        observe_request(
            view=view,
            method=request.method if request.method in KNOWN_METHODS else "OTHER",
            status=response.status_code,
            seconds=time.perf_counter() - started,
        )
        return response


KNOWN_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
