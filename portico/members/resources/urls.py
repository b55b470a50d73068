"""Member resources pages (mounted at /member-resources/): the provider side, and the care coordinators' queue."""

from django.urls import path

from portico.members.resources import staff_views, views

app_name = "resources"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.program_choose, name="new"),
    path("new/<slug:program_key>/", views.request_new, name="form"),
    path("<int:request_id>/", views.request_detail, name="detail"),
    path("<int:request_id>/answer/", views.request_answer, name="answer"),
    path("<int:request_id>/withdraw/", views.request_withdraw, name="withdraw"),
    path("work/", staff_views.queue, name="queue"),
    path("work/<int:request_id>/", staff_views.work, name="work"),
    path("work/<int:request_id>/assign/", staff_views.assign, name="assign"),
    path("work/<int:request_id>/ask/", staff_views.ask, name="ask"),
    path("work/<int:request_id>/decide/", staff_views.decide, name="decide"),
    path("work/<int:request_id>/note/", staff_views.note, name="note"),
]
