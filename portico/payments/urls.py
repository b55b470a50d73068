"""Remittance pages for providers (mounted at /remittance/)."""

from django.urls import path

from portico.payments import views

app_name = "remittance"

urlpatterns = [
    path("", views.remittance_list, name="list"),
    path("<int:payment_id>/", views.remittance_detail, name="detail"),
    path("<int:payment_id>/print/", views.remittance_print, name="print"),
    path("<int:payment_id>/pdf/", views.remittance_pdf, name="pdf"),
]
