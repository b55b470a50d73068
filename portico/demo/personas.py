"""The named demo users: provider staff at the demo clinics and plan staff, all with one demo password."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from portico.accounts.mfa import totp_key_hex_from_base32
from portico.accounts.models import Membership, ProviderRole, StaffRole, User
from portico.authorizations.models import VendorReviewer
from portico.codes.list_demo import summit_vendor_ensure
from portico.messaging.models import NotificationPreference, NotificationTopic

# Demo only: printed by ``portico personas`` and written in docs/demo.md. Never used outside a demo world.
DEMO_PASSWORD = "portico-demo-2026"
# Demo only, published like the password: every persona's authenticator app shares this TOTP secret, so anyone
# trying the demo can add it to an app, or print the current code with ``portico demo-code USERNAME``.
DEMO_TOTP_SECRET = "PORTICODEMOTWOSTEPCASCADIAHEALTH"
DEMO_DEVICE_NAME = "Demo authenticator (published secret)"
EMAIL_DOMAIN = "demo.portico.example"

ELIGIBILITY = ProviderRole.ELIGIBILITY.value
CLAIMS = ProviderRole.CLAIMS.value
PAYMENTS = ProviderRole.PAYMENTS.value
AUTHORIZATIONS = ProviderRole.AUTHORIZATIONS.value
ADMINISTRATOR = ProviderRole.ADMINISTRATOR.value
MESSAGING = ProviderRole.MESSAGING.value
BILLER_ROLES = (CLAIMS, PAYMENTS, ELIGIBILITY)


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    title: str
    memberships: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (organization key, provider roles)
    staff_roles: tuple[str, ...] = ()
    superuser: bool = False
    vendor_reviewer: bool = False  # reviews for Summit Specialty Review (with the UM reviewer role)
    email_topics: tuple[str, ...] = ()  # notification topics this persona also gets by email
    try_this: str = ""


PERSONAS: tuple[Persona, ...] = (
    Persona(
        "frontdesk", "Rosa", "Delgado", "Front desk",
        memberships=(("thimbleberry", (ELIGIBILITY,)),),
        try_this="Check eligibility for CH100000001 (DOB 1988-04-12); open the PCP roster; "
        "try CH100000003 (coverage ended) and CH100000005 (PCP at another clinic). The clinic's prior-auth "
        "requests are the administrator's (clinicadmin): this role has none.",
    ),
    Persona(
        "coordinator", "Marcus", "Hale", "Referral/auth coordinator",
        memberships=(("basalt-ridge", (AUTHORIZATIONS, ELIGIBILITY, MESSAGING)),),
        email_topics=(NotificationTopic.AUTHORIZATION_ACTION.value,),
        try_this="Notifications in the header: the questions and decisions on the clinic's requests (a question "
        "also comes by email: the demo prints emails in var/worker.log). Prior authorizations "
        "(/authorizations/): a dozen demo requests in every state — answer the "
        "one that needs your answer (93224 for CH100000001), appeal the denied coronary CTA (75574), download "
        "the letters of the approved and denied ones, finish the draft stress echo; the Holter + echo request "
        "for CH100000002 has a plan line and a Summit line. Eligibility for CH100000002 (DOB 1951-09-03): a "
        "D-SNP full dual with two other insurances; the requirement check (/prior-auth/) for him: 93306, 93458 "
        "and 99214 on 2026-04-30 and on 2026-05-01. Secure messages (/messages/): a question to Provider Relations "
        "past its reply target and a closed one with Provider Services; write to the Utilization Management team "
        "about one of the clinic's requests (its number in \"About\"); Contact us (/contact/) names the teams and "
        "your specialist.",
    ),
    Persona(
        "biller", "Priya", "Natarajan", "Biller (billing service)",
        memberships=(
            ("ledgerline", BILLER_ROLES),
            ("thimbleberry", BILLER_ROLES),
            ("salal", BILLER_ROLES),
        ),
        try_this="Switch organizations in the header (Ledgerline, Thimbleberry, Salal Street); upload a "
        "batch eligibility CSV; create an API token on the profile page.",
    ),
    Persona(
        "clinicadmin", "Dana", "Whitfield", "Clinic administrator",
        memberships=(("thimbleberry", (ADMINISTRATOR,)),),
        email_topics=(NotificationTopic.ORGANIZATION_PEOPLE.value,),
        try_this="People & roles (/organization/people/): invite a colleague (the email, with its link, is "
        "printed in var/worker.log or the server's console), change Rosa's roles, disable and enable her, download "
        "the report as CSV, attest this quarter's list. The administrator role holds every role: rosters of all "
        "three Thimbleberry locations, "
        "as CSV and PDF; the clinic's prior-auth requests (/authorizations/): a CPAP whose deadline was "
        "extended, an overdue expedited BiPAP, physical therapy partly approved by Summit. Secure messages "
        "(/messages/): a question to Claims about CH100000001 waiting for its answer, a CPAP question UM answered, a "
        "remittance question answered and asked again; reply, attach a PDF. Clinic information "
        "(/clinic-information/): a change to a location's hours waits for provider relations; the 90-day directory "
        "confirmation is due within the week: confirm it.",
    ),
    Persona(
        "bhclinic", "Sam", "Okafor", "Behavioral-health clinic",
        memberships=(("quiet-harbor", (ELIGIBILITY, CLAIMS, PAYMENTS, AUTHORIZATIONS)),),
        try_this="Check eligibility for CH100000005 (DOB 2012-07-22); with no PCP panel, the roster is "
        "empty and members open only through an inquiry. Prior authorizations (/authorizations/): "
        "psychological testing for CH100000005 in review, and one where you answered the reviewer's question.",
    ),
    Persona(
        "hospitalbiller", "Lena", "Sorensen", "Hospital patient accounts",
        memberships=(("mount-hollow", BILLER_ROLES),),
        try_this="Claims (/claims/): six months of the hospital's outpatient, emergency and inpatient claims "
        "(type of bill 013x, 0111) — paid, or denied for a missing prior authorization; "
        "Remittances (/remittance/): one a week, with the PDF and the 835.",
    ),
    Persona(
        "umnurse", "Grace", "Lindqvist", "UM nurse",
        staff_roles=(StaffRole.UM_REVIEWER.value,),
        try_this="The review queue (/authorizations/review/): the plan's lines soonest due first — an overdue "
        "expedited BiPAP, an expedited stress test due today, an appeal, a question waiting for the provider, an "
        "extended CPAP; assign one to yourself, ask for more information, extend once with a reason, approve or "
        "deny with the reason and criteria, and download the determination letter. Summit's lines are not shown. "
        "Team inbox (/messages/inbox/): the Utilization Management team's secure messages.",
    ),
    Persona(
        "summitreviewer", "Noah", "Ferreira", "Summit Specialty Review reviewer",
        staff_roles=(StaffRole.UM_REVIEWER.value,),
        vendor_reviewer=True,
        try_this="The review queue (/authorizations/review/) shows only lines routed to Summit Specialty Review "
        "(imaging, cardiac, MSK, sleep, genetic testing from 2026-05-01): an expedited heart catheterization "
        "due today, a brain MRI, the echo line of a two-line request, a peer-to-peer; the plan's lines answer "
        "not found.",
    ),
    Persona(
        "examiner", "Tom", "Nguyen", "Claims examiner",
        staff_roles=(StaffRole.CLAIMS_EXAMINER.value,),
        try_this="Team inbox (/messages/inbox/): the Claims team's secure messages, soonest due first — take the "
        "Thimbleberry question about CH100000001, answer it (the clinic is notified), close it; the remittance "
        "question the clinic asked again is yours. The reply-target report (/messages/report/) charts answers within "
        "two business days and late ones, per team and week.",
    ),
    Persona(
        "provrel", "Alicia", "Romero", "Provider relations",
        staff_roles=(StaffRole.PROVIDER_RELATIONS.value,),
        try_this="Registrations (/provider-relations/registrations/): Riverbend Community Health Center's "
        "registration passes every check against the network: approve it (both administrators get an invitation "
        "by email); Cedar Hollow Dental's TIN is not in the network: decline it with a reason. Attestations "
        "(/provider-relations/attestations/): organizations that have not confirmed their people this quarter. Team "
        "inbox (/messages/inbox/): Provider Relations and Provider Services — Basalt Ridge's question is past its "
        "target: answer it. You are every demo clinic's specialist on their Contact us page. Directory changes "
        "(/provider-relations/directory/changes/): apply Thimbleberry's hours and telehealth change, then see it in "
        "the public directory (/directory/); Directory attestations: Mount Hollow is 30 days late. Network "
        "applications: Larkspur Pediatrics is submitted — record the checklist, ask a question (the applicant "
        "answers at /join/a/demo-submitted-larkspur/), approve it.",
    ),
    Persona(
        "editor", "Jordan", "Blake", "Content editor",
        staff_roles=(StaffRole.CONTENT_EDITOR.value,),
        try_this="The prior-auth code lists at /prior-auth/manage/: download a version as CSV, upload an "
        "edited one as a draft, check the differences, publish it. Publish content (/publish/): upload a new "
        "version of the Non-contracted Behavioral Health Fee Schedule and publish it with an update and an "
        "alert (sign in as bhclinic to see the banner); schedule or end an alert; write and publish an update.",
    ),
    Persona(
        "privacy", "Helen", "Park", "Privacy officer",
        staff_roles=(StaffRole.PRIVACY_OFFICER.value,),
        try_this="Access audit (/privacy/events/): who looked at CH100000001, as CSV (the accounting of "
        "disclosures); Breach investigation: paste CH100000001 and CH100000002 to see every access to them; Security "
        "events: the demo's sign-ins, two-step verifications and failed attempts.",
    ),
    Persona(
        "carecoord", "Imani", "Brooks", "Care coordinator",
        staff_roles=(StaffRole.CARE_COORDINATOR.value,),
        email_topics=(NotificationTopic.MEMBER_RESOURCES.value,),
        try_this="Member resources queue (/member-resources/work/): Thimbleberry's requests for its members, the "
        "soonest needed first — take Kevin Walsh's request for help renewing his coverage (CH100000003, ended last "
        "month); arrange Harold Jensen's wheelchair ride once the clinic answers your question (sign in as frontdesk "
        "to answer it); finish Aisha Mohamed's rent assistance (approve and arrange, or deny with a reason). Maria "
        "Torres's interpreter is arranged; Sofia Ramirez's produce prescription was denied with the reason.",
    ),
    Persona(
        "planadmin", "Chris", "Morgan", "Plan administrator",
        staff_roles=(StaffRole.ADMINISTRATOR.value,),
        superuser=True,
        try_this="Django admin at /admin/: plans, benefits, providers, members, users and roles.",
    ),
)  # fmt: skip


def personas_create(*, organization_ids: dict[str, int]) -> list[User]:
    """Create (or reset) every persona with the demo password and its memberships and roles.

    The password is hashed once and the hash shared: hashing is deliberately slow."""
    password_hash = make_password(DEMO_PASSWORD)
    users = []
    for persona in PERSONAS:
        user, _created = User.objects.update_or_create(
            username=persona.username,
            defaults={
                "first_name": persona.first_name,
                "last_name": persona.last_name,
                "email": f"{persona.username}@{EMAIL_DOMAIN}",
                "password": password_hash,
                "staff_roles": list(persona.staff_roles),
                "is_staff": persona.superuser,
                "is_superuser": persona.superuser,
                "is_active": True,
            },
        )
        if persona.vendor_reviewer:
            VendorReviewer.objects.update_or_create(user=user, defaults={"vendor": summit_vendor_ensure()})
        for org_key, roles in persona.memberships:
            Membership.objects.update_or_create(
                user=user,
                organization_id=organization_ids[org_key],
                defaults={"roles": list(roles), "is_active": True},
            )
        for topic in persona.email_topics:
            NotificationPreference.objects.update_or_create(user=user, topic=topic, defaults={"email": True})
        _demo_authenticator_ensure(user)
        users.append(user)
    return users


def _demo_authenticator_ensure(user: User) -> None:
    """A confirmed authenticator with the published demo secret: direct sign-in asks for its code."""
    TOTPDevice.objects.filter(user=user).exclude(name=DEMO_DEVICE_NAME).delete()
    TOTPDevice.objects.update_or_create(
        user=user,
        name=DEMO_DEVICE_NAME,
        defaults={"key": totp_key_hex_from_base32(DEMO_TOTP_SECRET), "confirmed": True, "last_t": -1, "drift": 0},
    )


def demo_totp_code(*, username: str) -> tuple[str, int]:
    """The code a demo persona's authenticator shows now (or the next one, if this one was just used), and the
    seconds it stays valid. Raises ValueError for anyone but a demo persona with the demo authenticator."""
    if username not in {p.username for p in PERSONAS}:
        raise ValueError(f"{username!r} is not a demo persona (see `portico personas`).")
    device = TOTPDevice.objects.filter(
        user__username=username, name=DEMO_DEVICE_NAME, confirmed=True, key=totp_key_hex_from_base32(DEMO_TOTP_SECRET)
    ).first()
    if device is None:
        raise ValueError(f"{username!r} has no demo authenticator: load the demo world (`make demo`).")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now = time.time()
    totp.time = now
    remaining = int(device.step - (now - device.t0) % device.step)
    if device.last_t >= totp.t():  # this step's code was used: the next one is accepted already
        totp.time = now + device.step
        remaining += device.step
    return f"{totp.token():0{device.digits}d}", remaining
