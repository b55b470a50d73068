"""/provider-relations/: registrations to verify and decide; organizations that have not attested."""

from django.urls import path

from portico.accounts.people import views_staff

app_name = "provider_relations"
urlpatterns = [
    path("registrations/", views_staff.queue, name="registrations"),
    path("registrations/<int:registration_id>/", views_staff.detail, name="registration"),
    path("attestations/", views_staff.attestations_due, name="attestations"),
]
