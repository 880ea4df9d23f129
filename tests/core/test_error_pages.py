"""Errors with debug off: branded pages in the reader's language, never Django's debug pages
(which list the site's addresses)."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from apps.core.error_views import server_error

pytestmark = pytest.mark.django_db


def test_404_is_branded_and_lists_no_addresses(client, assembly):
    response = client.get("/no-such-page/")

    body = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in body
    assert 'class="brand"' in body
    assert "core/favicon" in body
    assert "URLconf" not in body
    assert "api/v1/" not in body


@pytest.mark.parametrize(
    ("language", "title"),
    [("fr", "Page introuvable"), ("es", "Página no encontrada"), ("ar", "الصفحة غير موجودة")],
)
def test_404_speaks_the_readers_language(client, assembly, language, title):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)

    assert f"<h1>{title}</h1>" in response.content.decode()


def test_403_is_branded(client, organiser):
    client.force_login(organiser)

    response = client.get(reverse("admin:meetings_schedulerun_run"))  # only POST runs it

    assert response.status_code == 403
    assert "<h1>Not allowed</h1>" in response.content.decode()


def test_expired_form_is_a_branded_page_in_the_readers_language(assembly):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        reverse("accounts:login"),
        {"username": "a@example.org", "password": "x"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    body = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Ce formulaire a expiré</h1>" in body
    assert "CSRF" not in body


def test_500_renders_without_a_request_context(db):
    request = RequestFactory().get("/")

    with translation.override("es"):
        response = server_error(request)

    body = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Algo ha fallado</h1>" in body
    assert 'dir="ltr"' in body
