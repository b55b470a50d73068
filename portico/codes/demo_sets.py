"""The demo world's code sets: ICD-10-CM from the package, the demo's own CPT and HCPCS files, and — when a
folder of the official files is at hand — the real HCPCS, place of service, revenue, CARC, RARC, group and
taxonomy lists, and the NCCI procedure-to-procedure and medically-unlikely-edit files in its ``ncci/`` folder.
Each file is loaded once: a file already loaded (same contents) is skipped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from portico.codes.loading import code_file_load, file_sha256
from portico.codes.models import CodeLoad, CodeSystem, EditFile, LoadSource
from portico.codes.ncci_loading import mue_file_load, ptp_file_load
from portico.common.errors import ValidationFailed

DEMO_DIR = Path(__file__).parent / "demo"

# (system, path inside a folder laid out like shared/data/codesets, format)
OFFICIAL_FILES: tuple[tuple[str, str, str], ...] = (
    (CodeSystem.HCPCS, "hcpcs/HCPC2025_OCT_ANWEB.xlsx", "xlsx"),
    (CodeSystem.POS, "place_of_service/cs-CMS-PlaceofServiceCodes.xml", "fhir-xml"),
    (CodeSystem.REVENUE, "revenue_codes/CodeSystem-CLM-REV-CNTR-CD.fsh", "fsh"),
    (CodeSystem.CARC, "carc/CodeSystem-ANSI-RSN-CD.fsh", "fsh"),
    (CodeSystem.RARC, "rarc/codes.xml", "pyx12-xml"),
    (CodeSystem.GROUP, "claim_adjustment_group_codes/CodeSystem-ANSI-GRP-CD.fsh", "fsh"),
    (CodeSystem.TAXONOMY, "nucc_taxonomy/nucc_taxonomy_251.csv", "csv"),
)


def _load(system: str, path: Path, file_format: str) -> Iterator[str]:
    digest = file_sha256(path)
    already = CodeLoad.objects.filter(system=system, file_format=file_format)
    already = already.filter(file_sha256=digest) if digest else already
    if already.exists():
        yield f"{CodeSystem(system).label}: {path.name} is already loaded."
        return
    for load in code_file_load(system=system, path=path, file_format=file_format, source=LoadSource.DEMO):
        yield (
            f"{CodeSystem(load.system).label}: {load.added:,} codes added from {load.file_name} "
            f"in {load.seconds:.1f} s."
        )


def _load_ncci(folder: Path) -> Iterator[str]:
    """The NCCI files in ``folder/ncci`` (CMS's names: ``ccipra-….txt``, ``MCR_MUE_…_Eff_MM-DD-YYYY….csv``)."""
    ncci = folder / "ncci"
    found = [(EditFile.NCCI_PTP, p) for p in sorted(ncci.glob("cc*.txt"))]
    found += [(EditFile.MUE, p) for p in sorted(ncci.glob("*MUE*.csv"))]
    if not found:
        yield f"No NCCI files in {ncci}; skipped."
    for kind, path in found:
        if CodeLoad.objects.filter(system=kind, file_sha256=file_sha256(path)).exists():
            yield f"{kind.label}: {path.name} is already loaded."
            continue
        try:
            if kind == EditFile.NCCI_PTP:
                load = ptp_file_load(path=path, source=LoadSource.DEMO)
            else:
                load = mue_file_load(path=path, source=LoadSource.DEMO)
        except ValidationFailed as exc:
            yield f"{kind.label}: {path.name} was not loaded: {exc.message}"
            continue
        yield f"{kind.label}: {load.records:,} edits loaded from {load.file_name} in {load.seconds:.1f} s."


def demo_code_sets_load(*, folder: Path | None = None) -> Iterator[str]:
    """Load what the demo world needs; yields a line per file for the person watching."""
    yield from _load(CodeSystem.ICD10CM, Path("package"), "package")
    yield from _load(CodeSystem.CPT, DEMO_DIR / "cpt_demo.csv", "csv")
    official = folder is not None and folder.is_dir()
    if not official:
        yield (
            f"No folder of official code files at {folder}; loading the demo's small HCPCS set instead."
            if folder
            else "Loading the demo's small HCPCS set (give --from DIR for the official files)."
        )
        yield from _load(CodeSystem.HCPCS, DEMO_DIR / "hcpcs_demo.csv", "csv")
        return
    assert folder is not None
    for system, relative, file_format in OFFICIAL_FILES:
        path = folder / relative
        if path.is_file():
            yield from _load(system, path, file_format)
        else:
            yield f"{CodeSystem(system).label}: {relative} is not in {folder}; skipped."
    yield from _load_ncci(folder)
