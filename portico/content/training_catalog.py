"""The plan's training modules and their requirements, as shipped: loaded by ``training_catalog_install`` (the
demo world, and ``portico training install`` for a real plan, which then edits them in the admin).

The text is written for Cascadia Health (fictional) in plain language. It is the plan's own content, so it is
kept in the plan's language (English) in the database, like provider updates and documents.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from portico.content.training import CompletionCheck, RequirementAudience, RequirementFrequency, TrainingTopic


@dataclass(frozen=True)
class Question:
    text: str
    choices: tuple[str, ...]
    correct: int  # index into choices


@dataclass(frozen=True)
class Requirement:
    audience: str
    frequency: str
    line_of_business_product: str = ""  # for a line-of-business audience: the lines whose product contains this
    due_month: int | None = None
    due_day: int | None = None
    days_for_newcomers: int = 90
    includes_practitioners: bool = False
    effective_start: dt.date = dt.date(2020, 1, 1)


@dataclass(frozen=True)
class Module:
    slug: str
    title: str
    topic: str
    summary: str
    minutes: int
    sections: tuple[tuple[str, str], ...]
    questions: tuple[Question, ...] = ()
    pass_percent: int = 80
    attestation_text: str = ""
    requirements: tuple[Requirement, ...] = ()

    @property
    def completion_check(self) -> str:
        return CompletionCheck.QUIZ if self.questions else CompletionCheck.ATTESTATION


FRAUD_WASTE_ABUSE = Module(
    slug="fraud-waste-abuse",
    title="Fraud, waste and abuse",
    topic=TrainingTopic.FRAUD_WASTE_ABUSE,
    summary="What fraud, waste and abuse look like in a clinic's daily work, and how to report a concern.",
    minutes=15,
    sections=(
        (
            "What the words mean",
            "Fraud is knowingly billing for something that did not happen, or lying to get paid more. Waste is "
            "using services the member did not need, such as repeating a test that was done last week. Abuse is "
            "billing in a way that does not match accepted practice, such as always choosing the highest visit "
            "level.\n\nAll three cost the Oregon Health Plan and Medicare money that should pay for care.",
        ),
        (
            "What it looks like at a clinic",
            "Billing for a visit the member did not attend. Adding a diagnosis the chart does not support. "
            "Splitting one procedure into several codes to be paid more. Sharing a member's ID card with "
            "someone who is not the member. Accepting a gift for referring members to a supplier.",
        ),
        (
            "The laws in one paragraph",
            "The False Claims Act makes it illegal to submit a claim you know is false. The Anti-Kickback "
            "Statute forbids paying or receiving anything of value for referrals. The Stark law limits "
            "physicians referring members to businesses they have a financial interest in. Breaking these "
            "laws can mean repayment, fines and exclusion from Medicaid and Medicare.",
        ),
        (
            "How to report a concern",
            "Call the Cascadia Health compliance line at 503-555-0199 (you may stay anonymous), or write to "
            "compliance@cascadia-health.example. Do not look into it yourself. The plan does not allow "
            "retaliation against anyone who reports in good faith.",
        ),
    ),
    questions=(
        Question(
            "A clinic bills for a visit the member did not attend. What is this?",
            ("Waste", "Fraud", "A coding error the plan corrects on its own"),
            1,
        ),
        Question(
            "Ordering the same lab test again a week later with no medical reason is an example of:",
            ("Waste", "Good practice", "A kickback"),
            0,
        ),
        Question(
            "A supplier offers your office a gift card for each member you refer. What should you do?",
            ("Accept it if it is under $50", "Refuse it and report the offer", "Share it among the staff"),
            1,
        ),
        Question(
            "How can you report a concern to Cascadia Health?",
            (
                "Only in writing, with your name",
                "Through the compliance line, anonymously if you wish",
                "By investigating first and sending proof",
            ),
            1,
        ),
    ),
    pass_percent=75,
    requirements=(Requirement(audience=RequirementAudience.EVERYONE, frequency=RequirementFrequency.ONCE),),
)

MODEL_OF_CARE = Module(
    slug="model-of-care",
    title="Model of Care: Cascadia Advantage Dual",
    topic=TrainingTopic.MODEL_OF_CARE,
    summary="How Cascadia Advantage Dual (HMO D-SNP) coordinates care for members with Medicare and Medicaid. "
    "Required every year for organizations that serve the plan.",
    minutes=25,
    sections=(
        (
            "Who our D-SNP members are",
            "Cascadia Advantage Dual is a Medicare Advantage special needs plan for people who have both "
            "Medicare and Oregon Medicaid. Many members live with several chronic conditions, a disability, "
            "or a behavioral-health need, and many have a low income and unstable housing or transport.",
        ),
        (
            "The health risk assessment and the care plan",
            "Every member is offered a health risk assessment within 90 days of joining and again every year. "
            "A care coordinator uses it to write an individualized care plan with the member: their goals, "
            "their services, and who to call.\n\nPlease help members finish the assessment and share the care "
            "plan goals with your team.",
        ),
        (
            "The interdisciplinary care team",
            "Each member has an interdisciplinary care team: the member and their caregiver, the primary care "
            "provider, the care coordinator, and specialists, behavioral-health and pharmacy staff as needed. "
            "The team meets when the member's needs change, for example after a hospital stay.",
        ),
        (
            "Transitions of care",
            "When a member moves between settings (hospital, skilled nursing, home), the care coordinator "
            "makes sure the next provider has the care plan and the medication list. Send discharge "
            "information to Cascadia Health within one business day, and schedule a follow-up visit within "
            "seven days of discharge.",
        ),
        (
            "Medicare and Medicaid together",
            "Members must not be billed for Medicare cost sharing when Medicaid covers it. Bill Cascadia "
            "Advantage Dual first; the plan coordinates the Medicaid part.",
        ),
    ),
    questions=(
        Question(
            "Who can join Cascadia Advantage Dual?",
            (
                "Anyone over 65",
                "People who have both Medicare and Oregon Medicaid",
                "Only people with a disability",
            ),
            1,
        ),
        Question(
            "How often is a member offered a health risk assessment?",
            ("Only when they join", "Within 90 days of joining and then every year", "Every five years"),
            1,
        ),
        Question(
            "Who belongs to a member's interdisciplinary care team?",
            (
                "Only the primary care provider",
                "The member, their caregiver, the PCP, the care coordinator and others as needed",
                "Only plan staff",
            ),
            1,
        ),
        Question(
            "After a hospital discharge, a follow-up visit should be scheduled within:",
            ("Seven days", "Thirty days", "Ninety days"),
            0,
        ),
        Question(
            "May you bill a D-SNP member for Medicare cost sharing that Medicaid covers?",
            ("Yes, always", "No", "Only for specialist visits"),
            1,
        ),
    ),
    pass_percent=80,
    requirements=(
        Requirement(
            audience=RequirementAudience.LINE_OF_BUSINESS,
            line_of_business_product="D-SNP",
            frequency=RequirementFrequency.YEARLY,
            due_month=12,
            due_day=31,
            includes_practitioners=True,
        ),
    ),
)

QUALITY_METRICS = Module(
    slug="quality-metrics",
    title="Quality metrics and incentive measures",
    topic=TrainingTopic.QUALITY,
    summary="The measures Cascadia Health reports for its CCOs and Medicare plan, and how your claims count.",
    minutes=15,
    sections=(
        (
            "Why measures matter",
            "Oregon pays CCOs part of their budget for meeting incentive measures, and Medicare rates "
            "Medicare Advantage plans with stars. Cascadia Health shares those payments with clinics that "
            "help meet the measures.",
        ),
        (
            "Measures you can move",
            "Childhood immunization status, well-child visits, screening for depression and follow-up, "
            "diabetes HbA1c control, controlling high blood pressure, and follow-up after an emergency "
            "department visit for mental illness.",
        ),
        (
            "Your claims are the evidence",
            "Most measures are counted from claims. Put the right codes on the claim, such as the CPT II code "
            "for a blood pressure reading, so the visit counts. Gaps-in-care lists are sent to clinics each "
            "month.",
        ),
    ),
    questions=(
        Question(
            "How are most quality measures counted?",
            ("From the claims you send", "From phone surveys only", "They are not counted"),
            0,
        ),
        Question(
            "What helps a blood pressure reading count toward the measure?",
            ("Writing it on paper", "Adding the CPT II code to the claim", "Nothing: it counts on its own"),
            1,
        ),
        Question(
            "Which of these is an incentive measure?",
            ("Depression screening and follow-up", "Parking availability", "Number of fax machines"),
            0,
        ),
    ),
    pass_percent=67,
)

PORTAL_TUTORIAL = Module(
    slug="portal-tutorial",
    title="Getting started with the provider portal",
    topic=TrainingTopic.PORTAL,
    summary="Sign-in, roles, eligibility, prior authorization and notifications: a short tour of the portal.",
    minutes=10,
    sections=(
        (
            "Signing in and your roles",
            "Sign in with your own account, never a shared one. Your organization's administrator gives you "
            "roles: eligibility, claims, authorizations, payments, messaging. You see only what your roles "
            "allow, and every look at a member's record is recorded.",
        ),
        (
            "Checking eligibility",
            "Open Eligibility & benefits, enter the member ID and date of birth, and choose the date of "
            "service. The answer shows coverage, the PCP, other insurance and cost share. Print it for the "
            "chart if you need to.",
        ),
        (
            "Prior authorization",
            "Use Prior authorization to learn whether a service needs one and where to send it. Submit a "
            "request under Authorization requests and follow each line to its decision; download the letter.",
        ),
        (
            "Notifications and help",
            "The Notifications link in the header shows what needs your attention. Choose which topics also "
            "come by email under Notifications, Settings. Questions: call Provider Services at 503-555-0100.",
        ),
    ),
    attestation_text="I have read this tutorial and know where to find eligibility, prior authorization and my "
    "notifications in the portal.",
)

MODULES: tuple[Module, ...] = (FRAUD_WASTE_ABUSE, MODEL_OF_CARE, QUALITY_METRICS, PORTAL_TUTORIAL)
