"""Secure messaging pages (mounted at /messages/): the provider side, and the plan staff's inbox and report."""

from django.urls import path

from portico.messaging.threads import staff_views, views

app_name = "threads"

urlpatterns = [
    path("", views.thread_list, name="list"),
    path("new/", views.thread_new, name="new"),
    path("<int:thread_id>/", views.thread_detail, name="thread"),
    path("<int:thread_id>/reply/", views.thread_reply, name="reply"),
    path("<int:thread_id>/attachments/<int:attachment_id>/", views.thread_attachment, name="attachment"),
    path("inbox/", staff_views.inbox, name="inbox"),
    path("inbox/<int:thread_id>/", staff_views.thread, name="staff_thread"),
    path("inbox/<int:thread_id>/reply/", staff_views.reply, name="staff_reply"),
    path("inbox/<int:thread_id>/assign/", staff_views.assign, name="staff_assign"),
    path("inbox/<int:thread_id>/status/", staff_views.status, name="staff_status"),
    path("inbox/<int:thread_id>/attachments/<int:attachment_id>/", staff_views.attachment, name="staff_attachment"),
    path("report/", staff_views.report, name="report"),
]
