"""The portal in Spanish: the language selector switches every page, and the catalog is complete.

Each page is fetched after choosing Spanish the way a person does (the selector posts to Django's
``set_language`` view). Besides a few Spanish phrases per page, every page is checked for leftover English:
no marked English phrase whose Spanish differs may appear in the page's text.
"""

from __future__ import annotations

import csv
import datetime as dt
import gettext
import html
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pypdf import PdfReader

from portico.accounts.models import StaffRole, User
from portico.authorizations import notices
from portico.authorizations.models import AuthorizationEvent, AuthorizationRequest
from portico.authorizations.services import authorization_submit
from portico.codes.list_services import code_list_version_upload
from portico.codes.models import Code, CodeList, CodeListEntry, CodeLoad, LoadSource, ReviewVendor
from portico.codes.search import search_index_refresh
from portico.common.models import AccessEvent
from portico.members.models import EligibilityBatch
from portico.messaging.models import NotificationTopic
from portico.messaging.services import notification_send
from tests.authorizations.support import PDF, AuthWorld, auth_world_build
from tests.codes.lists_support import ListsWorld, csv_bytes, lists_world_build
from tests.conftest import World

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

CATALOG_DIR = Path(settings.LOCALE_PATHS[0]) / "es" / "LC_MESSAGES"
PO_FILE = CATALOG_DIR / "django.po"
MO_FILE = CATALOG_DIR / "django.mo"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%%")
TODAY = dt.date(2026, 5, 15)
NAVIGATION = (
    "Inicio",
    "Elegibilidad y beneficios",
    "Elegibilidad por lotes",
    "Listados de PCP",
    "Autorización previa",
    "Listas de códigos",
    "Códigos",
    "Perfil y tokens de API",
)
AUTHORIZATIONS = "Solicitudes de autorización"  # the navigation item of users with the Authorizations role


@pytest.fixture(autouse=True)
def _frozen_today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 5, 15, 12, 0, tzinfo=ZoneInfo("America/Los_Angeles")), tick=True):
        yield


# ---- the catalog ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    msgctxt: str | None
    msgid: str
    msgid_plural: str | None
    msgstrs: tuple[str, ...]
    flags: frozenset[str]


