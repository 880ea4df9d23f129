"""Every change to the venue, rooms, sessions and calendar feeds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.agenda.models import (
    ROOM_OVERLAP_CONSTRAINT,
    CalendarFeed,
    Room,
    Session,
    SessionSpeaker,
    Venue,
)
from apps.agenda.selectors import clashing_sessions
from apps.core.errors import ConflictError, is_conflict
from apps.core.models import Assembly
from apps.core.services import log_action
from apps.core.timezones import format_local
from apps.delegations.models import Delegate, Delegation

SESSION_CHANGED = "agenda.session_changed"
# Fields whose change moves or cancels a session for the people attending it.
SCHEDULE_FIELDS = ("starts_at", "ends_at", "room_id", "cancelled")


def clash_message(*, clash: Session, assembly: Assembly) -> str:
    return _("%(room)s is already taken by “%(title)s” from %(start)s to %(end)s on %(day)s.") % {
        "room": clash.room,
        "title": clash.title,
        "start": format_local(clash.starts_at, assembly.tz, assembly.city),
        "end": clash.ends_at.astimezone(assembly.tz).strftime("%H:%M"),
        "day": clash.starts_at.astimezone(assembly.tz).strftime("%Y-%m-%d"),
    }


def validate_session(session: Session) -> None:
    """Field checks, the assembly's dates (in local time) and the room: ValidationError or
    ConflictError naming the clashing session. Forms call it to show the error in place."""
    session.full_clean(exclude=["invited_delegations"])
    assembly = session.assembly
    tz = assembly.tz
    first_day = session.starts_at.astimezone(tz).date()
    last_moment = session.ends_at.astimezone(tz)
    last_day = last_moment.date()
    if last_moment.time() == dt.time(0) and last_day > first_day:
        last_day -= dt.timedelta(days=1)  # ending at midnight ends the day before
    if first_day < assembly.start_date or last_day > assembly.end_date:
        raise ValidationError(
            {
                "starts_at": _(
                    "A session of %(assembly)s must take place between %(first)s and %(last)s."
                )
                % {
                    "assembly": assembly,
                    "first": assembly.start_date.isoformat(),
                    "last": assembly.end_date.isoformat(),
                }
            }
        )
    room = session.room
    if room is not None:
        if room.venue.assembly_id != assembly.pk:
            raise ValidationError({"room": _("This room belongs to another assembly's venue.")})
        if not session.cancelled:
            clash = clashing_sessions(
                room=room,
                starts_at=session.starts_at,
                ends_at=session.ends_at,
                exclude_pk=session.pk,
            ).first()
            if clash is not None:
                raise ConflictError(
                    clash_message(clash=clash, assembly=assembly),
                    extra={"clashing_session": clash.pk},
                )


def _save_checked(session: Session, **save_kwargs: Any) -> None:
    """Save; on PostgreSQL the exclusion constraint settles a race the check could not see.

    Several sessions inserted into one room at once can also deadlock on that constraint
    (measured: 82 of 450 losing inserts of four at a time); the deadlock's loser lost
    the same race, so it gets the same ConflictError."""
    try:
        with transaction.atomic():
            session.save(**save_kwargs)
    except DatabaseError as exc:
        if session.room is None or (
            not is_conflict(exc) and ROOM_OVERLAP_CONSTRAINT not in str(exc)
        ):
            raise
        clash = clashing_sessions(
            room=session.room,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            exclude_pk=session.pk,
        ).first()
        if clash is None:  # the other transaction rolled back meanwhile
            raise ConflictError(_("This room was just booked at that time; try again.")) from exc
        raise ConflictError(
            clash_message(clash=clash, assembly=session.assembly),
            extra={"clashing_session": clash.pk},
        ) from exc


def concerned_delegations(session: Session) -> Iterable[Delegation]:
    qs = Delegation.objects.filter(assembly_id=session.assembly_id).exclude(
        status=Delegation.Status.WITHDRAWN
    )
    if session.attendance == Session.Attendance.INVITED:
        qs = qs.filter(invited_sessions=session)
    return qs


def _notify_change(session: Session, *, change: str, previous: dict[str, Any]) -> None:
    from django.contrib.auth import get_user_model

    from apps.notifications.services import cancel_pending, notify

    cancel_pending(subject=session)
    recipients = list(
        get_user_model()
        .objects.filter(delegations__in=concerned_delegations(session), is_active=True)
        .distinct()
        .order_by("pk")
    )
    if not recipients:
        return
    context = {
        "change": change,
        "previous_starts_at": previous["starts_at"].isoformat(),
        "previous_ends_at": previous["ends_at"].isoformat(),
        "previous_room": previous["room"],
        "sequence": session.sequence,
    }
    notify(kind=SESSION_CHANGED, subject=session, recipients=recipients, context=context)


@transaction.atomic
def create_session(
    *,
    assembly: Assembly,
    kind: str,
    title_en: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    room: Room | None = None,
    by: Any = None,
    invited_delegations: Iterable[Delegation] = (),
    **fields: Any,
) -> Session:
    """A new session (a draft unless `visibility` says otherwise), checked for its room."""
    session = Session(
        assembly=assembly,
        kind=kind,
        title_en=title_en,
        starts_at=starts_at,
        ends_at=ends_at,
        room=room,
        **fields,
    )
    return add_session(session=session, by=by, invited_delegations=invited_delegations)


@transaction.atomic
def add_session(
    *, session: Session, by: Any = None, invited_delegations: Iterable[Delegation] = ()
) -> Session:
    """Save a new, unsaved session (as built by create_session or the admin form)."""
    session.sequence = 0
    validate_session(session)
    _save_checked(session)
    if invited_delegations:
        session.invited_delegations.set(invited_delegations)
    log_action(session, "agenda.session.created", by=by, starts_at=session.starts_at.isoformat())
    return session


@transaction.atomic
def update_session(*, session: Session, by: Any = None, **changes: Any) -> Session:
    """Apply `changes` (or save an instance already edited, e.g. by the admin form).

    The revision (calendar SEQUENCE) goes up at each change; if a published session moves,
    changes room or is cancelled, the focal points concerned are told and pending notices
    about it are cancelled.
    """
    invited = changes.pop("invited_delegations", None)
    before = (
        Session.objects.select_for_update(of=("self",)).select_related("room").get(pk=session.pk)
    )
    for name, value in changes.items():
        setattr(session, name, value)
    validate_session(session)
    session.sequence = before.sequence + 1
    _save_checked(session)
    if invited is not None:
        session.invited_delegations.set(invited)
    moved = [name for name in SCHEDULE_FIELDS if getattr(before, name) != getattr(session, name)]
    log_action(session, "agenda.session.changed", by=by, fields=moved, sequence=session.sequence)
    was_visible = before.visibility == Session.Visibility.PUBLISHED and not before.cancelled
    if moved and was_visible and session.visibility == Session.Visibility.PUBLISHED:
        change = "cancelled" if session.cancelled else "moved"
        previous = {
            "starts_at": before.starts_at,
            "ends_at": before.ends_at,
            "room": str(before.room) if before.room_id else "",
        }
        _notify_change(session, change=change, previous=previous)
    return session


def move_session(
    *,
    session: Session,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    room: Room | None = None,
    by: Any = None,
) -> Session:
    return update_session(session=session, by=by, starts_at=starts_at, ends_at=ends_at, room=room)


def cancel_session(*, session: Session, by: Any = None) -> Session:
    """The session stays (calendars show it cancelled) and frees its room."""
    if session.cancelled:
        return session
    return update_session(session=session, by=by, cancelled=True)


@transaction.atomic
def set_sessions_visibility(*, sessions: Iterable[Session], visibility: str, by: Any = None) -> int:
    """Publish or unpublish; returns how many sessions changed."""
    changed = 0
    for session in sessions:
        if session.visibility == visibility:
            continue
        session.visibility = visibility
        session.sequence += 1
        session.full_clean(exclude=["invited_delegations"])
        session.save(update_fields=["visibility", "sequence", "updated_at"])
        verb = "published" if visibility == Session.Visibility.PUBLISHED else "unpublished"
        log_action(session, f"agenda.session.{verb}", by=by)
        if verb == "unpublished" and not session.cancelled:
            # Delegations had it in their programme and calendars: tell them it is gone.
            previous = {
                "starts_at": session.starts_at,
                "ends_at": session.ends_at,
                "room": str(session.room) if session.room_id else "",
            }
            _notify_change(session, change="withdrawn", previous=previous)
        changed += 1
    return changed


def publish_sessions(*, sessions: Iterable[Session], by: Any = None) -> int:
    return set_sessions_visibility(
        sessions=sessions, visibility=Session.Visibility.PUBLISHED, by=by
    )


def unpublish_sessions(*, sessions: Iterable[Session], by: Any = None) -> int:
    return set_sessions_visibility(sessions=sessions, visibility=Session.Visibility.DRAFT, by=by)


@transaction.atomic
def duplicate_session(
    *, session: Session, by: Any = None, shift: dt.timedelta | None = None
) -> Session:
    """A draft copy with the same content and speakers, moved by `shift` if given.

    Without a shift the copy has no room (the original holds it); with a shift it keeps the
    room when that is free.
    """
    copy = Session.objects.get(pk=session.pk)
    copy.pk = None
    copy.id = None
    copy.sequence = 0
    copy.cancelled = False
    copy.visibility = Session.Visibility.DRAFT
    if shift:
        copy.starts_at += shift
        copy.ends_at += shift
    else:
        copy.room = None
    validate_session(copy)
    _save_checked(copy, force_insert=True)
    copy.invited_delegations.set(session.invited_delegations.all())
    for speaker in session.speakers.all():
        speaker.pk = None
        speaker.session = copy
        speaker.save()
    log_action(copy, "agenda.session.duplicated", by=by, original=session.pk)
    return copy


@transaction.atomic
def feed_for(
    *, delegation: Delegation | None = None, delegate: Delegate | None = None
) -> CalendarFeed:
    """The calendar feed of a delegation or a delegate, made on first use."""
    if (delegation is None) == (delegate is None):
        raise ValueError("feed_for takes a delegation or a delegate")
    if delegation is not None:
        feed, created = CalendarFeed.objects.get_or_create(delegation=delegation)
    else:
        feed, created = CalendarFeed.objects.get_or_create(delegate=delegate)
    if created:
        log_action(feed, "agenda.feed.created")
    return feed


@transaction.atomic
def ensure_feeds(*, delegation: Delegation, by: Any = None) -> int:
    """Give the delegation and each of its delegates a feed if they have none; returns how
    many were made (in one statement, so the calendars page stays a constant few queries)."""
    missing = [
        CalendarFeed(delegate=delegate)
        for delegate in delegation.delegates.filter(calendar_feed__isnull=True)
    ]
    if not CalendarFeed.objects.filter(delegation=delegation).exists():
        missing.append(CalendarFeed(delegation=delegation))
    if missing:
        CalendarFeed.objects.bulk_create(missing, ignore_conflicts=True)
        log_action(delegation, "agenda.feeds.created", by=by, count=len(missing))
    return len(missing)


@transaction.atomic
def rotate_feed_token(*, feed: CalendarFeed, by: Any = None) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    feed.version += 1
    feed.rotated_at = timezone.now()
    feed.full_clean()
    feed.save(update_fields=["version", "rotated_at", "updated_at"])
    log_action(feed, "agenda.feed.rotated", by=by)
    return feed


@transaction.atomic
def rotate_delegation_feeds(*, delegation_ids: Iterable[int], reason: str, by: Any = None) -> int:
    """New addresses for the feeds of these delegations (theirs and their delegates'), because
    someone who could see them lost access (`reason`); returns how many feeds changed."""
    delegation_ids = sorted(set(delegation_ids))
    if not delegation_ids:
        return 0
    now = timezone.now()
    feeds = CalendarFeed.objects.filter(
        Q(delegation_id__in=delegation_ids) | Q(delegate__delegation_id__in=delegation_ids)
    )
    count = feeds.update(version=F("version") + 1, rotated_at=now, updated_at=now)
    for delegation in Delegation.objects.filter(pk__in=delegation_ids):
        log_action(delegation, "agenda.feeds.rotated", by=by, reason=reason)
    return count


@transaction.atomic
def save_room(*, room: Room, by: Any = None) -> Room:
    created = room.pk is None
    room.full_clean()
    room.save()
    log_action(room, "agenda.room.created" if created else "agenda.room.changed", by=by)
    return room


@transaction.atomic
def create_venue(*, assembly: Assembly, name: str, by: Any = None, **fields: Any) -> Venue:
    venue = Venue(assembly=assembly, name=name, **fields)
    venue.full_clean()
    venue.save()
    log_action(venue, "agenda.venue.created", by=by)
    return venue


@transaction.atomic
def add_speaker(*, session: Session, by: Any = None, **fields: Any) -> SessionSpeaker:
    """A speaker or chair: a delegate of the assembly, or a named guest."""
    speaker = SessionSpeaker(session=session, **fields)
    delegate = speaker.delegate
    if delegate is not None and delegate.delegation.assembly_id != session.assembly_id:
        raise ValidationError({"delegate": _("Choose a delegate of this assembly.")})
    speaker.full_clean()
    speaker.save()
    log_action(session, "agenda.speaker.added", by=by, role=speaker.role, order=speaker.order)
    return speaker
