"""A custom nomenclature (legend) from a table of classes, checked like a manifest's."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from verite_core.pack import validate_against
from verite_core.pack.manifest_checks import nomenclature_problems
from verite_core.pack.problems import errors_of
from verite_core.pack.textcheck import text_problems

from .errors import InvalidManifest
from .i18n import tr

#: Colours given to custom classes that have none (ColorBrewer "Set1" + "Dark2").
PALETTE = (
    "#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00", "#ffff33", "#a65628", "#f781bf",
    "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666",
)  # fmt: skip


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9._-]+", "-", ascii_text.lower()).strip("-._")


def custom_nomenclature(classes: list[tuple[str, str, str | None, int | None]], name: str) -> dict:
    """A nomenclature document from (code, name, colour, CLC+ class) rows.

    Classes without a colour get one from a fixed palette; raises ``InvalidManifest``.
    """
    slug = _slug(name)
    doc: dict[str, Any] = {
        "id": f"custom-{slug}"[:80].rstrip("-._") if slug else "custom",
        "name": name.strip(),
        "classes": [],
    }
    for i, row in enumerate(classes):
        code, label, color, clcplus = (tuple(row) + (None, None, None))[:4]
        cls: dict[str, Any] = {
            "code": str(code).strip(),
            "name": str(label).strip(),
            "color": color or PALETTE[i % len(PALETTE)],
        }
        if clcplus is not None:
            cls["clcplus"] = clcplus
        doc["classes"].append(cls)
    where = "manifest.nomenclature"
    problems = validate_against(doc, "nomenclature", where=where) + nomenclature_problems(doc)
    problems += text_problems(doc["name"], f"{where}.name")
    for i, cls in enumerate(doc["classes"]):
        problems += text_problems(cls["name"], f"{where}.classes[{i}].name")
    problems = errors_of(problems)
    if problems:
        raise InvalidManifest(
            tr("The nomenclature has {count} problem(s)").format(count=len(problems)), problems
        )
    return doc
