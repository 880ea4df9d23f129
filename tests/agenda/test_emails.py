"""The change notice's templates render in every language with the notification's context."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from apps.agenda import services
from apps.notifications.models import Notification
from tests.agenda.factories import SessionFactory, local


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_session_changed_templates_render(assembly, hall, focal_point, language):
    session = SessionFactory(assembly=assembly, room=hall, title_en="Plenary 3")
    services.move_session(
        session=session,
        starts_at=local(2025, 11, 25, 11),
        ends_at=local(2025, 11, 25, 12),
        room=hall,
    )
    notification = Notification.objects.filter(channel="email").get()
    context = {
        "notification": notification,
        "recipient": focal_point,
        "subject": session,
        "assembly": assembly,
        **notification.context,
    }

    with translation.override(language):
        subject = render_to_string("emails/agenda.session_changed.subject.txt", context)
        text = render_to_string("emails/agenda.session_changed.txt", context)
        html = render_to_string("emails/agenda.session_changed.html", context)

    assert "Plenary 3" in subject
    with translation.override(language):
        city = assembly.display_city  # "مراكش" in Arabic
    assert f"11:00 {city} (UTC+1)" in text
    assert "Fanny Focal" in html
    assert ('dir="rtl"' in html) == (language == "ar")
