"""/feedback/: the website feedback form (anyone, signed in or not) and the staff's results."""

from django.urls import path

from portico.content import feedback_views

app_name = "feedback"
urlpatterns = [
    path("", feedback_views.feedback_submit, name="submit"),
    path("results/", feedback_views.feedback_results, name="results"),
    path("results/<int:feedback_id>/handle/", feedback_views.feedback_handle, name="handle"),
]
