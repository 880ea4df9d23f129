from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.accounts import api_tokens, two_factor
from apps.accounts.models import ApiToken, Invitation, User


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name", "preferred_language"]


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    list_display = [
        "email",
        "full_name",
        "preferred_language",
        "is_staff",
        "is_active",
        "last_login",
    ]
    list_filter = ["is_staff", "is_active", "groups", "preferred_language"]
    search_fields = ["email", "full_name"]
    ordering = ["email"]
    filter_horizontal = ["groups", "user_permissions"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "preferred_language"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Security"), {"fields": ["two_factor_status"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    readonly_fields = ["two_factor_status"]
    actions = ["reset_two_factor"]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "email",
                    "full_name",
                    "preferred_language",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        )
    ]

    # What only a superuser may change: who is a superuser, and which rights a user has.
    SUPERUSER_ONLY = ("is_superuser", "groups", "user_permissions")
    # What nobody changes about their own account here.
    OWN_FLAGS = ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is None or request.user.is_superuser:
            return fields
        locked = self.SUPERUSER_ONLY
        if obj.pk == request.user.pk:
            locked = (*locked, *self.OWN_FLAGS)
        return fields + [name for name in dict.fromkeys(locked) if name not in fields]

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    @admin.display(description=_("two-factor authentication"))
    def two_factor_status(self, obj: User) -> str:
        device = two_factor.confirmed_device(obj) if obj.pk else None
        if device is None:
            return str(_("not set up"))
        return str(_("on since %(date)s") % {"date": f"{device.confirmed_at:%Y-%m-%d}"})

    @admin.action(
        description=_("Reset two-factor authentication (lost phone)"), permissions=["change"]
    )
    def reset_two_factor(self, request, queryset):
        """The person sets up a new authenticator app at their next log-in."""
        count = 0
        for user in queryset:
            if user.is_superuser and not request.user.is_superuser:
                continue
            if two_factor.is_enabled(user):
                two_factor.disable(user=user, by=request.user)
                count += 1
        self.message_user(
            request,
            ngettext(
                "Two-factor authentication reset for %(count)d account.",
                "Two-factor authentication reset for %(count)d accounts.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations are sent from a delegation's page; here they are only looked up."""

    list_display = ["email", "created_at", "expires_at", "used_at", "created_by"]
    list_filter = ["used_at"]
    search_fields = ["email"]
    list_select_related = ["created_by"]
    readonly_fields = [
        "user",
        "email",
        "created_at",
        "created_by",
        "expires_at",
        "used_at",
        "next_url",
    ]
    exclude = ["nonce"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Keys are listed by name and prefix (the key itself is never stored); each person makes
    their own on their security page. Organisers may revoke any key."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "user__email"]
    list_select_related = ["user"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    exclude = ["key_hash"]
    actions = ["revoke"]
    change_list_template = "admin/accounts/apitoken/change_list.html"

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Revoke the selected keys"), permissions=["change"])
    def revoke(self, request, queryset):
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            api_tokens.revoke_api_token(token=token, by=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d key revoked.", "%(count)d keys revoked.", count) % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )
