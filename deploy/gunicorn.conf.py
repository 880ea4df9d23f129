"""gunicorn for GA Planner: `gunicorn -c deploy/gunicorn.conf.py` (deploy/bin/web runs it).

Every value can be changed from the environment; the defaults suit a 2-core machine behind
the reverse proxy of deploy/nginx/ga-planner.conf.
"""

import os
import shutil
from pathlib import Path

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Processes x threads: Django is mostly waiting on PostgreSQL, so a few threads per process.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request that takes longer than this is killed (the worker restarts); PDFs and CSV exports
# are the slowest requests, well under it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On SIGTERM, requests in progress get this long to finish.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = 5
# Recycle each worker after about this many requests (jitter: not all at once), so a slow
# leak never grows for days.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))
# Heartbeat files in memory, not on a disk that may stall.
SHARED_MEMORY = "/dev/shm"  # noqa: S108 - gunicorn's liveness files, nothing secret
worker_tmp_dir = SHARED_MEMORY if os.path.isdir(SHARED_MEMORY) else None
# Only the proxy may say the request came over HTTPS (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = "-"
errorlog = "-"
# The request id (X-Request-ID from the proxy, or the one Django made) ties the access line to
# the application's log lines and to the Celery tasks the request sent.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}o)s "%(a)s"'
proc_name = "ga-planner-web"

# Prometheus: each worker writes its latency histogram to files in this folder; /metrics sums
# them. Emptied when gunicorn starts, a dead worker's files are marked as such.
PROMETHEUS_DIR = Path(
    os.environ.setdefault(
        "PROMETHEUS_MULTIPROC_DIR",
        str(Path(os.environ.get("GA_VAR_DIR", "var")).resolve() / "prometheus"),
    )
)


def on_starting(server):
    shutil.rmtree(PROMETHEUS_DIR, ignore_errors=True)
    PROMETHEUS_DIR.mkdir(parents=True, exist_ok=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
