"""Content the plan publishes for providers: alerts, provider updates, documents, training, and feedback.

Each area lives in its own module (``alerts``, ``documents``, ``training``, ``feedback`` …) and is imported here so
Django finds the models."""

# Alerts, provider updates (with subscriptions) and the document library.
from portico.content.alerts import Alert, AlertDismissal
from portico.content.documents import Document, DocumentVersion
from portico.content.updates import ProviderUpdate, UpdateDelivery, UpdateSubscription

__all__ = [
    "Alert",
    "AlertDismissal",
    "Document",
    "DocumentVersion",
    "ProviderUpdate",
    "UpdateDelivery",
    "UpdateSubscription",
]

from portico.content.feedback import WebsiteFeedback
from portico.content.training import (
    QuizChoice,
    QuizQuestion,
    TrainingCompletion,
    TrainingModule,
    TrainingReminder,
    TrainingRequirement,
    TrainingSection,
)

__all__ += [
    "QuizChoice",
    "QuizQuestion",
    "TrainingCompletion",
    "TrainingModule",
    "TrainingReminder",
    "TrainingRequirement",
    "TrainingSection",
    "WebsiteFeedback",
]
