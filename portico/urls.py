from django.contrib import admin
from django.urls import include, path

from portico.accounts.terms import views as terms_views
from portico.api import api

urlpatterns = [
    path("", include("portico.web.urls")),
    path("accounts/", include("portico.accounts.urls")),
    path("register/", include("portico.accounts.people.registration_urls")),
    path("organization/", include("portico.accounts.people.urls")),
    path("provider-relations/directory/", include("portico.providers.directory.urls_staff")),
    path("provider-relations/applications/", include("portico.providers.joining.urls_staff")),
    path("provider-relations/", include("portico.accounts.people.staff_urls")),
    path("clinic-information/", include("portico.providers.directory.urls_clinic")),
    path("directory/", include("portico.providers.directory.urls_public")),
    path("join/", include("portico.providers.joining.urls_public")),
    path("privacy-statement/", terms_views.privacy_statement, name="privacy_statement"),
    path("eligibility/", include("portico.members.urls")),
    path("rosters/", include("portico.members.roster_urls")),
    path("member-resources/", include("portico.members.resources.urls")),
    path("privacy/", include("portico.web.privacy_urls")),
    path("codes/", include("portico.codes.urls")),
    path("prior-auth/", include("portico.codes.list_urls")),
    path("fee-schedules/", include("portico.pricing.urls")),
    path("prior-authorization/metrics/", include("portico.authorizations.metrics_urls")),
    path("authorizations/review/", include("portico.authorizations.review_urls")),
    path("authorizations/", include("portico.authorizations.urls")),
    path("claims/", include("portico.claims.urls")),
    path("remittance/", include("portico.payments.urls")),
    path("payments/", include("portico.payments.run_urls")),
    path("notifications/", include("portico.messaging.urls")),
    path("messages/", include("portico.messaging.threads.urls")),
    path("contact/", include("portico.messaging.threads.contact_urls")),
    path("updates/", include("portico.content.update_urls")),
    path("alerts/", include("portico.content.alert_urls")),
    path("documents/", include("portico.content.document_urls")),
    path("publish/", include("portico.content.publish_urls")),
    path("training/", include("portico.content.training_urls")),
    path("feedback/", include("portico.content.feedback_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
