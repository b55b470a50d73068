"""The "Contact us" page (mounted at /contact/)."""

from django.urls import path

from portico.messaging.threads import views

app_name = "contact"

urlpatterns = [path("", views.contact, name="page")]
