"""The signed-in user's inbox and notification preferences; nobody sees anyone else's."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from apps.core.access import get_in_scope_or_404
from apps.core.api.base import ApiView, ListApiView
from apps.core.selectors import current_assembly
from apps.notifications import selectors, services
from apps.notifications.api.filters import NotificationFilter
from apps.notifications.api.serializers import (
    NotificationOutputSerializer,
    PreferencesSerializer,
    UnreadCountOutputSerializer,
)
from apps.notifications.models import Notification
from apps.notifications.rendering import render_headline


class NotificationListApi(ListApiView):
    serializer_class = NotificationOutputSerializer
    queryset = Notification.objects.none()  # for the schema; get_queryset scopes to the user
    filterset_class = NotificationFilter

    def get_queryset(self):
        return (
            selectors.inbox_for(self.request.user)
            .select_related("recipient", "content_type")
            .prefetch_related("subject")
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        assembly = current_assembly()
        for notification in page or []:
            notification.headline = render_headline(notification, assembly=assembly)
        return page

    @extend_schema(summary="My in-portal notifications, newest first")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class NotificationMarkReadApi(ApiView):
    @extend_schema(
        summary="Mark one of my notifications as read",
        request=None,
        responses=UnreadCountOutputSerializer,
    )
    def post(self, request, pk: int):
        notification = get_in_scope_or_404(selectors.inbox_for(request.user), request.user, pk=pk)
        services.mark_read(notification=notification, user=request.user)
        return Response({"unread": selectors.unread_count_for(request.user)})


class NotificationMarkAllReadApi(ApiView):
    @extend_schema(
        summary="Mark all my notifications as read",
        request=None,
        responses=UnreadCountOutputSerializer,
    )
    def post(self, request):
        services.mark_all_read(user=request.user)
        return Response({"unread": 0})


class NotificationUnreadCountApi(ApiView):
    @extend_schema(
        summary="How many of my notifications are unread", responses=UnreadCountOutputSerializer
    )
    def get(self, request):
        return Response({"unread": selectors.unread_count_for(request.user)})


class NotificationPreferencesApi(ApiView):
    @extend_schema(summary="My notification preferences", responses=PreferencesSerializer)
    def get(self, request):
        return Response(selectors.preferences_for(request.user))

    @extend_schema(
        summary="Turn optional kinds on or off",
        request=PreferencesSerializer,
        responses=PreferencesSerializer,
    )
    def patch(self, request):
        serializer = PreferencesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.set_preferences(user=request.user, enabled=serializer.validated_data)
        return Response(selectors.preferences_for(request.user))