def _unquote(parts: list[str]) -> str:
    text = "".join(part[1:-1] for part in parts)
    return re.sub(r'\\(["\\nt])', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def po_entries(path: Path = PO_FILE) -> list[Entry]:
    """Every message of a .po file except the header: enough of the format for this project's catalog."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, list[str]] = {}
        flags: set[str] = set()
        current = None
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#~"):
                raise AssertionError(f"obsolete entry left in the catalog: {line}")
            elif match := re.match(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (\".*\")$", line):
                current = match.group(1)
                fields[current] = [match.group(2)]
            elif line.startswith('"') and current:
                fields[current].append(line)
        if "msgid" not in fields:
            continue
        msgid = _unquote(fields["msgid"])
        if not msgid:
            continue  # the header
        context = _unquote(fields["msgctxt"]) if "msgctxt" in fields else None
        plural = _unquote(fields["msgid_plural"]) if "msgid_plural" in fields else None
        keys = sorted((k for k in fields if k.startswith("msgstr[")), key=lambda k: int(k[7:-1]))
        msgstrs = tuple(_unquote(fields[k]) for k in keys) if plural else (_unquote(fields["msgstr"]),)
        entries.append(Entry(context, msgid, plural, msgstrs, frozenset(flags)))
    return entries


def test_the_catalog_translates_every_message_without_fuzzy_entries() -> None:
    entries = po_entries()

    assert len(entries) > 300
    assert [e.msgid for e in entries if not all(s.strip() for s in e.msgstrs)] == []
    assert [e.msgid for e in entries if "fuzzy" in e.flags] == []
    assert [e.msgid for e in entries if e.msgid_plural and len(e.msgstrs) != 3] == []  # es: nplurals=3


def test_translations_keep_every_placeholder() -> None:
    for entry in po_entries():
        sources = [entry.msgid] + [entry.msgid_plural or entry.msgid] * (len(entry.msgstrs) - 1)
        for source, translation in zip(sources, entry.msgstrs, strict=True):
            assert sorted(PLACEHOLDER.findall(translation)) == sorted(PLACEHOLDER.findall(source)), entry.msgid


def test_the_committed_mo_file_is_compiled_from_the_po_file() -> None:
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    for entry in po_entries():
        if entry.msgctxt is not None:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstrs[0], entry.msgid
        elif entry.msgid_plural is None:
            assert compiled.gettext(entry.msgid) == entry.msgstrs[0], entry.msgid
        else:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstrs[0], entry.msgid
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1_000_000) == entry.msgstrs[1], entry.msgid
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 7) == entry.msgstrs[2], entry.msgid


# ---- pages ------------------------------------------------------------------------------------------------


def _english_phrases() -> list[str]:
    """Marked English phrases that Spanish pages must not show: each msgid whose translation differs, cut at
    its placeholders, keeping pieces long enough (two words or more) not to match by chance."""
    phrases = set()
    for entry in po_entries():
        for source in filter(None, (entry.msgid, entry.msgid_plural)):
            if source in entry.msgstrs:
                continue
            for piece in PLACEHOLDER.split(source):
                piece = (piece or "").strip(" .,:;()")
                if " " in piece and len(piece) >= 8:
                    phrases.add(piece)
    return sorted(phrases)


ENGLISH = _english_phrases()


def page_text(content: bytes) -> str:
    """What a person reads: the body's text and its labels (aria-label, option text), tags removed."""
    text = content.decode()
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    labels = " ".join(re.findall(r'aria-label="([^"]*)"', text))
    text = re.sub(r"<[^>]+>", " ", text) + " " + labels
    return " ".join(html.unescape(text).split())


def assert_spanish(response: TestResponse, *phrases: str, status: int = 200, data: Iterable[str] = ()) -> str:
    """The page is Spanish: lang="es", the phrases present, and no marked English phrase left.

    ``data`` is text shown as it was entered (list names, code descriptions): English in the demo, and left out
    of the leftover-English check."""
    assert response.status_code == status, response.status_code
    body = response.content.decode()
    assert '<html lang="es">' in body
    assert response["Content-Language"] == "es"
    text = page_text(response.content)
    for phrase in phrases:
        assert phrase in text, phrase
    words = text
    for value in sorted(filter(None, data), key=len, reverse=True):
        words = words.replace(value, " ")
    assert [english for english in ENGLISH if english in words] == []
    return text


def speak_spanish(client: Client) -> Client:
    """Choose Spanish with the language selector, as a person does."""
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    assert response.status_code == 302
    return client


@pytest.fixture
def es_client(client_a: Client) -> Client:
    return speak_spanish(client_a)


def test_the_selector_switches_to_spanish_and_back(world: World, client_a: Client) -> None:
    english = client_a.get("/")
    assert '<html lang="en">' in english.content.decode()
    assert "Eligibility &amp; benefits" in english.content.decode()

    home = speak_spanish(client_a).get("/")

    text = assert_spanish(home, *NAVIGATION, "Portal para proveedores", "Cerrar sesión", "Idioma")
    assert f"Está trabajando en nombre de {world.org_a.legal_name}." in text
    assert AUTHORIZATIONS not in text  # clinic A's user has the Eligibility role only
    assert '<option value="es" lang="es" selected>Español</option>' in home.content.decode()
    client_a.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client_a.get("/").content.decode()


def test_sign_in_page_in_spanish(db: None) -> None:  # the page reads the alerts for everyone
    client = speak_spanish(Client())

    assert_spanish(
        client.get("/accounts/login/"),
        "Inicie sesión en el portal para proveedores",
        "Nombre de usuario",
        "Contraseña",
        "Iniciar sesión",
    )


def test_eligibility_form_in_spanish(world: World, es_client: Client) -> None:
    assert_spanish(
        es_client.get("/eligibility/"),
        *NAVIGATION,
        "ID de afiliado",
        "Fecha de nacimiento",
        "Fecha de servicio",
        "Tipos de servicio que se muestran",
        "Consulta profesional (médico) - consultorio",
        "Verificar elegibilidad",
    )


def test_eligibility_answer_in_spanish(world: World, es_client: Client) -> None:
    member = world.member_a
    response = es_client.post(
        "/eligibility/",
        {"member_id": member.member_number, "birth_date": member.birth_date.isoformat(), "service_types": ["98"]},
    )

    text = assert_spanish(
        response,
        "Cubierto",
        f"Con cobertura el {TODAY.isoformat()} por North Coast CCO.",
        "Fecha de nacimiento",
        "Proveedor de atención primaria (PCP)",
        "Períodos de cobertura",
        "Otro seguro",
        "No hay otro seguro registrado para esta fecha.",
        "Deducible y gastos de bolsillo",
        "Máximo de gastos de bolsillo",
        "Dentro de la red",
        "Copago de $15.00",
        "Vista para imprimir",
    )
    for english in ("Date of birth", "Coverage spans", "Other insurance", "Covered on", "Primary care provider"):
        assert english not in text


def test_eligibility_errors_in_spanish(world: World, es_client: Client) -> None:
    response = es_client.post("/eligibility/", {"member_id": "CH1", "birth_date": "2099-01-01"})

    assert response.status_code == 400
    text = page_text(response.content)
    assert "Revise estos campos" in text
    assert "Un ID de afiliado tiene de 6 a 20 letras y dígitos, como CH123456789." in text
    assert "La fecha de nacimiento no puede ser futura." in text


def test_no_match_in_spanish(world: World, es_client: Client) -> None:
    response = es_client.post("/eligibility/", {"member_id": "CH999999999", "birth_date": "1970-01-01"})

    assert_spanish(response, "Sin coincidencia", "No pudimos confirmar la cobertura con estos datos.")


def test_member_page_and_print_view_in_spanish(world: World, es_client: Client) -> None:
    member = world.member_a
    today = TODAY.isoformat()

    assert_spanish(
        es_client.get(f"/eligibility/members/{member.pk}/?date={today}"), "Mostrar para esta fecha", "Cubierto"
    )
    assert_spanish(
        es_client.get(f"/eligibility/members/{member.pk}/print/?date={today}"),
        "Elegibilidad y beneficios",
        "Contiene información médica protegida.",
        "Imprimir",
        "Volver",
        "Cubierto",
    )
    missing = es_client.get("/eligibility/members/999999/")
    assert missing.status_code == 404
    assert "No se encontró el afiliado." in page_text(missing.content)


def _csv_upload(rows: list[tuple[str, str, str]]) -> SimpleUploadedFile:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(("member_id", "birth_date", "date_of_service"))
    writer.writerows(rows)
    return SimpleUploadedFile("members.csv", out.getvalue().encode(), content_type="text/csv")


def test_batch_pages_in_spanish(
    world: World,
    es_client: Client,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    assert_spanish(
        es_client.get("/eligibility/batch/"),
        "Elegibilidad por lotes",
        "Descargar una plantilla",
        "Cargar y verificar",
        "Aún no hay lotes.",
    )
    rows = [(m.member_number, m.birth_date.isoformat(), TODAY.isoformat()) for m in (world.member_a, world.member_b)]
    with django_capture_on_commit_callbacks(execute=True):
        es_client.post("/eligibility/batch/", {"file": _csv_upload(rows)})
    batch = EligibilityBatch.objects.get()

    assert_spanish(
        es_client.get(f"/eligibility/batch/{batch.pk}/"),
        "Terminado: se verificaron 2 filas.",
        "Descargar los resultados (CSV)",
        "Cubierto",
    )


def test_batch_row_errors_in_spanish(world: World, es_client: Client) -> None:
    rows = [("CH1", "1980-05-17", TODAY.isoformat())]

    response = es_client.post("/eligibility/batch/", {"file": _csv_upload(rows)})

    assert response.status_code == 400
    assert "No se verificó nada: corrija estas filas y vuelva a cargar el archivo" in page_text(response.content)
    assert "<strong>Fila 2</strong>: member_id: Un ID de afiliado tiene de 6 a 20 letras y dígitos" in html.unescape(
        response.content.decode()
    )


def test_roster_page_in_spanish(world: World, es_client: Client) -> None:
    assert_spanish(
        es_client.get("/rosters/"),
        "Listados de PCP",
        "¿De quién es el listado?",
        "Lugar de servicio",
        "Mostrar listado",
    )
    text = assert_spanish(
        es_client.get(f"/rosters/?location_id={world.location_a.pk}"),
        f"Listado de PCP: {world.location_a.name}",
        "Afiliados en el listado",
        "Fecha de nacimiento",
        "Elegible",
        "Descargar PDF",
    )
    assert "Se muestran del 1 al 1 de 1 afiliado asignado a Alder Street Clinic." in text


def test_roster_pdf_in_spanish(world: World, es_client: Client) -> None:
    response = es_client.get(f"/rosters/export.pdf?location_id={world.location_a.pk}")

    assert response.status_code == 200
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    for phrase in ("Listado de PCP", "Lugar de servicio: Alder Street Clinic", "Fecha de nac.", "Página 1 de 1", "Sí"):
        assert phrase in text, phrase
    assert "acimiento" not in text  # the narrow column's heading is abbreviated, not split mid-word
    for english in ("PCP roster", "Member ID", "Date of birth", "Page 1 of 1"):
        assert english not in text


def test_roster_csv_header_in_spanish(world: World, es_client: Client) -> None:
    response = es_client.get(f"/rosters/export.csv?location_id={world.location_a.pk}")

    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[:4] == ["ID de afiliado", "Apellido", "Nombre", "Fecha de nacimiento"]


def test_profile_page_in_spanish(world: World, es_client: Client) -> None:
    assert_spanish(
        es_client.get("/accounts/profile/"),
        "Perfil y tokens de API",
        "Tokens de API",
        "Crear token",
        "Aún no hay tokens.",
    )
    response = es_client.post("/accounts/profile/", {"action": "create", "name": " "})
    assert response.status_code == 400
    assert "Asigne un nombre al token" in page_text(response.content)


def test_notification_pages_in_spanish(world: World, es_client: Client) -> None:
    notification_send(
        recipients=[world.user_a],
        topic=NotificationTopic.AUTHORIZATION_ACTION,
        message=notices.INFO_REQUESTED,
        params={"number": "PA-2026-000042"},
        link="/authorizations/",
        organization_id=world.org_a.pk,
    )
    assert_spanish(
        es_client.get("/notifications/"),
        "Notificaciones",
        "PA-2026-000042: el revisor pide más información. Responda en el portal.",
        "Marcar todas como leídas",
        "Nueva",
        data=[world.org_a.legal_name],
    )
    assert_spanish(
        es_client.get("/notifications/settings/"),
        "Configuración de notificaciones",
        "Una de mis solicitudes de autorización previa necesita mi respuesta",
        "Guardar la configuración",
    )
    refused = es_client.post("/notifications/settings/", {"email_topics": ["authorization_action"]})
    assert_spanish(refused, "Su cuenta no tiene dirección de correo electrónico.", status=400)


def test_forbidden_page_in_spanish(db: None) -> None:
    client = Client()
    client.force_login(User.objects.create_user("no.roles"))
    speak_spanish(client)

    response = client.get("/eligibility/")

    assert response.status_code == 403
    text = page_text(response.content)
    assert "No está disponible para usted" in text
    assert "Su función en esta organización no incluye Elegibilidad y beneficios." in text
    assert_spanish(
        client.get("/prior-auth/"),
        "Su función en esta organización no incluye Autorizaciones ni Elegibilidad y beneficios.",
        status=403,
    )
    assert_spanish(
        client.get("/prior-auth/manage/"),
        "Esta página es para el personal del plan con la función Editor de contenido o Administrador del plan.",
        status=403,
    )


def test_access_audit_in_spanish(world: World, client_a: Client) -> None:
    client_a.get(f"/eligibility/members/{world.member_a.pk}/")
    client = Client()
    client.force_login(User.objects.create_user("privacy.pat", staff_roles=[StaffRole.PRIVACY_OFFICER.value]))
    speak_spanish(client)

    text = assert_spanish(
        client.get("/privacy/events/"),
        "Auditoría de accesos",
        "Buscar eventos de acceso",
        "Eventos de acceso",
        "Cualquier acción",
        "Afiliado consultado",
        "Portal web",
    )
    assert "Member viewed" not in text


# ---- codes ------------------------------------------------------------------------------------------------

CODES = [
    # system, code, display, description, billable, parent, effective, terminated, replaced_by
    ("icd10cm", "R07", "R07", "Pain in throat and chest", False, "", None, None, ""),
    ("icd10cm", "R079", "R07.9", "Chest pain, unspecified", True, "R07", None, None, ""),
    ("icd10cm", "M545", "M54.5", "Low back pain", True, "", None, dt.date(2021, 9, 30), "M54.50, M54.51, M54.59"),
    ("cpt", "99213", "99213", "Office visit, established patient, low complexity", True, "", None, None, ""),
    ("hcpcs", "G0999", "G0999", "A code that starts next year", True, "", dt.date(2027, 1, 1), None, ""),
    ("modifier", "25", "25", "Significant, separate E/M service on the same day", True, "", None, None, ""),
    ("revenue", "0450", "0450", "Emergency room, general", True, "", None, None, ""),
]


@pytest.fixture
def codes(db: None) -> None:
    for system, code, display, text, billable, parent, effective, terminated, replaced_by in CODES:
        Code.objects.create(
            system=system,
            code=code,
            display=display,
            short_description=text,
            billable=billable,
            parent=parent,
            effective=effective,
            terminated=terminated,
            replaced_by=replaced_by,
            search_text=f"{display} {code} {text}",
        )
    search_index_refresh()


def data_shown() -> list[str]:
    """Text shown as entered, not translated: code descriptions, list names, categories, notes, vendors' own
    instructions."""
    return [
        *Code.objects.values_list("short_description", flat=True),
        *CodeList.objects.values_list("name", flat=True),
        *CodeListEntry.objects.values_list("category", flat=True),
        *CodeListEntry.objects.values_list("note", flat=True),
        *ReviewVendor.objects.values_list("how_to_submit", flat=True),
    ]


def staff_client(username: str, role: StaffRole) -> Client:
    client = Client()
    client.force_login(User.objects.create_user(username, staff_roles=[role.value]))
    return speak_spanish(client)


@pytest.mark.usefixtures("codes")
def test_code_search_in_spanish(world: World, es_client: Client) -> None:
    assert_spanish(
        es_client.get("/codes/?q=chest+pain"),
        *NAVIGATION,
        "Búsqueda de códigos",
        "Verificar una lista de códigos",
        "Código o palabras",
        "Sistema de códigos",
        "Todos los sistemas",
        "Taxonomía de proveedores (NUCC)",
        "2 códigos para «chest pain», validez al 15 de mayo de 2026",
        "En la fecha de servicio",
        "Diagnóstico ICD-10-CM",
        "Válido",
        "Encabezado, no facturable",
        "R07 es un encabezado, no un código facturable: elija uno de los códigos que dependen de él.",
        data=data_shown(),
    )
    assert_spanish(
        es_client.get("/codes/?q=zzzz&date=2026-13-01"),
        "Fecha de servicio: escriba una fecha como 2026-05-01.",
    )
    assert_spanish(
        es_client.get("/codes/?q=zzzz"),
        "Ningún código coincide con «zzzz». Pruebe con menos palabras o con los primeros caracteres del código.",
    )


@pytest.mark.usefixtures("codes")
def test_code_verify_in_spanish(world: World, es_client: Client) -> None:
    assert_spanish(
        es_client.get("/codes/verify/"),
        "Verificar códigos",
        "Buscar códigos en su lugar",
        "Separe los códigos con espacios, comas o saltos de línea",
        "Verificar",
    )
    assert_spanish(
        es_client.post("/codes/verify/", {"codes": "R07.9, R07, M54.5, 99213-25, G0999, ZZZ9", "date": "2026-05-15"}),
        "6 códigos verificados para el 15 de mayo de 2026",
        "Tal como se escribió",
        "Resultado",
        "Válido",
        "Encabezado, no facturable",
        "Códigos facturables que dependen de él:",
        "Dado de baja",
        "Diagnóstico ICD-10-CM: el código M54.5 se dio de baja el 30 de septiembre de 2021.",
        "Use M54.50, M54.51, M54.59 en su lugar.",
        "Modificador 25",
        "Aún no vigente",
        "HCPCS nivel II: el código G0999 entra en vigor el 1 de enero de 2027.",
        "No válido",
        data=data_shown(),
    )
    assert_spanish(
        es_client.post("/codes/verify/", {"codes": " ", "date": "2026-05-15"}),
        "Revise estos campos",
        "Códigos: pegue al menos un código.",
        status=422,
    )


@pytest.mark.usefixtures("codes")
def test_code_page_in_spanish(world: World, es_client: Client) -> None:
    assert_spanish(
        es_client.get("/codes/icd10cm/R079/"),
        "Volver a la búsqueda de códigos",
        "Fecha de servicio",
        "Comprobar",
        "Diagnóstico ICD-10-CM: código válido el 15 de mayo de 2026.",
        "Facturable",
        "Vigencia",
        "Anterior a la primera edición cargada",
        "Depende de",
        data=data_shown(),
    )
    assert_spanish(
        es_client.get("/codes/icd10cm/R07/"),
        "No: es un encabezado; use un código que dependa de él",
        "Códigos que dependen de él",
        data=data_shown(),
    )
    assert_spanish(
        es_client.get("/codes/icd10cm/M545/?date=2026-05-15"),
        "Dado de baja",
        "30 de septiembre de 2021 — reemplazado por M54.50, M54.51, M54.59",
        data=data_shown(),
    )


@pytest.mark.usefixtures("codes")
def test_code_loads_in_spanish(world: World) -> None:
    CodeLoad.objects.create(
        system="icd10cm",
        file_format="package",
        file_name="icd10cm-2026.txt",
        file_sha256="0" * 64,
        source=LoadSource.DEMO,
        records=7,
        added=5,
        changed=1,
        terminated=1,
    )
    client = staff_client("admin.ana", StaffRole.ADMINISTRATOR)

    assert_spanish(
        client.get("/codes/loads/"),
        "Conjuntos de códigos",  # the page and its navigation item
        "Cargue un archivo oficial de códigos.",
        "Elija…",
        "Motivo de ajuste de la reclamación (CARC)",
        "Observación del aviso de remesa (RARC)",
        "Déjelo en blanco para deducirlo del archivo",
        "Qué formatos admite cada sistema",
        "Cargas, de la más reciente a la más antigua",
        "Agregados",
        "Sin cambios",
        "Datos de demostración",
    )
    assert_spanish(
        client.post("/codes/loads/", {"system": ""}),
        "No se cargó el archivo; no cambió nada",
        "Sistema de códigos: Elija uno.",
        status=422,
    )


# ---- prior authorization: the requirement check and the code lists ------------------------------------------


@pytest.fixture
def lists(world: World) -> ListsWorld:
    return lists_world_build(nc=world.member_a.coverages.get().line_of_business)


def test_requirement_check_in_spanish(world: World, lists: ListsWorld, es_client: Client) -> None:
    assert_spanish(
        es_client.get("/prior-auth/"),
        *NAVIGATION,
        "¿Necesita autorización previa?",
        "Consultar y descargar las listas de códigos No-Auth y de empresas revisoras",
        "Línea de negocio y fecha de servicio",
        "(elija)",
        "Encontrar la línea de negocio a partir del afiliado",
        "Líneas de servicio",
        "Línea de servicio 1",
        "Código de procedimiento",
        "Modificadores",
        "Lugar de servicio (POS)",
        "Unidades",
        "Consultar requisitos",
        "Agregar cinco líneas más",
    )
    form = {"line_of_business": lists.nc.code, "date_of_service": "2026-05-15", "rows": "5"}
    for i, code in enumerate(("99213", "70551", "27447", "99201")):
        form[f"lines-{i}-code"] = code
    form["lines-0-place_of_service"] = "11"

    response = es_client.post("/prior-auth/", form)

    assert_spanish(
        response,
        "North Coast CCO, fecha de servicio 15 de mayo de 2026",
        "1 línea no necesita autorización",
        "1 línea se envía a una empresa revisora especializada",
        "1 línea se envía a Cascadia Health",
        "1 línea tiene un código no válido",
        "Lugar de servicio (POS) 11 · 1 unidad",
        "No se necesita autorización",
        "Enviar a Summit Specialty Review",
        "Enviar a Cascadia Health",
        "Código no válido",
        "Corrija el código y vuelva a consultar.",
        "Primero corrija el código",
        "No hay nada que enviar",
        "vigente desde el 1 de mayo de 2026 (categoría: Diagnostic imaging)",
        "envíe la solicitud a Summit Specialty Review.",
        "Dónde y cómo enviar las solicitudes",
        "Envíe la solicitud por fax con las notas clínicas a Gestión de Utilización de Cascadia Health",
        "Listas vigentes en esta fecha",
        "Confirmación para imprimir",
        data=data_shown(),
    )
    printable = re.search(r'href="(/prior-auth/print/\?[^"]+)"', response.content.decode())
    assert printable is not None
    assert_spanish(
        es_client.get(html.unescape(printable.group(1))),
        "Requisitos de autorización previa",
        "Volver a la consulta de requisitos",
        "Autorización previa: North Coast CCO, fecha de servicio 15 de mayo de 2026",
        "Determinado por",
        "Dónde enviar las solicitudes",
        "Las listas cambian con el tiempo",
        data=data_shown(),
    )
    assert_spanish(
        es_client.post("/prior-auth/", {**form, "lines-0-units": "lots", "lines-1-modifiers": "2"}),
        "Revise estos campos",
        "Las unidades son un número entero del 1 al 9999.",
        "Un modificador tiene dos letras o dígitos, como 25 o RT: 2.",
        status=400,
    )


def test_code_lists_in_spanish(world: World, lists: ListsWorld, es_client: Client) -> None:
    assert_spanish(
        es_client.get("/prior-auth/lists/"),
        *NAVIGATION,
        "Listas de códigos No-Auth y de empresas revisoras",
        "Consultar si las líneas de servicio necesitan autorización previa",
        "Código o palabras",
        "Todas las listas",
        "Solo la lista No-Auth",
        "Mostrar códigos",
        "Listas vigentes para Cascadia Advantage Dual el 15 de mayo de 2026",
        data=data_shown(),
    )
    query = f"line_of_business={lists.nc.code}&date=2026-05-15"
    assert_spanish(
        es_client.get(f"/prior-auth/lists/?{query}&q=sleep"),
        "Listas vigentes para North Coast CCO el 15 de mayo de 2026",
        "versión 1, fechas de servicio del 01/01/2026 al 31/07/2026 · no se necesita autorización",
        "envíe estos códigos a Summit Specialty Review",
        "Beacon Sleep Partners revisa las fechas de servicio desde el 1 de julio de 2026.",
        "Las descargas contienen todos los códigos de estas listas",
        "Códigos que coinciden con «sleep»: 1 de 8",
        "Qué hacer",
        "Enviar a Summit Specialty Review",
        data=data_shown(),
    )

    download = es_client.get(f"/prior-auth/lists/export.csv?{query}")
    header = next(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert header[:4] == ["Código", "Sistema", "Descripción", "Qué hacer"]
    pdf = es_client.get(f"/prior-auth/lists/export.pdf?{query}")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split())
    for phrase in ("Listas de códigos de autorización previa: North Coast CCO", "No se necesita autorización"):
        assert phrase in text, phrase
    assert "Prior authorization" not in text


def test_code_list_management_in_spanish(lists: ListsWorld) -> None:
    client = Client()
    client.force_login(lists.editor)
    speak_spanish(client)

    assert_spanish(
        client.get("/prior-auth/manage/"),
        "Administrar listas de códigos",
        "Listas de códigos que determinan a dónde se envía la autorización previa",
        "Cargar una nueva versión",
        "Ver las listas como las ven los proveedores",
        "Listas y la versión vigente hoy",
        "Versión 1, desde el 01/05/2026",
        "Empresas revisoras especializadas",
        "Revisa las fechas de servicio",
        data=data_shown(),
    )
    assert_spanish(
        client.post("/prior-auth/manage/upload/", {"target": "", "effective": ""}),
        "Cargar una versión de una lista de códigos",
        "No se guardó nada. Corrija estos errores y vuelva a cargar el archivo",
        "Elija la lista de la que este archivo es una nueva versión.",
        "North Coast CCO: lista No-Auth",
        "Fecha de vigencia",
        "Nota (opcional)",
        "Cargar como borrador",
        "Descargar un archivo de ejemplo",
        status=400,
    )
    draft = code_list_version_upload(
        line_of_business=lists.nc,
        vendor=lists.summit,
        effective=dt.date(2026, 9, 1),
        file_name="summit.csv",
        content=csv_bytes([("70551", "cpt", "Imaging", ""), ("99201", "cpt", "Diagnostic imaging", "")]),
        user=lists.editor,
    )
    assert_spanish(
        client.post(f"/prior-auth/manage/versions/{draft.pk}/publish/", {}),
        "No se publicó",
        "Marque la casilla para confirmar que revisó las diferencias.",
        "Borrador",
        "Fechas de servicio desde el 1 de septiembre de 2026",
        "En comparación con la versión 1 (desde el 1 de mayo de 2026)",
        "1 código agregado",
        "5 códigos eliminados",
        "1 código con la categoría o la nota cambiada",
        "Categorías nuevas, que no están en la versión 1: Imaging.",
        "99201 se dio de baja el 31 de diciembre de 2020, antes de que esta versión entre en vigor.",
        "Publicar o descartar",
        "Descartar este borrador",
        status=400,
        data=data_shown(),
    )
    assert_spanish(
        client.post(f"/prior-auth/manage/versions/{draft.pk}/publish/", {"confirm": "yes"}, follow=True),
        "Se publicó la versión 2: se aplica a las fechas de servicio desde el 1 de septiembre de 2026.",
        "Versiones, de la fecha de vigencia más reciente a la más antigua",
        "Lista de empresa revisora especializada",
        "Publicada",
        "vigente hoy",
        data=data_shown(),
    )


# ---- prior authorization: the provider's requests -----------------------------------------------------------


@pytest.fixture
def auth(world: World, settings: Any, tmp_path: Path) -> AuthWorld:
    settings.VAR_DIR = tmp_path  # attachments are written under VAR_DIR
    return auth_world_build(world)


def authorization_form(auth: AuthWorld, key: str = "es-key-1", **changes: str) -> dict[str, object]:
    """The new-request form as a person fills it in: member A, a plan line, a vendor line and a No-Auth line."""
    member = auth.world.member_a
    data: dict[str, object] = {
        "idempotency_key": key,
        "rows": "3",
        "member_id": member.member_number,
        "birth_date": member.birth_date.isoformat(),
        "setting": "outpatient",
        "urgency": "standard",
        "requesting_npi": auth.npi_a,
        "diagnoses-0": "M17.11",
        "lines-0-code": "27447",
        "lines-0-start": "2026-06-01",
        "lines-0-place_of_service": "22",
        "lines-1-code": "70551",
        "lines-1-start": "2026-06-01",
        "lines-2-code": "99213",
        "lines-2-start": "2026-06-01",
        "lines-2-units": "2",
        "clinical_notes": "Pain for two years; therapy tried.",
        "action": "submit",
    }
    data.update(changes)
    return data


def test_new_authorization_request_in_spanish(auth: AuthWorld, es_client: Client) -> None:
    listing = es_client.get("/authorizations/")
    assert f'href="/authorizations/" aria-current="page">{AUTHORIZATIONS}</a>' in listing.content.decode()
    assert_spanish(
        listing,
        *NAVIGATION,
        AUTHORIZATIONS,
        "Solicitudes de autorización previa",
        "Nueva solicitud",
        "Consultar primero si un servicio necesita autorización",
        "Filtrar",
        "Cualquiera",
        "Enviadas desde",
        "Solo las solicitudes que envié yo",
        "Borrar los filtros",
        "Ninguna solicitud coincide.",
    )
    assert_spanish(
        es_client.get("/authorizations/new/"),
        *NAVIGATION,
        AUTHORIZATIONS,
        "Nueva solicitud de autorización previa",
        "Afiliado",
        "ID de afiliado",
        "Tipo de atención",
        "Atención ambulatoria",
        "Equipo médico duradero",
        "Urgencia",
        "Acelerada",
        "Estándar: se decide en un plazo de 7 días calendario. Acelerada: en un plazo de 72 horas.",
        "Para una solicitud acelerada: declaro que",
        "Profesional solicitante",
        "Profesional que presta el servicio (si es otro)",
        "(ninguno de los nuestros)",
        "Diagnósticos (ICD-10-CM, el principal primero)",
        "Diagnóstico 1",
        "Línea de servicio 3",
        "Unidades o visitas",
        "Fecha inicial",
        "Lugar de servicio (POS)",
        "Agregar más líneas",
        "Notas clínicas",
        "Archivos adjuntos",
        "vuelva a elegirlos",
        "Enviar la solicitud",
        "Guardar como borrador",
    )
    assert_spanish(
        es_client.get(f"/authorizations/new/?lob={auth.lists.nc.code}&date_of_service=2026-06-01&code=70551"),
        "Las líneas de servicio vienen de la consulta de requisitos para North Coast CCO.",
    )

    bad = authorization_form(
        auth,
        birth_date="",
        requesting_npi="",
        **{"diagnoses-0": "KNEE", "lines-0-units": "lots", "lines-1-modifiers": "2", "lines-2-end": "2026-05-20"},
    )
    assert_spanish(
        es_client.post("/authorizations/new/", bad),
        "Revise estos campos",
        "Introduzca la fecha de nacimiento del afiliado.",
        "Elija el profesional solicitante.",
        "KNEE no tiene el formato de un código ICD-10-CM, como M17.11.",
        "Las unidades o visitas son un número entero del 1 al 9999.",
        "Un modificador tiene dos letras o dígitos, como 26 o RT: 2.",
        "La última fecha de servicio no puede ser anterior a la primera.",
        status=400,
        data=[bad["clinical_notes"]],
    )
    routed = authorization_form(auth, **{"diagnoses-0": "M17", "lines-1-code": "99201"})
    assert_spanish(
        es_client.post("/authorizations/new/", routed),
        "Revise estos campos",
        "M17 es un encabezado",
        "99201 se dio de baja",
        status=400,
        data=[routed["clinical_notes"], *data_shown()],
    )
    assert AuthorizationRequest.objects.count() == 0


def test_authorization_draft_and_request_in_spanish(auth: AuthWorld, es_client: Client) -> None:
    notes = "Pain for two years; therapy tried."
    saved = es_client.post(
        "/authorizations/new/", {**authorization_form(auth, birth_date=""), "action": "save_draft"}, follow=True
    )
    draft = AuthorizationRequest.objects.get()
    assert saved.redirect_chain[-1][0] == f"/authorizations/{draft.pk}/edit/"
    assert_spanish(
        saved,
        AUTHORIZATIONS,
        "Se guardó el borrador. Puede volver a él desde la lista de solicitudes.",
        "Solicitud de autorización previa (borrador)",
        "Enviar la solicitud",
        data=[notes],
    )
    assert_spanish(
        es_client.get("/authorizations/?status=draft"),
        f"Borrador {draft.pk}",
        "Aún no",
        data=[notes],
    )

    upload = SimpleUploadedFile("knee-notes.pdf", PDF, "application/pdf")
    submitted = es_client.post(
        f"/authorizations/{draft.pk}/edit/",
        {**authorization_form(auth, key=draft.idempotency_key or ""), "attachments": upload},
        follow=True,
    )
    draft.refresh_from_db()
    number = draft.number or ""
    assert submitted.redirect_chain[-1][0] == f"/authorizations/{draft.pk}/"
    assert_spanish(
        submitted,
        AUTHORIZATIONS,
        f"Se envió la solicitud {number}. El estado de cada línea aparece abajo.",
        f"Autorización previa {number}",
        f"Indique el número de autorización {number} en la reclamación.",
        "Enviada",
        "Tipo de atención",
        "Atención ambulatoria",
        "Estándar",
        "Profesional solicitante",
        "Diagnósticos",
        "Recibida",
        "Cada línea de servicio, quién la revisa y su estado",
        "Revisado por",
        "Fecha límite de la decisión",
        "Summit Specialty Review",
        "En revisión",
        "No necesita revisión",
        "No requiere autorización",
        "2 unidades",
        "Lugar de servicio (POS) 22",
        "Confirmación para imprimir de las líneas que no necesitan autorización",
        "Notas clínicas",
        "knee-notes.pdf",
        "Agregar archivos",
        "Adjuntar",
        "Historial",
        "Borrador guardado",
        "Línea asignada",
        "Archivo adjunto agregado",
        "Todas las solicitudes",
        data=[notes, *data_shown()],
    )

    assert_spanish(
        es_client.post(
            f"/authorizations/{draft.pk}/attachments/",
            {"attachments": SimpleUploadedFile("notes.txt", b"plain text", "text/plain")},
        ),
        "Revise estos campos",
        "El archivo notes.txt no es PDF, PNG, JPEG, TIFF ni GIF (se comprueba por su contenido, no por su nombre).",
        status=400,
        data=[notes, *data_shown()],
    )
    assert_spanish(
        es_client.get("/authorizations/?status=submitted"),
        "1 solicitud",
        number,
        "Enviada",
        "En revisión",
        data=[notes],
    )
    assert_spanish(
        es_client.get(f"/authorizations/{draft.pk}/not-required/"),
        f"No se necesita autorización: solicitud {number}",
        "Volver a la solicitud",
        "Autorización previa",
        "Líneas de servicio que no necesitan autorización previa y la versión de la lista que lo indica",
        "Determinado por",
        "versión 1",
        "Las listas cambian con el tiempo: esta respuesta es válida para las fechas de servicio indicadas.",
        data=data_shown(),
    )

    duplicate = es_client.post("/authorizations/new/", authorization_form(auth, key="es-key-2"))
    assert_spanish(
        duplicate,
        "Puede que una solicitud abierta ya cubra esto",
        f"Las fechas de la línea 1 (27447) coinciden con las de la línea 1 de la solicitud {number}, que sigue "
        "abierta.",
        f"Abrir {number}",
        "Es una solicitud distinta: enviarla de todos modos.",
        status=409,
        data=[notes],
    )
    assert_spanish(
        es_client.get("/authorizations/987654/"),
        "No se encontró la solicitud de autorización.",
        "Sus solicitudes de autorización previa",
        status=404,
    )


def test_a_request_sent_in_english_reads_in_spanish(auth: AuthWorld, es_client: Client) -> None:
    lines = [{"code": "99213", "start": "2026-06-01"}, {"code": "27447", "start": "2026-06-01", "units": 3}]
    row = authorization_submit(actor=auth.actor(), data=auth.payload(lines=lines)).request
    # Stored when the request was sent (here in English, as the API does): each line's routing reason and the
    # timeline's notes keep the language they were written in.
    written = [
        *row.lines.values_list("route_reason", flat=True),
        *AuthorizationEvent.objects.filter(request=row).values_list("note", flat=True),
        *data_shown(),
    ]

    assert_spanish(
        es_client.get(f"/authorizations/{row.pk}/"),
        f"Autorización previa {row.number}",
        "Enviada",
        "No requiere autorización",
        "En revisión",
        "3 unidades",
        "Línea asignada",
        data=written,
    )
    assert_spanish(
        es_client.get(f"/authorizations/?member_id={auth.world.member_a.member_number}&code=99213"),
        "1 solicitud",
        row.number or "",
    )
    assert_spanish(
        es_client.get(f"/authorizations/{row.pk}/not-required/"),
        f"No se necesita autorización: solicitud {row.number}",
        data=written,
    )
    assert_spanish(
        es_client.get("/authorizations/?submitted_from=yesterday"),
        "Revise estos campos",
        "Introduzca una fecha como 2026-06-01.",
        status=400,
    )


def test_requirement_check_starts_a_request_in_spanish(auth: AuthWorld, es_client: Client) -> None:
    form = {"line_of_business": auth.lists.nc.code, "date_of_service": "2026-06-01", "rows": "2"}
    form |= {"lines-0-code": "70551", "lines-1-code": "99213"}

    assert_spanish(
        es_client.post("/prior-auth/", form),
        AUTHORIZATIONS,
        "Iniciar una solicitud de autorización previa con estas líneas",
        data=data_shown(),
    )


# ---- prior authorization: review, decisions, letters and appeals ---------------------------------------------

REVIEW_LINES = [
    {"code": "27447", "units": 2, "start": "2026-06-01", "end": "2026-06-03"},
    {"code": "70551", "units": 1, "start": "2026-06-01"},
]
DENIAL = {
    "outcome": "denied",
    "reason": "No record of six weeks of physical therapy before surgery.",
    "criteria": "Cascadia Medical Policy MP-112, section 3.2",
}


@pytest.fixture
def reviewer(auth: AuthWorld) -> User:
    """A UM nurse of the plan: the UM reviewer role and no vendor, so the plan's lines are hers to decide."""
    return User.objects.create_user("um.grace", first_name="Grace", staff_roles=[StaffRole.UM_REVIEWER.value])


def reviewer_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return speak_spanish(client)


def stored(row: AuthorizationRequest) -> list[str]:
    """What people and the system wrote on the request, shown as written: routing reasons, notes, questions and
    answers, reasons and criteria of decisions and appeals, the timeline's notes."""
    row.refresh_from_db()
    texts = [row.clinical_notes, *data_shown()]
    for line in row.lines.all():
        texts += [line.route_reason, line.decision_reason, line.decision_criteria, line.appeal_reason]
        texts += [line.extension_reason]
    for info in row.information_requests.all():
        texts += [info.question, info.answer]
    texts += row.events.values_list("note", flat=True)
    return [text for text in texts if text]


def pdf_words(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_review_queue_in_spanish(auth: AuthWorld, reviewer: User) -> None:
    client = reviewer_client(reviewer)
    assert_spanish(
        client.get("/authorizations/review/"),
        "Cola de revisión",  # the page and its navigation item
        "Líneas de autorización previa abiertas para la Gestión de Utilización del plan, primero las que vencen antes.",
        "«Por vencer»: vence en un plazo de 24 horas.",
        "0 líneas vencidas · 0 líneas por vencer",
        "Asignación",
        "Todas las líneas abiertas",
        "Asignadas a mí",
        "Sin asignar",
        "Cualquiera",
        "Se solicitó una conversación entre pares (peer-to-peer)",
        "Apelación en revisión",
        "No hay líneas abiertas para revisar.",
    )
    start = dt.datetime(2026, 5, 15, 12, 0, tzinfo=ZoneInfo("America/Los_Angeles"))
    with time_machine.travel(start, tick=False):
        standard = authorization_submit(actor=auth.actor(), data=auth.payload(lines=REVIEW_LINES)).request
        expedited = authorization_submit(
            actor=auth.actor(),
            data=auth.payload(
                urgency="expedited", expedited_attested=True, lines=[{"code": "27447", "start": "2026-06-10"}]
            ),
            idempotency_key="es-expedited",
        ).request
    written = [*stored(standard), *stored(expedited)]

    with time_machine.travel(start + dt.timedelta(hours=50), tick=False):
        client = reviewer_client(reviewer)  # signed in again: a session lasts 8 hours
        text = assert_spanish(
            client.get("/authorizations/review/"),
            "1 línea por vencer",
            "2 líneas abiertas",
            "Fecha límite de la decisión",
            "Proveedor",
            "Revisor",
            "Por vencer",
            "vence en 22 horas",
            "vence en 4 días 22 horas",
            "Acelerada",
            "En revisión",
            "Asignarme",
            f"Asignarme la línea 1 de {expedited.number}",  # the button's label for screen readers
            data=written,
        )
        assert "70551" not in text  # the vendor's line is not the plan's
    with time_machine.travel(start + dt.timedelta(hours=75), tick=False):
        client = reviewer_client(reviewer)
        assert_spanish(
            client.get("/authorizations/review/?assigned=unassigned"),
            "1 línea vencida",
            "Vencida",
            "vencida hace 3 horas",
            data=written,
        )
    assert_spanish(
        client.get("/authorizations/review/987654/"),
        "No se encontró la solicitud de autorización.",
        "Su cola de revisión",
        status=404,
    )


def test_review_and_decision_pages_in_spanish(auth: AuthWorld, reviewer: User, es_client: Client) -> None:
    row = authorization_submit(actor=auth.actor(), data=auth.payload(lines=REVIEW_LINES)).request
    line = row.lines.get(number=1)
    client = reviewer_client(reviewer)
    page = f"/authorizations/review/{row.pk}/"

    assert_spanish(
        client.get(page),
        "Cola de revisión",
        f"Revisión de {row.number}",
        "Organización del proveedor",
        "fecha de nacimiento",
        "1 línea más de esta solicitud se revisa en otro lugar y no se muestra.",
        "Línea 1: 27447",
        "En revisión",
        "Solicitado",
        "2 unidades",
        "Por qué se envió aquí",
        "Fecha límite de la decisión",
        "vence en 6 días 23 horas",
        "Sin asignar",
        "Asignarme",
        "Decidir la línea 1",
        "Aprobada",
        "Aprobada en parte",
        "Denegada",
        "Se solicitó una conversación entre pares (peer-to-peer)",
        "Retirada",
        "Para aprobar lo solicitado, deje vacías las unidades y las fechas",
        "Fecha inicial",
        "Fecha final",
        "Motivo",
        "Obligatorio para una denegación o una aprobación parcial",
        "Criterios o política citados",
        "Registrar la decisión de la línea 1",
        "Por qué se prorroga el plazo de la línea 1",
        "Prorrogar el plazo (una sola vez)",
        "Preguntas al proveedor",
        "No se ha hecho ninguna pregunta.",
        "Pedir más información al proveedor",
        "Enviar la pregunta",
        "Decisiones y cartas",
        "Aún no hay decisiones.",
        "Historial",
        "Volver a la cola",
        data=stored(row),
    )
    assert_spanish(
        client.post(f"/authorizations/review/lines/{line.pk}/assign/", {"action": "assign"}, follow=True),
        "Se le asignó la línea 1.",
        "Liberar y devolver a la cola",
        "Revisor asignado",
        data=stored(row),
    )

    decide = f"/authorizations/review/lines/{line.pk}/decide/"
    assert_spanish(
        client.post(decide, {"outcome": "denied"}),
        "Revise estos campos",
        "Indique el motivo concreto de la denegación: qué le falta a la solicitud o por qué no cumple los criterios.",
        "Cite los criterios o la política en que se basa la decisión.",
        status=400,
        data=stored(row),
    )
    assert_spanish(
        client.post(decide, {"units": "lots", "start": "June"}),
        "Elija una decisión.",
        "Introduzca un número entero.",
        "Introduzca una fecha como 2026-06-01.",
        status=400,
        data=stored(row),
    )
    assert_spanish(
        client.post(decide, {"outcome": "partially_approved", "units": "5", "reason": "One knee.", "criteria": "MP"}),
        "Una aprobación parcial no puede dar más unidades de las solicitadas.",
        status=400,
        data=[*stored(row), "One knee."],
    )
    assert_spanish(
        client.post(f"/authorizations/review/lines/{line.pk}/extend/", {"reason": " "}),
        "Indique por qué se prorroga el plazo.",
        status=400,
        data=stored(row),
    )
    assert_spanish(
        client.post(f"/authorizations/review/{row.pk}/information/", {"question": ""}),
        "Escriba qué necesita del proveedor.",
        status=400,
        data=stored(row),
    )

    # More information: the provider sees the question and answers it.
    question = "Send the therapy notes, please."
    asked = client.post(f"/authorizations/review/{row.pk}/information/", {"question": question}, follow=True)
    assert_spanish(
        asked,
        "Se envió la pregunta; las líneas esperan la respuesta del proveedor.",
        "Se solicitó más información",
        "Esperando la respuesta",
        data=stored(row),
    )
    assert_spanish(
        es_client.get("/authorizations/"),
        "Se solicitó más información",
        "Necesita su respuesta",
        data=stored(row),
    )
    detail = f"/authorizations/{row.pk}/"
    assert_spanish(
        es_client.get(detail),
        "Necesita su respuesta: el revisor pide más información",
        "Sobre la(s) línea(s) 1; pregunta del",
        question,
        "Su respuesta",
        "Archivos con la respuesta",
        "Enviar la respuesta",
        data=stored(row),
    )
    info = row.information_requests.get()
    answer = f"/authorizations/{row.pk}/questions/{info.pk}/answer/"
    assert_spanish(
        es_client.post(answer, {"answer": ""}),
        "Revise estos campos",
        "Escriba una respuesta o adjunte un archivo.",
        status=400,
        data=stored(row),
    )
    answered = es_client.post(answer, {"answer": "Notes attached: 8 weeks of PT."}, follow=True)
    assert_spanish(
        answered,
        "Se envió su respuesta; la solicitud vuelve a estar en revisión.",
        "Pregunta del",
        "respuesta: Notes attached: 8 weeks of PT.",
        "Información enviada",
        data=stored(row),
    )

    # The reviewer extends the deadline once, then denies the line with a reason and the criteria.
    extension = "Waiting for the surgeon's notes."
    assert_spanish(
        client.post(f"/authorizations/review/lines/{line.pk}/extend/", {"reason": extension}, follow=True),
        "Se prorrogó el plazo de la línea 1.",
        "Plazo prorrogado",
        data=stored(row),
    )
    assert_spanish(
        client.post(f"/authorizations/review/lines/{line.pk}/extend/", {"reason": "Again."}),
        "El plazo de esta línea ya se prorrogó una vez, el",
        status=400,
        data=[*stored(row), "Again."],
    )
    denied = client.post(decide, DENIAL, follow=True)
    assert_spanish(
        denied,
        "Línea 1: Denegada.",
        "Denegada",
        "Criterios",
        "línea 1: Denegada",
        "Carta (PDF)",
        data=stored(row),
    )
    assert_spanish(
        client.post(decide, {"outcome": "approved"}),
        "La línea 1 ya se decidió: Denegada.",
        status=400,
        data=stored(row),
    )

    # The provider reads the decision and its letter, and appeals.
    shown = assert_spanish(
        es_client.get(detail),
        "Decidida",
        "Denegada",
        "Criterios",
        "Cartas de determinación",
        "Línea 1: Denegada (PDF)",
        "Apelar esta línea: línea 1 (27447)",
        "Por qué debería cambiar la decisión",
        "Registros de respaldo",
        "Enviar la apelación",
        data=stored(row),
    )
    assert DENIAL["reason"] in shown
    letter = re.search(r'href="(/authorizations/\d+/letters/\d+/)"', es_client.get(detail).content.decode())
    assert letter is not None
    response = es_client.get(letter.group(1))
    assert response.status_code == 200
    text = pdf_words(b"".join(response.streaming_content))
    for phrase in (
        "Determinación de autorización previa: denegada",
        "Fecha:",
        f"Número de autorización: {row.number}",
        "Organización del proveedor:",
        "Línea de negocio: North Coast CCO",
        "Urgencia: Estándar",
        "Revisado por:",
        "Qué se decidió",
        "Línea Servicio Solicitado Decisión",
        "2 unidad(es),",
        "Motivo de la decisión",
        DENIAL["reason"],
        "Criterios o política aplicados",
        "MP-112",
        "Su derecho a apelar",
        "Puede apelar esta decisión dentro de los 60 días siguientes a la fecha de esta carta.",
        "«Apelar esta línea»",
        "pida una apelación acelerada",
        "conversación entre pares o peer-to-peer",
        "Preguntas",
        "e indique el número de autorización.",
        "Contiene información médica protegida.",
        "Página 1 de 1",
    ):
        assert phrase in text, phrase
    for english in ("Prior-authorization", "What was decided", "Your right to appeal", "Questions", "Page 1"):
        assert english not in text, english

    appeal = f"/authorizations/{row.pk}/lines/{line.pk}/appeal/"
    assert_spanish(
        es_client.post(appeal, {"reason": ""}),
        "Revise estos campos",
        "Indique por qué debería cambiar la decisión.",
        status=400,
        data=stored(row),
    )
    appealed = es_client.post(appeal, {"reason": "Therapy notes for 8 weeks attached."}, follow=True)
    assert_spanish(
        appealed,
        "Se apeló la línea 1; vuelve a estar en revisión.",
        "Apelación en revisión",
        "Apelada",
        data=stored(row),
    )
    assert_spanish(
        client.get(page),
        "Apelación en revisión",
        "Apelada",
        data=stored(row),
    )

    # Approved on appeal: the letter says so, and the provider's page too.
    assert_spanish(
        client.post(decide, {"outcome": "approved"}, follow=True),
        "Línea 1: Aprobada.",
        "(en apelación)",
        "Aprobada en apelación",  # the timeline's note, written in the reviewer's language
        data=[text for text in stored(row) if "apelación" not in text],
    )
    shown = assert_spanish(
        es_client.get(detail),
        "Aprobada",
        "Decidida en apelación",
        "Línea 1: Aprobada (en apelación) (PDF)",
        data=stored(row),
    )
    letters = re.findall(r'href="(/authorizations/\d+/letters/\d+/)"', es_client.get(detail).content.decode())
    assert len(letters) == 2
    text = pdf_words(b"".join(es_client.get(letters[-1]).streaming_content))
    for phrase in (
        "Determinación de autorización previa: aprobada",
        "Esta decisión se tomó sobre la apelación del proveedor.",
        "2 unidad(es),",
        f"Indique el número de autorización {row.number} en la reclamación.",
        "Una aprobación no garantiza el pago",
    ):
        assert phrase in text, phrase


def test_review_access_actions_in_spanish(auth: AuthWorld, reviewer: User) -> None:
    row = authorization_submit(actor=auth.actor(), data=auth.payload()).request
    reviewer_client(reviewer).get(f"/authorizations/review/{row.pk}/")
    client = staff_client("privacy.pat", StaffRole.PRIVACY_OFFICER)

    text = assert_spanish(
        client.get("/privacy/events/"),
        "Cola de revisión de autorizaciones consultada",
        "Solicitud de autorización abierta para revisión",
        "Carta de determinación descargada",
        "Solicitud de autorización abierta para revisión Portal web",  # the reviewer's event
        data=AccessEvent.objects.values_list("detail", flat=True),  # written by the system, in English
    )
    assert "opened for review" not in text
