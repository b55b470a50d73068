from django.urls import include, path

from portico.accounts import mfa_views, password_views, sessions, views
from portico.accounts.people import views_public
from portico.accounts.terms import views as terms_views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    # Two-step verification (the "mfa" sign-in gate step: everything under /accounts/mfa/ is open to it).
    path("mfa/", mfa_views.verify, name="mfa"),
    path("mfa/setup/", mfa_views.setup, name="mfa_setup"),
    path("mfa/recovery-codes/", mfa_views.recovery_codes, name="mfa_recovery_codes"),
    path("mfa/recovery-codes.txt", mfa_views.recovery_codes_download, name="mfa_recovery_codes_download"),
    path("mfa/recovery-codes/new/", mfa_views.recovery_codes_regenerate, name="mfa_recovery_codes_regenerate"),
    # Forgotten password (public) and password change (signed in).
    path("password/reset/", password_views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", password_views.PasswordResetSentView.as_view(), name="password_reset_sent"),
    path(
        "password/reset/<uidb64>/<token>/",
        password_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password/reset/done/", password_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("password/change/", password_views.PasswordChangeView.as_view(), name="password_change"),
    path("organization/", views.switch_organization, name="switch_organization"),
    path("profile/", views.profile, name="profile"),
    path("invitation/<str:token>/", views_public.invitation_accept, name="invitation"),
    # Single sign-on through the hub (SAML): metadata, sign-in, assertion consumer, single logout, settings.
    path("sso/", include("portico.accounts.sso.urls")),
    path("terms/", terms_views.terms_step, name="terms"),
    path("session/", sessions.session_status, name="session_status"),
    path("session/keep-alive/", sessions.session_keep_alive, name="session_keep_alive"),
]
