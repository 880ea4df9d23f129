"""Turning an outbox row into an e-mail: templates per kind, the recipient's language, local time.

Templates: emails/<kind>.subject.txt, emails/<kind>.txt and optionally emails/<kind>.html; a kind
without templates falls back to emails/notifications.generic.* (subject and context["message"]);
a kind without an HTML template gets its plain text, escaped, inside the HTML layout
emails/base.html (only links to this site become links).

User text is data: HTML parts escape it, and explicit bidi controls (which could make text read
backwards) are removed from every part. Links that carry a secret are not in the outbox row:
the app that owns them registers a render-context provider that computes them at send time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, select_template
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from apps.core.editions import assembly_of
from apps.core.models import OFFICIAL_LANGUAGES
from apps.core.selectors import current_assembly
from apps.notifications import conf
from apps.notifications.models import Notification

# Explicit embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069).
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

RenderContextProvider = Callable[[Notification], dict[str, Any]]
_render_context: dict[str, RenderContextProvider] = {}


def register_render_context(kind: str, provider: RenderContextProvider) -> None:
    """Context computed when a `kind` e-mail is rendered (a link with a token), never stored."""
    _render_context[kind] = provider


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str
    ics: bytes | None


_ASK = object()  # "look the assembly up": the caller did not load it for a whole batch


def prefetch_for_rendering(notifications: Iterable[Notification]) -> None:
    """Load the subjects of a batch, and what their e-mails read, in a few queries for all.

    A subject model may name the relations its e-mails and `.ics` read in
    `NOTIFICATION_PREFETCH`; otherwise its foreign keys are loaded.
    """
    rows = [n for n in notifications if n.content_type_id]
    if not rows:
        return
    models.prefetch_related_objects(rows, "subject")
    by_model: dict[type[models.Model], list[models.Model]] = {}
    for row in rows:
        if row.subject is not None:
            by_model.setdefault(type(row.subject), []).append(row.subject)
    for model, subjects in by_model.items():
        paths = getattr(model, "NOTIFICATION_PREFETCH", None)
        if paths is None:
            paths = [
                f.name for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey)
            ]
        models.prefetch_related_objects(subjects, *paths)


def language_of(notification: Notification) -> str:
    """The language the context asks for, else the recipient's current preference."""
    language = notification.context.get("language") or (
        notification.recipient.preferred_language
        if notification.recipient is not None
        else notification.language
    )
    return language if language in OFFICIAL_LANGUAGES else settings.LANGUAGE_CODE


def _extra_context(notification: Notification, assembly) -> dict[str, Any]:
    if notification.kind != conf.DAILY_DIGEST:
        return {}
    from apps.notifications.digest import sections

    day = notification.context.get("date")
    day = dt.date.fromisoformat(day) if day else timezone.localdate(notification.due_at)
    return {
        "day": dt.datetime.combine(day, dt.time(12), tzinfo=assembly.tz if assembly else dt.UTC),
        "sections": sections(recipient=notification.recipient, assembly=assembly, day=day),
    }


def build_context(
    notification: Notification, *, assembly, with_render_context: bool = True
) -> dict[str, Any]:
    """`with_render_context=False`: without what providers compute at send time (the inbox)."""
    context = dict(notification.context)
    context.update(
        notification=notification,
        recipient=notification.recipient,
        subject=notification.subject if notification.content_type_id else None,
        assembly=assembly,
        site_url=settings.SITE_URL.rstrip("/"),
    )
    context.update(_extra_context(notification, assembly))
    provider = _render_context.get(notification.kind) if with_render_context else None
    if provider is not None:
        context.update(provider(notification))
    return context


def render_text(names: list[str], context: dict[str, Any]) -> str:
    """Plain text is not HTML: render without escaping (no &#x27; in an apostrophe).

    Django marks what a template renders as safe; plain text must not keep that mark, or it
    would pass into an HTML part unescaped.
    """
    template = select_template(names)
    rendered = template.template.render(Context(context, autoescape=False))
    return BIDI_CONTROLS.sub("", str.__str__(rendered))


