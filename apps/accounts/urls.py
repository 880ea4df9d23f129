from django.contrib.auth import views as auth_views
from django.urls import path

from apps.accounts.views import auth, invitations, security, two_factor

app_name = "accounts"
urlpatterns = [
    path("login/", auth.LoginView.as_view(), name="login"),
    path("login/code/", two_factor.verify, name="two_factor_verify"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", auth.set_language, name="set_language"),
    path("invitation/<str:token>/", invitations.invitation_accept, name="invitation"),
    path(
        "invitation/<str:token>/renew/",
        invitations.invitation_reissue,
        name="invitation_reissue",
    ),
    path("password-reset/", auth.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", auth.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("security/", security.security, name="security"),
    path("security/password/", auth.PasswordChangeView.as_view(), name="password_change"),
    path("security/two-factor/", two_factor.setup, name="two_factor_setup"),
    path(
        "security/two-factor/recovery-codes/",
        security.renew_recovery_codes,
        name="recovery_codes_renew",
    ),
    path("security/two-factor/off/", security.disable_two_factor, name="two_factor_disable"),
    path("security/api-keys/", security.create_api_key, name="api_key_create"),
    path("security/api-keys/<int:pk>/revoke/", security.revoke_api_key, name="api_key_revoke"),
]
