"""What every page needs: the organization acted for, the other ones, and the navigation that works."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portico.accounts.gate import AUTH_SSO, SESSION_AUTH_METHOD, step_pending
from portico.accounts.models import ProviderRole, StaffRole
from portico.accounts.sso import config as sso_config
from portico.codes.list_access import can_check_requirements, can_manage_lists, can_read_lists
from portico.messaging.queries import unread_count


def navigation(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    if not user.is_authenticated:
        return []
    items: list[dict[str, Any]] = [{"label": _("Home"), "url": reverse("web:home"), "name": "home"}]
    membership = getattr(request, "membership", None)
    if membership is not None and membership.has_role(ProviderRole.ELIGIBILITY):
        items += [
            {
                "label": _("Eligibility & benefits"),
                "url": reverse("members:search"),
                "name": "eligibility",
                "description": _("Coverage on a date of service, PCP, other insurance and cost share."),
            },
            {
                "label": _("Batch eligibility"),
                "url": reverse("members:batch"),
                "name": "batch",
                "description": _("Check up to 1,000 members at once from a CSV file."),
            },
            {
                "label": _("PCP rosters"),
                "url": reverse("rosters:roster"),
                "name": "rosters",
                "description": _("Members assigned to your clinics and practitioners, as CSV or PDF."),
            },
            {
                "label": _("Member resources"),
                "url": reverse("resources:list"),
                "name": "member_resources",
                "description": _(
                    "Rides, interpreters, coverage help, climate devices, housing and nutrition supports."
                ),
            },
        ]
    if membership is not None and membership.has_role(ProviderRole.AUTHORIZATIONS):
        items.append(
            {
                "label": _("Authorization requests"),
                "url": reverse("authorizations:list"),
                "name": "authorizations",
                "description": _("Submit a prior-authorization request and follow each line to its decision."),
            }
        )
    if membership is not None and membership.has_role(ProviderRole.CLAIMS):
        items.append(
            {
                "label": _("Claims"),
                "url": reverse("claims:list"),
                "name": "claims",
                "description": _("Enter a claim, correct or void one, and follow each line to payment."),
            }
        )
    if membership is not None and membership.has_role(ProviderRole.PAYMENTS):
        items.append(
            {
                "label": _("Remittance advice"),
                "url": reverse("remittance:list"),
                "name": "remittance",
                "description": _("Payments from the plan: each claim, line and adjustment explained, and the PDF."),
            }
        )
    if can_check_requirements(request):
        items.append(
            {
                "label": _("Prior authorization"),
                "url": reverse("codelists:check"),
                "name": "prior_auth",
                "description": _("Does this service need an authorization, and where do you send it?"),
            }
        )
    if can_read_lists(request):
        items.append(
            {
                "label": _("Code lists"),
                "url": reverse("codelists:browse"),
                "name": "code_lists",
                "description": _("The No-Auth and specialty vendor lists in force, as CSV or PDF."),
            }
        )
    items.append(
        {
            "label": _("Codes"),
            "url": reverse("codes:search"),
            "name": "codes",
            "description": _("Search and verify ICD-10-CM, CPT, HCPCS, revenue codes and modifiers."),
        }
    )
    items.append(
        {
            "label": _("Fee schedules"),
            "url": reverse("fee_schedules:list"),
            "name": "fee_schedules",
            "description": _("Rates by code: browse them, download them, look one up."),
        }
    )
    if user.has_staff_role(StaffRole.ADMINISTRATOR):
        items.append(
            {
                "label": _("Code sets"),
                "url": reverse("codes:loads"),
                "name": "code_sets",
                "description": _("Load official code files and see every load."),
            }
        )
    if can_manage_lists(request):
        items.append(
            {
                "label": _("Manage code lists"),
                "url": reverse("codelists:manage"),
                "name": "code_lists_manage",
                "description": _("Upload a new version of a list, compare it with the current one, publish it."),
            }
        )
    if user.has_staff_role(StaffRole.UM_REVIEWER):
        items.append(
            {
                "label": _("Review queue"),
                "url": reverse("review:queue"),
                "name": "review",
                "description": _("Prior-authorization lines to decide, soonest due first."),
            }
        )
    if user.has_staff_role(StaffRole.CARE_COORDINATOR):
        items.append(
            {
                "label": _("Member resources queue"),
                "url": reverse("resources:queue"),
                "name": "member_resources_queue",
                "description": _("Providers' requests for rides, interpreters and social needs supports, to arrange."),
            }
        )
    if user.has_staff_role(StaffRole.UM_REVIEWER) or user.has_staff_role(StaffRole.ADMINISTRATOR):
        items.append(
            {
                "label": _("Prior-auth dashboard"),
                "url": reverse("review:dashboard"),
                "name": "review_dashboard",
                "description": _("Volume, turnaround against the deadlines and overdue lines, in charts."),
            }
        )
    if user.has_staff_role(StaffRole.CLAIMS_EXAMINER):
        items.append(
            {
                "label": _("Claims work queue"),
                "url": reverse("claims:work"),
                "name": "claims_work",
                "description": _("Received and pended claims, oldest first."),
            }
        )
    if user.has_staff_role(StaffRole.ADMINISTRATOR) or user.has_staff_role(StaffRole.CLAIMS_EXAMINER):
        items.append(
            {
                "label": _("Payment runs"),
                "url": reverse("payment_runs:list"),
                "name": "payment_runs",
                "description": _("Weekly payment runs by payee; preview the next and start one now."),
            }
        )
    if user.has_staff_role(StaffRole.PRIVACY_OFFICER):
        items.append(
            {
                "label": _("Access audit"),
                "url": reverse("privacy:events"),
                "name": "privacy",
                "description": _("Who saw which member's data, when and how; accounting of disclosures."),
            }
        )
    if membership is not None and ProviderRole.ADMINISTRATOR.value in (membership.roles or []):
        items.append(
            {
                "label": _("People & roles"),
                "url": reverse("people:list"),
                "name": "people",
                "description": _("Invite people, give and take roles, disable access; the quarterly attestation."),
            }
        )
    if membership is not None and ProviderRole.ADMINISTRATOR.value in (membership.roles or []):
        items.append(
            {
                "label": _("Clinic information"),
                "url": reverse("clinic:overview"),
                "name": "clinic_information",
                "description": _(
                    "Your locations and practitioners in the directory: propose changes, confirm every 90 days."
                ),
            }
        )
    if user.has_staff_role(StaffRole.PROVIDER_RELATIONS):
        items += [
            {
                "label": _("Directory changes"),
                "url": reverse("directory_staff:changes"),
                "name": "directory_changes",
                "description": _("Changes organizations proposed to their directory data: apply or return them."),
            },
            {
                "label": _("Directory attestations"),
                "url": reverse("directory_staff:attestations"),
                "name": "directory_attestations",
                "description": _("Who is late with the 90-day directory confirmation, and by how much."),
            },
            {
                "label": _("Network applications"),
                "url": reverse("applications_staff:queue"),
                "name": "network_applications",
                "description": _(
                    "Organizations asking to join the network: credentialing checklist, questions, decision."
                ),
            },
        ]
        items += [
            {
                "label": _("Registrations"),
                "url": reverse("provider_relations:registrations"),
                "name": "registrations",
                "description": _("Organizations asking for portal access: check them against the network, decide."),
            },
            {
                "label": _("Attestations"),
                "url": reverse("provider_relations:attestations"),
                "name": "attestations",
                "description": _("Organizations that have not attested their people and roles this quarter."),
            },
        ]
    if membership is not None and membership.has_role(ProviderRole.MESSAGING):
        items.append(
            {
                "label": _("Secure messages"),
                "url": reverse("threads:list"),
                "name": "messages",
                "description": _("Write to the plan's teams about a member or a request, and read their answers."),
            }
        )
    if user.is_plan_staff:  # the inbox says so when the person is in no team (no query on every page)
        items.append(
            {
                "label": _("Team inbox"),
                "url": reverse("threads:inbox"),
                "name": "team_inbox",
                "description": _("Secure messages to your teams: take, answer and close them within the target."),
            }
        )
    items.append(
        {
            "label": _("Contact us"),
            "url": reverse("contact:page"),
            "name": "contact",
            "description": _("The plan's teams with phones and hours, and your provider relations specialist."),
        }
    )
    items += [
        {
            "label": _("Alerts & updates"),
            "url": reverse("updates:list"),
            "name": "updates",
            "description": _("Alerts in force and provider updates by topic; sign up for them by email."),
        },
        {
            "label": _("Documents"),
            "url": reverse("documents:library"),
            "name": "documents",
            "description": _("Forms, policies, manuals, fee schedules and code lists, every version."),
        },
    ]
    if user.has_staff_role(StaffRole.CONTENT_EDITOR) or user.has_staff_role(StaffRole.ADMINISTRATOR):
        items.append(
            {
                "label": _("Publish content"),
                "url": reverse("publish:home"),
                "name": "publish",
                "description": _("Alerts, provider updates and documents: write, schedule, publish."),
            }
        )
    # Training (issue 7 §4): every provider person; network compliance and website feedback for plan staff.
    if membership is not None:
        items.append(
            {
                "label": _("Training"),
                "url": reverse("training:list"),
                "name": "training",
                "description": _("Fraud, waste and abuse, Model of Care and other modules; your certificates."),
            }
        )
    if any(
        user.has_staff_role(r)
        for r in (StaffRole.CONTENT_EDITOR, StaffRole.PROVIDER_RELATIONS, StaffRole.ADMINISTRATOR)
    ):
        items.append(
            {
                "label": _("Training compliance"),
                "url": reverse("training:compliance"),
                "name": "training_compliance",
                "description": _(
                    "Required training across the network, by module and line of business; who is overdue."
                ),
            }
        )
    if user.has_staff_role(StaffRole.CONTENT_EDITOR) or user.has_staff_role(StaffRole.ADMINISTRATOR):
        items.append(
            {
                "label": _("Website feedback"),
                "url": reverse("feedback:results"),
                "name": "website_feedback",
                "description": _("Ratings and comments about the portal's pages; mark them handled."),
            }
        )
    items.append(
        {
            "label": _("Profile & API tokens"),
            "url": reverse("accounts:profile"),
            "name": "profile",
            "description": _("Your account, and tokens for practice-management systems."),
        }
    )
    return items


def portal(request: HttpRequest) -> dict[str, Any]:
    signed_in = request.user.is_authenticated
    # On a sign-in gate step (two-step verification, terms) the portal is not open yet: no menu, no counts.
    in_gate = signed_in and hasattr(request, "session") and step_pending(request) is not None
    return {
        "in_gate": in_gate,
        "unread_notifications": unread_count(user=request.user) if signed_in and not in_gate else 0,  # type: ignore[arg-type]
        "notifications_url": reverse("messaging:inbox"),
        "nav_items": [] if in_gate else navigation(request),
        "current_membership": getattr(request, "membership", None),
        "all_memberships": getattr(request, "memberships", []),
        "plan_name": "Cascadia Health",
        # Single sign-on: the hub's name when it is configured (the sign-in page links to it), and whether this
        # session came from the hub (signing out then also signs out of the hub).
        "sso_hub_name": sso_config.hub_name() if sso_config.sso_enabled() else None,
        "sso_session": signed_in and request.session.get(SESSION_AUTH_METHOD) == AUTH_SSO,
    }
