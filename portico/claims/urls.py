"""Claim pages (mounted at /claims/): providers with the Claims role, and the claims examiner's queue."""

from django.urls import path

from portico.claims import views

app_name = "claims"

urlpatterns = [
    path("", views.claim_list_page, name="list"),
    path("new/professional/", views.new_professional, name="new_professional"),
    path("new/institutional/", views.new_institutional, name="new_institutional"),
    path("drafts/<int:claim_id>/", views.edit, name="edit"),
    path("work/", views.work_queue, name="work"),
    path("work/<int:claim_id>/", views.work_claim, name="work_claim"),
    path("<str:icn>/", views.detail, name="detail"),
    path("<str:icn>/received/", views.received, name="received"),
    path("<str:icn>/print/", views.print_view, name="print"),
    path("<str:icn>/correct/", views.correct, name="correct"),
    path("<str:icn>/void/", views.void, name="void"),
    path("<str:icn>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
]
