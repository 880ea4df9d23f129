"""Settings come from the environment: the embedded default and the PostgreSQL/Redis set-up."""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PROBE = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "engine": s.DATABASES["default"]["ENGINE"],
    "name": str(s.DATABASES["default"]["NAME"]),
    "broker": s.CELERY_BROKER_URL,
    "transport": s.CELERY_BROKER_TRANSPORT_OPTIONS,
    "apps": s.INSTALLED_APPS,
    "debug": s.DEBUG,
    "tz": s.TIME_ZONE,
    "hard_limit": s.CELERY_TASK_TIME_LIMIT,
    "email": s.EMAIL_BACKEND,
    "ssl_redirect": s.SECURE_SSL_REDIRECT,
}))
"""
SERVICE_VARIABLES = (
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "DJANGO_SECURE_HTTPS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES}
    clean.update(DJANGO_SETTINGS_MODULE="config.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_settings_embedded_default_uses_sqlite_filesystem_broker_and_console_mail(tmp_path):
    result = run_python(PROBE, DJANGO_DEBUG="true", GA_VAR_DIR=str(tmp_path))

    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["engine"] == "django.db.backends.sqlite3"
    assert found["name"] == str(tmp_path / "gaplanner.sqlite3")
    assert found["broker"] == "filesystem://"
    assert found["transport"]["data_folder_in"] == str(tmp_path / "celery" / "queue")
    assert (tmp_path / "celery" / "queue").is_dir()
    assert (tmp_path / "celery" / "processed").is_dir()
    assert found["transport"]["control_folder"] == str(tmp_path / "celery" / "control")
    assert found["email"] == "django.core.mail.backends.console.EmailBackend"
    assert found["tz"] == "UTC"
    assert "django.contrib.postgres" not in found["apps"]


def test_settings_with_postgres_and_redis_urls(tmp_path):
    result = run_python(
        PROBE,
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="a" * 60,
        GA_VAR_DIR=str(tmp_path),
        DATABASE_URL="postgres://ga:pw@db.example:5432/gaplanner",
        CELERY_BROKER_URL="redis://cache.example:6379/0",
    )

    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["engine"] == "django.db.backends.postgresql"
    assert found["name"] == "gaplanner"
    assert found["broker"] == "redis://cache.example:6379/0"
    assert found["transport"]["visibility_timeout"] > found["hard_limit"]
    assert "django.contrib.postgres" in found["apps"]
    assert found["debug"] is False
    assert found["ssl_redirect"] is True


def test_settings_refuse_to_start_without_secret_key_when_debug_off(tmp_path):
    result = run_python(PROBE, DJANGO_DEBUG="false", DJANGO_SECRET_KEY="", GA_VAR_DIR=str(tmp_path))

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off" in result.stderr


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES}
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_SECURE_HTTPS="true",
        DJANGO_SECRET_KEY="kq3-Vb8!zR1pW6yN0tH4mJ9xC2sL7dF5gA-eU8oI3rT6yP1wQ-m4Kc7Lz",
        DJANGO_ALLOWED_HOSTS="ga.example.org",
        GA_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_make_run_points_e_mail_links_at_its_own_port():
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    result = subprocess.run(
        ["make", "--no-print-directory", "--eval", "site-url: ; @echo $(SITE_URL)", "site-url"],
        cwd=BASE_DIR,
        env={**env, "PORT": "8123"},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert result.stdout.strip() == "http://127.0.0.1:8123"


STORAGE_PROBE = """
import json, django
django.setup()
from django.conf import settings as s
from django.core.files.storage import storages
default_storage = storages["default"]
print(json.dumps({
    "backend": s.STORAGES["default"]["BACKEND"],
    "options": s.STORAGES["default"].get("OPTIONS", {}),
    "class": type(default_storage).__name__,
    "bucket": getattr(default_storage, "bucket_name", None),
}))
"""


def test_media_storage_is_the_local_folder_by_default(tmp_path):
    result = run_python(STORAGE_PROBE, DJANGO_DEBUG="true", GA_VAR_DIR=str(tmp_path))

    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["backend"] == "django.core.files.storage.FileSystemStorage"
    assert found["class"] == "FileSystemStorage"


def test_media_storage_s3_from_the_environment(tmp_path):
    result = run_python(
        STORAGE_PROBE,
        DJANGO_DEBUG="true",
        GA_VAR_DIR=str(tmp_path),
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="ga-media",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        AWS_ACCESS_KEY_ID="test-key",
        AWS_SECRET_ACCESS_KEY="test-secret",
    )

    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["backend"] == "storages.backends.s3.S3Storage"
    assert found["class"] == "S3Storage"
    assert found["bucket"] == "ga-media"
    assert found["options"]["endpoint_url"] == "http://127.0.0.1:9000"
    assert found["options"]["default_acl"] == "private"
    assert found["options"]["querystring_auth"] is True


def test_an_unknown_media_storage_stops_start_up(tmp_path):
    result = run_python(
        STORAGE_PROBE, DJANGO_DEBUG="true", GA_VAR_DIR=str(tmp_path), MEDIA_STORAGE="ftp"
    )

    assert result.returncode != 0
    assert "MEDIA_STORAGE must be 'local' or 's3'" in result.stderr
