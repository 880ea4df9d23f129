"""Credentials letters and photos: random storage names, served only to who may see them."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.delegations.services import create_delegate, upload_credentials
from tests.delegations.factories import JPEG_BYTES, PDF_BYTES, pdf_upload


@pytest.fixture
def letter(delegation, focal_point):
    return upload_credentials(
        delegation=delegation,
        by=focal_point,
        letter=pdf_upload(name="Lettre du ministre \u2013 secret.PDF"),
        issued_by="Minister",
    )


@pytest.fixture
def photo_delegate(delegation, focal_point):
    return create_delegate(
        delegation=delegation,
        by=focal_point,
        family_name="Dupont",
        given_names="Jean",
        photo=SimpleUploadedFile("jean dupont.jpg", JPEG_BYTES, content_type="image/jpeg"),
    )


def test_stored_names_are_random_and_keep_only_the_extension(letter, photo_delegate):
    assert re.fullmatch(r"credentials/[0-9a-f]{32}\.pdf", letter.letter.name)
    assert re.fullmatch(r"delegates/photos/[0-9a-f]{32}\.jpg", photo_delegate.photo.name)


def test_focal_point_opens_own_letter_inline(client, focal_point, letter):
    client.force_login(focal_point)

    response = client.get(reverse("delegations:credentials_letter", args=[letter.pk]))

    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="credentials-FR.pdf"'


def test_other_delegation_gets_404_for_letter_and_photo(
    client, other_focal_point, letter, photo_delegate
):
    client.force_login(other_focal_point)

    letter_response = client.get(reverse("delegations:credentials_letter", args=[letter.pk]))
    photo_response = client.get(reverse("delegations:delegate_photo", args=[photo_delegate.pk]))

    assert letter_response.status_code == 404
    assert photo_response.status_code == 404


@pytest.mark.parametrize("who", ["organiser", "committee_member", "read_only_organiser"])
def test_organisers_with_view_permission_open_letter_and_photo(
    client, request, who, letter, photo_delegate
):
    client.force_login(request.getfixturevalue(who))

    letter_response = client.get(reverse("delegations:credentials_letter", args=[letter.pk]))
    photo_response = client.get(reverse("delegations:delegate_photo", args=[photo_delegate.pk]))

    assert b"".join(letter_response.streaming_content) == PDF_BYTES
    assert b"".join(photo_response.streaming_content) == JPEG_BYTES
    assert photo_response["Content-Type"] == "image/jpeg"


def test_staff_without_permission_gets_404(client, letter, photo_delegate):
    from tests.factories import UserFactory

    client.force_login(UserFactory(email="staff@example.org", is_staff=True))

    assert (
        client.get(reverse("delegations:credentials_letter", args=[letter.pk])).status_code == 404
    )
    assert (
        client.get(reverse("delegations:delegate_photo", args=[photo_delegate.pk])).status_code
        == 404
    )


def test_anonymous_is_sent_to_login(client, letter):
    response = client.get(reverse("delegations:credentials_letter", args=[letter.pk]))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_portal_pages_link_to_protected_views(client, focal_point, letter, photo_delegate):
    client.force_login(focal_point)

    credentials_page = client.get(reverse("delegations:credentials")).content.decode()
    edit_page = client.get(
        reverse("delegations:delegate_edit", args=[photo_delegate.pk])
    ).content.decode()

    assert reverse("delegations:credentials_letter", args=[letter.pk]) in credentials_page
    assert reverse("delegations:delegate_photo", args=[photo_delegate.pk]) in edit_page
    assert "/media/" not in credentials_page + edit_page


def test_admin_links_to_protected_views(client, organiser, letter, photo_delegate):
    client.force_login(organiser)

    credentials_page = client.get(
        reverse("admin:delegations_credentials_change", args=[letter.pk])
    ).content.decode()
    delegate_page = client.get(
        reverse("admin:delegations_delegate_change", args=[photo_delegate.pk])
    ).content.decode()

    assert reverse("delegations:credentials_letter", args=[letter.pk]) in credentials_page
    assert reverse("delegations:delegate_photo", args=[photo_delegate.pk]) in delegate_page
    assert "/media/" not in credentials_page + delegate_page


@pytest.fixture
def urlconf_in_debug(settings):
    """Loads the URL configuration again with DEBUG as given, as `make run` would."""
    import importlib

    from django.urls import clear_url_caches

    import config.urls

    def load(debug: bool):
        settings.DEBUG = debug
        importlib.reload(config.urls)
        clear_url_caches()

    yield load
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


@pytest.mark.parametrize("debug", [True, False])
def test_media_url_serves_no_uploaded_file(
    client, settings, urlconf_in_debug, focal_point, letter, debug
):
    """Defect 7: /media/… answered anyone while debugging; the scoped view is the only way."""
    urlconf_in_debug(debug)
    client.force_login(focal_point)

    direct = client.get("/" + settings.MEDIA_URL.lstrip("/") + letter.letter.name)
    scoped = client.get(reverse("delegations:credentials_letter", args=[letter.pk]))

    assert (settings.MEDIA_ROOT / letter.letter.name).read_bytes() == PDF_BYTES
    assert direct.status_code == 404
    assert PDF_BYTES not in direct.content
    assert scoped.status_code == 200


@pytest.mark.parametrize("debug", [True, False])
def test_no_url_pattern_serves_the_media_root(settings, urlconf_in_debug, debug):
    from django.urls import Resolver404, resolve
    from django.views.static import serve

    urlconf_in_debug(debug)

    try:
        match = resolve("/" + settings.MEDIA_URL.lstrip("/") + "credentials/anything.pdf")
    except Resolver404:
        return
    assert match.func is not serve
