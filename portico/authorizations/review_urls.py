"""Prior-authorization review pages for plan and vendor reviewers (mounted at /authorizations/review/)."""

from django.urls import path

from portico.authorizations import metrics_views, review_views

app_name = "review"

urlpatterns = [
    path("", review_views.queue, name="queue"),
    path("dashboard/", metrics_views.dashboard, name="dashboard"),
    path("<int:request_id>/", review_views.review, name="request"),
    path("<int:request_id>/information/", review_views.info_request, name="info_request"),
    path("<int:request_id>/attachments/<int:attachment_id>/", review_views.attachment, name="attachment"),
    path("<int:request_id>/letters/<int:letter_id>/", review_views.letter, name="letter"),
    path("lines/<int:line_id>/assign/", review_views.assign, name="assign"),
    path("lines/<int:line_id>/decide/", review_views.decide, name="decide"),
    path("lines/<int:line_id>/extend/", review_views.extend, name="extend"),
]
