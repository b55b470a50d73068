"""Alert banners (mounted at /alerts/)."""

from django.urls import path

from portico.content import alert_views as views

app_name = "alerts"

urlpatterns = [path("<int:alert_id>/dismiss/", views.dismiss, name="dismiss")]