def text_as_html(text: str) -> SafeString:
    """Plain text for an HTML part: everything escaped; only links to this site are links."""
    escaped = escape(text)
    site = re.escape(escape(settings.SITE_URL.rstrip("/")))
    linked = re.sub(
        rf"{site}(?:/[^\s<>\"']*)?",
        lambda m: f'<a href="{m.group(0)}" style="color:#12365f">{m.group(0)}</a>',
        escaped,
    )
    return mark_safe(linked)  # noqa: S308 - every piece of text above was escaped


def render_email(notification: Notification, *, assembly: Any = _ASK) -> RenderedEmail:
    """`assembly`: the current one, when the caller loaded it once for a batch."""
    kind = notification.kind
    # A notice about a session, meeting or role speaks in the zone of that thing's edition.
    subject = notification.subject if notification.content_type_id else None
    own = assembly_of(subject) if subject is not None else None
    if own is not None:
        assembly = own
    elif assembly is _ASK:
        assembly = current_assembly()
    tz = assembly.tz if assembly else timezone.get_default_timezone()
    with translation.override(language_of(notification)), timezone.override(tz):
        context = build_context(notification, assembly=assembly)
        subject = render_text(
            [f"emails/{kind}.subject.txt", "emails/notifications.generic.subject.txt"], context
        )
        text = render_text([f"emails/{kind}.txt", "emails/notifications.generic.txt"], context)
        try:
            html = get_template(f"emails/{kind}.html").render(context)
        except TemplateDoesNotExist:
            html = get_template("emails/notifications.generic.html").render(
                {**context, "body_html": text_as_html(text.strip())}
            )
        html = BIDI_CONTROLS.sub("", html)
    subject_object = context["subject"]
    to_ics = getattr(subject_object, "to_ics", None)
    return RenderedEmail(
        subject=re.sub(r"\s+", " ", subject).strip(),
        text=text.strip() + "\n",
        html=html,
        ics=to_ics() if callable(to_ics) else None,
    )


def message_id(notification: Notification) -> str:
    """Stable per notification, so a resend after a crash is recognisably the same message."""
    domain = urlparse(settings.SITE_URL).hostname or "ga-planner.local"
    return f"<notification.{notification.pk}@{domain}>"


def email_message(
    notification: Notification, connection=None, *, assembly: Any = _ASK
) -> EmailMultiAlternatives:
    rendered = render_email(notification, assembly=assembly)
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.address],
        headers={
            "Message-ID": message_id(notification),
            "Auto-Submitted": "auto-generated",
            "X-GA-Notification": f"{notification.pk} {notification.kind}",
        },
        connection=connection,
    )
    message.attach_alternative(rendered.html, "text/html")
    if rendered.ics:
        message.attach("invitation.ics", rendered.ics, "text/calendar")
    return message


def render_headline(notification: Notification, *, assembly) -> str:
    """The subject line in the active language, for the inbox (subject object prefetched)."""
    context = dict(notification.context)
    context.update(
        notification=notification,
        recipient=notification.recipient,
        subject=notification.subject if notification.content_type_id else None,
        assembly=assembly,
        site_url=settings.SITE_URL.rstrip("/"),
    )
    if notification.kind == conf.DAILY_DIGEST:
        day = notification.context.get("date")
        day = dt.date.fromisoformat(day) if day else timezone.localdate(notification.due_at)
        context["day"] = dt.datetime.combine(
            day, dt.time(12), tzinfo=assembly.tz if assembly else dt.UTC
        )
    tz = assembly.tz if assembly else timezone.get_default_timezone()
    with timezone.override(tz):
        text = render_text(
            [f"emails/{notification.kind}.subject.txt", "emails/notifications.generic.subject.txt"],
            context,
        )
    return re.sub(r"\s+", " ", text).strip()
