"""What the portal's inbox shows of a notification: its headline, its body and what it is about.

The body is the e-mail's own text in the reader's language, without the greeting, the signature
and the links (the inbox shows one link, to the page of the thing the message is about). That
link is, in order: a local `url` in the context, the first link of the text to a page other than
the inbox, or the portal page of the notification's subject, named here by URL name (reversing a
name imports nothing of the app that owns it, so notifications still depends only on core).

Headline and body are rendered when read, in the reader's language. What the context stored as
text when the message was written (a ceremony's title, a part's name) is in the sender's
language; an app re-reads those facts in the reader's language through `register_read_context`
(for its own kinds), so the message reads in one language.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.notifications import conf
from apps.notifications.models import Notification
from apps.notifications.rendering import build_context, render_headline, render_text

# app_label.model of a subject -> its portal page (None: no page of its own).
SUBJECT_PAGES: dict[str, Callable[[str], str]] = {
    "meetings.meetingrequest": lambda pk: reverse("meetings:request_detail", args=[pk]),
    "meetings.meeting": lambda pk: reverse("meetings:schedule"),
    "delegations.delegate": lambda pk: reverse("delegations:delegate_detail", args=[pk]),
    "delegations.delegation": lambda pk: reverse("delegations:dashboard"),
    "delegations.credentials": lambda pk: reverse("delegations:credentials"),
    "agenda.session": lambda pk: reverse("agenda:programme"),
    "ceremonies.role": lambda pk: reverse("ceremonies:role", args=[pk]),
    "ceremonies.rehearsal": lambda pk: reverse("ceremonies:list"),
    "elections.round": lambda pk: reverse("elections:list"),
}

_INBOX_PREFIX = "/notifications/"

ReadContextProvider = Callable[[Notification], dict[str, Any]]
_read_context: dict[str, ReadContextProvider] = {}


def register_read_context(kind: str, provider: ReadContextProvider) -> None:
    """Context of a `kind` message re-read when it is shown (in the active language), in place
    of the stored text of the same keys; the stored context itself is never changed."""
    _read_context[kind] = provider


def as_read(notification: Notification) -> Notification:
    """`notification` with its context as the reader reads it (a copy when anything changed)."""
    provider = _read_context.get(notification.kind)
    fresh = provider(notification) if provider is not None else {}
    if not fresh:
        return notification
    shown = copy.copy(notification)
    shown.context = {**notification.context, **fresh}
    return shown


@dataclass(frozen=True)
class InboxEntry:
    notification: Notification
    headline: str
    body: str
    link: str


def local_link(url) -> str:
    """Only a path on this site becomes a link (never javascript: or another host)."""
    if isinstance(url, str) and url.startswith("/") and not url.startswith("//"):
        return url
    return ""


def _site_links() -> re.Pattern[str]:
    return re.compile(re.escape(settings.SITE_URL.rstrip("/")) + r"(/[^\s<>\"']*)")


def _subject_page(notification: Notification) -> str:
    if not notification.content_type_id or not notification.object_id:
        return ""
    content_type = ContentType.objects.get_for_id(notification.content_type_id)  # cached
    page = SUBJECT_PAGES.get(f"{content_type.app_label}.{content_type.model}")
    if page is None:
        return ""
    try:
        return page(notification.object_id)
    except NoReverseMatch:
        return ""


def _greetings(notification: Notification) -> set[str]:
    recipient = notification.recipient
    found = {_("Hello,")}
    if recipient is not None:
        name = recipient.full_name or recipient.email
        found.add(_("Dear %(name)s,") % {"name": name})
    return found


def _body_and_links(notification: Notification, *, assembly) -> tuple[str, list[str]]:
    """The e-mail's text (the reader's language, the assembly's zone) without its frame."""
    if notification.kind == conf.DAILY_DIGEST:
        return "", []  # the digest is a page of its own: the headline and the programme say it
    tz = assembly.tz if assembly else timezone.get_default_timezone()
    with timezone.override(tz):
        context = build_context(notification, assembly=assembly, with_render_context=False)
        text = render_text(
            [f"emails/{notification.kind}.txt", "emails/notifications.generic.txt"], context
        )
    text = text.split("\n-- \n", 1)[0]
    pattern = _site_links()
    greetings = _greetings(notification)
    links: list[str] = []
    kept: list[str] = []
    for line in text.splitlines():
        found = pattern.findall(line)
        if found:
            links.extend(found)
            line = pattern.sub("", line).strip()
            if not line or line.endswith(":"):
                continue
        if not kept and line.strip() in greetings:
            continue
        kept.append(line.rstrip())
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return body, links


def inbox_entry(notification: Notification, *, assembly) -> InboxEntry:
    """The inbox's view of one notification (its subject prefetched by the caller)."""
    shown = as_read(notification)
    body, links = _body_and_links(shown, assembly=assembly)
    link = local_link(notification.context.get("url"))
    if not link:
        link = next((path for path in links if not path.startswith(_INBOX_PREFIX)), "")
    if not link:
        link = _subject_page(notification)
    return InboxEntry(
        notification=notification,
        headline=render_headline(shown, assembly=assembly),
        body=body,
        link=link,
    )
