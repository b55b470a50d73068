"""/training/: modules and certificates for provider people, the administrator's organization view, plan staff's
network compliance, and the public certificate check."""

from django.urls import path

from portico.content import training_views

app_name = "training"
urlpatterns = [
    path("", training_views.training_list, name="list"),
    path("modules/<slug:slug>/", training_views.training_module, name="module"),
    path("certificates/<int:completion_id>.pdf", training_views.training_certificate, name="certificate"),
    path("organization/", training_views.training_organization, name="organization"),
    path("organization/record/", training_views.training_record, name="record"),
    path("compliance/", training_views.training_compliance, name="compliance"),
    path("verify/", training_views.training_verify, name="verify"),
]
