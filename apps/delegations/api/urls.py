from django.urls import path

from apps.delegations.api import views

urlpatterns = [
    path("delegations/", views.DelegationListApi.as_view(), name="delegation-list"),
    path("delegations/<int:pk>/", views.DelegationDetailApi.as_view(), name="delegation-detail"),
    path(
        "delegations/<int:pk>/summary/",
        views.DelegationSummaryApi.as_view(),
        name="delegation-summary",
    ),
    path(
        "delegations/<int:pk>/submit-all/",
        views.DelegationSubmitAllApi.as_view(),
        name="delegation-submit-all",
    ),
    path(
        "delegations/<int:pk>/credentials/",
        views.CredentialsDetailApi.as_view(),
        name="credentials-detail",
    ),
    path(
        "delegations/<int:pk>/credentials/letter/",
        views.CredentialsUploadApi.as_view(),
        name="credentials-upload",
    ),
    path(
        "delegations/<int:pk>/credentials/designations/",
        views.CredentialsDesignateApi.as_view(),
        name="credentials-designate",
    ),
    path(
        "delegations/<int:pk>/credentials/decision/",
        views.CredentialsDecideApi.as_view(),
        name="credentials-decide",
    ),
    path("delegates/", views.DelegateListApi.as_view(), name="delegate-list"),
    path("delegates/create/", views.DelegateCreateApi.as_view(), name="delegate-create"),
    path("delegates/<int:pk>/", views.DelegateDetailApi.as_view(), name="delegate-detail"),
    path("delegates/<int:pk>/submit/", views.DelegateSubmitApi.as_view(), name="delegate-submit"),
    path(
        "delegates/<int:pk>/approve/", views.DelegateApproveApi.as_view(), name="delegate-approve"
    ),
    path("delegates/<int:pk>/reject/", views.DelegateRejectApi.as_view(), name="delegate-reject"),
    path(
        "delegates/<int:pk>/withdraw/",
        views.DelegateWithdrawApi.as_view(),
        name="delegate-withdraw",
    ),
    path("delegates/<int:pk>/reopen/", views.DelegateReopenApi.as_view(), name="delegate-reopen"),
    path("voting-roll/", views.VotingRollApi.as_view(), name="voting-roll"),
]
