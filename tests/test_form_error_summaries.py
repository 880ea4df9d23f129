"""Every form a person fills in shows, above it, a summary of its errors linking to each field
(templates/includes/_error_summary.html); the errors also sit beside their fields.

A static check over every template: a `<form method="post">` that renders a Django form's fields
(`{{ form... }}`, `{% for field in form %}`, `code_form.code`...) must include the summary for
that form, `{% include "includes/_error_summary.html" with form=<that form> %}`. A new form
without it fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[1]
SUMMARY = "includes/_error_summary.html"
POST_FORM = re.compile(r"<form\b[^>]*\bmethod=\"post\"[^>]*>(.*?)</form>", re.S | re.I)
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
FORM_VARIABLE = re.compile(r"\b((?:\w+_)?form)\b(?!\s*=)")
INCLUDED = re.compile(r"\{%\s*include\s+\"" + re.escape(SUMMARY) + r"\"\s+with\s+form=(\w+)")

# Forms bound to a Django form that have no summary, each with why. Keys: (template, variable).
ALLOWED = {
    # One select and one optional box per delegate row, in a table: a refused visa-letter
    # request is said in the page's messages (logistics.views.visa_request), not beside a field.
    ("apps/logistics/templates/logistics/travel.html", "visa_form"): "row action, messages",
}


def _templates() -> list[Path]:
    return sorted(
        [*ROOT.glob("templates/**/*.html"), *ROOT.glob("apps/*/templates/**/*.html")],
        key=str,
    )


def forms_missing_a_summary(path: Path, text: str) -> list[str]:
    """The form variables rendered inside a POST form of `text` whose summary is missing."""
    included = set(INCLUDED.findall(text))
    used = {
        variable
        for block in POST_FORM.findall(text)
        for tag in TAG.findall(block)
        for variable in FORM_VARIABLE.findall(QUOTED.sub("", tag))
    }
    missing = used - included
    name = str(path.relative_to(ROOT)) if path.is_absolute() else str(path)
    return sorted({v for v in missing if (name, v) not in ALLOWED})


def test_every_post_form_shows_an_error_summary():
    missing = {}
    for path in _templates():
        found = forms_missing_a_summary(path, path.read_text(encoding="utf-8"))
        if found:
            missing[str(path.relative_to(ROOT))] = found
    assert missing == {}, f"forms without {SUMMARY}: {missing}"


def test_the_check_sees_a_form_without_a_summary():
    bare = '<form method="post">{% csrf_token %}{{ form.as_p }}</form>'
    two = (
        '{% include "includes/_error_summary.html" with form=code_form %}'
        '<form method="post" novalidate>{{ code_form.code }}</form>'
        '<form method="post">{% for f in token_form %}{{ f }}{% endfor %}</form>'
    )
    button = (
        '<form method="post" action="{% url \'x\' %}">{% csrf_token %}'
        '<button form="other">{% trans "Send the form" %}</button></form>'
    )

    assert forms_missing_a_summary(Path("t.html"), bare) == ["form"]
    assert forms_missing_a_summary(Path("t.html"), two) == ["token_form"]
    assert forms_missing_a_summary(Path("t.html"), button) == []
    assert forms_missing_a_summary(Path("t.html"), '<form method="get">{{ form }}</form>') == []


def test_the_allowed_forms_still_exist():
    for name, variable in ALLOWED:
        assert variable in (ROOT / name).read_text(encoding="utf-8"), (name, variable)


@pytest.mark.django_db
def test_login_with_a_missing_password_shows_the_summary_and_the_error_beside_it(client):
    page = client.post(reverse("accounts:login"), {"username": "someone@example.org"})

    body = page.content.decode()
    assert 'class="error-summary"' in body
    assert '<a href="#id_password"><bdi>Password</bdi>: This field is required.</a>' in body
    assert 'id="id_password-errors"' in body
