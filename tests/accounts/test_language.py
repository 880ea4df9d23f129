from django.urls import reverse

from tests.factories import UserFactory


def test_switch_to_arabic_renders_right_to_left(client, assembly):
    response = client.post(reverse("accounts:set_language"), {"language": "ar", "next": "/"})

    page = client.get("/").content.decode()
    assert response.status_code == 302
    assert '<html lang="ar" dir="rtl">' in page
    assert 'lang="ar" selected' in page


def test_switch_language_is_remembered_on_the_account(client, assembly):
    user = UserFactory()
    client.force_login(user)

    client.post(reverse("accounts:set_language"), {"language": "fr", "next": "/"})
    client.cookies.clear()
    client.force_login(user)

    user.refresh_from_db()
    assert user.preferred_language == "fr"
    assert '<html lang="fr" dir="ltr">' in client.get("/").content.decode()


def test_switch_language_ignores_unknown_language_and_foreign_next(client, db):
    response = client.post(
        reverse("accounts:set_language"), {"language": "xx", "next": "https://evil.example/"}
    )

    assert response["Location"] == "/"
    assert "django_language" not in response.cookies


def test_pages_speak_the_chosen_language(client, assembly):
    client.post(reverse("accounts:set_language"), {"language": "fr", "next": "/"})

    page = client.get(reverse("accounts:login")).content.decode()

    assert "Mot de passe oublié" in page
    assert "Adresse électronique" in page
