"""Single sign-on addresses, under /accounts/sso/ in the accounts namespace (``accounts:sso_*``)."""

from django.urls import path

from portico.accounts.sso import views

urlpatterns = [
    path("", views.account, name="sso_account"),
    path("metadata/", views.metadata, name="sso_metadata"),
    path("login/", views.sign_in, name="sso_login"),
    path("link/", views.link, name="sso_link"),
    path("acs/", views.acs, name="sso_acs"),
    path("logout/", views.sign_out, name="sso_logout"),
    path("sls/", views.single_logout_service, name="sso_sls"),
    path("organization/", views.organization, name="sso_organization"),
]
