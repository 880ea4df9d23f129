"""Log-in, log-out, password reset (Django's views, our templates), invitations, language."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from apps.accounts.invitations import accept_invitation, find_invitation, reissue_invitation
from apps.accounts.services import set_preferred_language
from apps.core.errors import ApplicationError


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/emails/password_reset.txt"
    html_email_template_name = "accounts/emails/password_reset.html"
    subject_template_name = "accounts/emails/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@require_POST
def set_language(request):
    """Switches the language; a signed-in user's choice is kept on their account."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        set_preferred_language(user=request.user, language=language)
    translation.activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


class InvitationAcceptForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"))
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


@never_cache
@sensitive_post_parameters("password1", "password2")
def invitation_accept(request, token: str):
    """The link in an invitation: set a password and land in the portal; or say what is wrong."""
    invitation = find_invitation(token)
    problem = None
    if invitation is None:
        problem = "invalid"
    elif invitation.is_used:
        problem = "used"
    elif invitation.is_expired:
        problem = "expired"
    if problem or invitation is None:
        return render(
            request,
            "accounts/invitation_problem.html",
            {"problem": problem, "token": token, "can_reissue": invitation is not None},
            status=404 if problem == "invalid" else 410,
        )
    form = InvitationAcceptForm(request.POST or None, initial={"email": ""})
    if request.method == "POST" and form.is_valid():
        try:
            user = accept_invitation(
                token=token,
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as exc:
            form.add_error("password1", exc)
        except ApplicationError as exc:
            form.add_error("email" if "email" in exc.extra else None, exc.message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your password is set."))
            next_url = invitation.next_url
            if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
                next_url = reverse("core:home")
            return HttpResponseRedirect(next_url or reverse("core:home"))
    return render(
        request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation}
    )


@require_POST
def invitation_reissue(request, token: str):
    """Sends a fresh link to the address the old one was bound to (and only there)."""
    reissue_invitation(token=token, base_url=request.build_absolute_uri("/"))
    return render(request, "accounts/invitation_reissued.html")
