"""The back office for training: modules with their sections and quiz, requirements, completions (read-only
certificate numbers), and website feedback."""

from __future__ import annotations

from django.contrib import admin

from portico.content.feedback import WebsiteFeedback
from portico.content.training import (
    QuizChoice,
    QuizQuestion,
    TrainingCompletion,
    TrainingModule,
    TrainingRequirement,
    TrainingSection,
)


class SectionInline(admin.StackedInline[TrainingSection, TrainingModule]):
    model = TrainingSection
    extra = 0


class RequirementInline(admin.TabularInline[TrainingRequirement, TrainingModule]):
    model = TrainingRequirement
    extra = 0


@admin.register(TrainingModule)
class TrainingModuleAdmin(admin.ModelAdmin[TrainingModule]):
    list_display = ("title", "topic", "completion_check", "pass_percent", "is_published", "position")
    list_filter = ("topic", "is_published")
    inlines = (SectionInline, RequirementInline)


class ChoiceInline(admin.TabularInline[QuizChoice, QuizQuestion]):
    model = QuizChoice
    extra = 0


@admin.register(QuizQuestion)
class QuizQuestionAdmin(admin.ModelAdmin[QuizQuestion]):
    list_display = ("text", "module", "position")
    list_filter = ("module",)
    inlines = (ChoiceInline,)


@admin.register(TrainingCompletion)
class TrainingCompletionAdmin(admin.ModelAdmin[TrainingCompletion]):
    list_display = ("certificate_number", "module", "user", "practitioner", "completed_on", "method")
    list_filter = ("module", "method")
    search_fields = ("certificate_number", "user__username", "practitioner__npi", "practitioner__last_name")
    readonly_fields = ("certificate_number", "recorded_at")
    raw_id_fields = ("user", "practitioner", "organization", "recorded_by")


@admin.register(WebsiteFeedback)
class WebsiteFeedbackAdmin(admin.ModelAdmin[WebsiteFeedback]):
    list_display = ("created_at", "page", "rating", "handled_at")
    list_filter = ("rating",)
    search_fields = ("page", "comment")
    raw_id_fields = ("user", "handled_by")
