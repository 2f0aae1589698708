#!/usr/bin/env python3
"""Build the installable QGIS plugin zip, and update its translations.

    python scripts/build_plugin.py [--output dist/verite_terrain.zip]   # `make plugin`
    python scripts/build_plugin.py translations                         # `make translations`

The zip holds one top folder, ``verite_terrain/``: the package files of ``qgis_plugin/``,
``metadata.txt`` from the repository root, the compiled translations (``i18n/*.qm``) and a
copy of the shared pack contract in ``vendor/verite_core/`` (``core/contract.py`` puts
``vendor/`` on ``sys.path``), so the plugin needs nothing beyond QGIS. Entries are sorted and
carry a fixed timestamp and mode, so the same sources give the same bytes.

Only the standard library is used: the build runs with any Python 3.11.
"""

from __future__ import annotations

import argparse
import configparser
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PLUGIN_NAME = "verite_terrain"  # the folder name QGIS installs the plugin under
PLUGIN_SRC = REPO / "qgis_plugin"
CORE_SRC = REPO / "verite_core"
METADATA = REPO / "metadata.txt"
I18N = PLUGIN_SRC / "i18n"
LANGUAGES = ("fr",)
# The one translation context of the plugin's own strings (core/i18n.py CONTEXT).
PLUGIN_CONTEXT = "VeriteTerrain"
DEFAULT_OUTPUT = REPO / "dist" / f"{PLUGIN_NAME}.zip"

ZIP_DATE = (2024, 1, 1, 0, 0, 0)  # fixed, so that rebuilding does not change the bytes
EXCLUDED_DIRS = {"__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache"}
EXCLUDED_SUFFIXES = {".pyc", ".pyo", ".ts", ".pro", ".orig", ".rej", ".swp"}
EXCLUDED_NAMES = {".DS_Store", "Thumbs.db"}

# Fields a plugin needs for plugins.qgis.org and for our users (tracker, changelog...).
REQUIRED_METADATA = (
    "name", "qgisMinimumVersion", "description", "about", "version", "author", "email",
    "repository", "tracker", "homepage", "tags", "changelog", "hasProcessingProvider",
)  # fmt: skip

# Files without which the installed plugin cannot start; the build fails if one is missing.
REQUIRED_FILES = (
    "metadata.txt",
    "__init__.py",
    "plugin.py",
    "icon.svg",
    "i18n/__init__.py",
    *(f"i18n/{PLUGIN_NAME}_{lang}.qm" for lang in LANGUAGES),
    "core/contract.py",
    "vendor/verite_core/__init__.py",
    "models/verite-sealed-proxy-dw-l1c-b0.onnx",
    "vendor/verite_core/pack/__init__.py",
    "vendor/verite_core/data/pack.schema.json",
)

ABSOLUTE_SELF_IMPORT = re.compile(r"^\s*(from|import)\s+qgis_plugin\b", re.MULTILINE)


class BuildError(Exception):
    """The plugin cannot be packaged; the message lists every problem found."""


@dataclass(frozen=True)
class Entry:
    arcname: str  # path inside the top folder, with "/" separators
    source: Path


def _included(path: Path, root: Path) -> bool:
    rel = path.relative_to(root)
    if any(part in EXCLUDED_DIRS or part.startswith(".") for part in rel.parts[:-1]):
        return False
    return (
        path.suffix not in EXCLUDED_SUFFIXES
        and path.name not in EXCLUDED_NAMES
        and not path.name.endswith("~")
    )


def _tree(root: Path, prefix: str, skip_top: set[str] = frozenset()) -> list[Entry]:
    entries = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if not path.is_file() or rel.parts[0] in skip_top or not _included(path, root):
            continue
        entries.append(Entry(prefix + rel.as_posix(), path))
    return entries


def plugin_entries() -> list[Entry]:
    """Everything that goes into the zip, keyed by its path under ``verite_terrain/``."""
    # A stray qgis_plugin/vendor (from a manual test) never replaces the fresh copy.
    entries = _tree(PLUGIN_SRC, "", skip_top={"vendor"})
    entries.append(Entry("metadata.txt", METADATA))
    entries += _tree(CORE_SRC, "vendor/verite_core/")
    # The shipped model(s), found by core/inference_tasks.model_search_dirs().
    entries += [Entry(f"models/{p.name}", p) for p in sorted((REPO / "onnx_models").glob("*.onnx"))]
    return sorted(entries, key=lambda e: e.arcname)


def metadata_problems(text: str, arcnames: set[str] | None = None) -> list[str]:
    """Problems with a metadata.txt: missing fields, bad versions, an icon not shipped."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive (qgisMinimumVersion)
    try:
        parser.read_string(text)
    except configparser.Error as exc:
        return [f"metadata.txt does not parse: {exc}"]
    if not parser.has_section("general"):
        return ["metadata.txt has no [general] section"]
    general = parser["general"]
    problems = [
        f"metadata.txt: '{key}' is missing or empty"
        for key in REQUIRED_METADATA
        if not general.get(key, "").strip()
    ]
    for key in ("version", "qgisMinimumVersion"):
        value = general.get(key, "")
        if value and not re.fullmatch(r"\d+\.\d+(\.\d+)?", value.strip()):
            problems.append(f"metadata.txt: '{key}' is not a version number: {value!r}")
    flag = general.get("hasProcessingProvider", "").strip().lower()
    if flag and flag not in {"yes", "no", "true", "false"}:
        problems.append(f"metadata.txt: 'hasProcessingProvider' must be yes or no: {flag!r}")
    icon = general.get("icon", "").strip()
    if arcnames is not None and icon and icon not in arcnames:
        problems.append(f"metadata.txt: icon '{icon}' is not in the plugin")
    return problems


def source_problems(entries: list[Entry]) -> list[str]:
    """Python files that do not compile, or import the package by its repository name
    (``qgis_plugin``), which does not exist once installed as ``verite_terrain``."""
    problems = []
    for entry in entries:
        if entry.source.suffix != ".py":
            continue
        text = entry.source.read_text(encoding="utf-8")
        try:
            compile(text, str(entry.source), "exec")
        except SyntaxError as exc:
            problems.append(f"{entry.arcname}: syntax error line {exc.lineno}: {exc.msg}")
        if not entry.arcname.startswith("vendor/") and ABSOLUTE_SELF_IMPORT.search(text):
            problems.append(
                f"{entry.arcname}: imports 'qgis_plugin' by name; use a relative import"
            )
    return problems


def _zip_info(arcname: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(arcname, date_time=ZIP_DATE)
    info.create_system = 3  # Unix, so that the mode below is honoured
    if arcname.endswith("/"):
        info.external_attr = (0o40755 << 16) | 0x10
    else:
        info.external_attr = 0o100644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
    return info


def build(output: Path | str = DEFAULT_OUTPUT) -> Path:
    """Write the plugin zip to ``output`` (atomically) and return its path.

    Raises BuildError listing every problem: a required file missing, incomplete
    metadata, a Python file that does not compile or imports ``qgis_plugin``."""
    output = Path(output)
    entries = plugin_entries()
    arcnames = {e.arcname for e in entries}
    problems = [
        f"missing from the plugin: {name}" for name in REQUIRED_FILES if name not in arcnames
    ]
    for ts in sorted(I18N.glob("*.ts")):
        if f"i18n/{ts.stem}.qm" not in arcnames:
            problems.append(f"{ts.name} has no compiled .qm: run `make translations`")
    if METADATA.is_file():
        problems += metadata_problems(METADATA.read_text(encoding="utf-8"), arcnames)
    problems += source_problems(entries)
    if problems:
        raise BuildError("cannot build the plugin zip:\n  " + "\n  ".join(problems))

    directories = sorted(
        {f"{PLUGIN_NAME}/"}
        | {
            f"{PLUGIN_NAME}/" + "/".join(parts[:i]) + "/"
            for parts in (e.arcname.split("/") for e in entries)
            for i in range(1, len(parts))
        }
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".build-", suffix=".zip", dir=output.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", compresslevel=9) as zf:
            names = [(d, None) for d in directories]
            names += [(f"{PLUGIN_NAME}/{e.arcname}", e.source) for e in entries]
            for name, source in sorted(names, key=lambda item: item[0]):
                zf.writestr(_zip_info(name), b"" if source is None else source.read_bytes())
        os.chmod(tmp, 0o644)
        os.replace(tmp, output)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return output


# ---------------------------------------------------------------------------- translations


def _tool(*names: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    raise BuildError(
        f"{names[0]} not found: run `scripts/setup-system.sh test` "
        "(installs pyqt5-dev-tools and qttools5-dev-tools)"
    )


def lrelease_path() -> str:
    return _tool("/usr/lib/qt5/bin/lrelease", "lrelease-qt5", "lrelease")


def translation_sources() -> list[Path]:
    """The plugin's .py and .ui files, the inputs of pylupdate5."""
    return [
        path
        for path in sorted(PLUGIN_SRC.rglob("*"))
        if path.suffix in {".py", ".ui"}
        and _included(path, PLUGIN_SRC)
        and path.relative_to(PLUGIN_SRC).parts[0] != "vendor"
    ]


def unfinished(ts_path: Path) -> list[str]:
    """Source strings of a .ts that have no finished, non-empty translation."""
    missing = []
    for message in ET.parse(ts_path).getroot().iter("message"):
        translation = message.find("translation")
        source = message.findtext("source") or ""
        if translation is None or translation.get("type") in {"unfinished", "obsolete"}:
            missing.append(source)
        elif translation.get("type") != "vanished" and not (
            (translation.text or "").strip() or translation.findall("numerusform")
        ):
            missing.append(source)
    return missing


def _message_key(message: ET.Element) -> tuple[str, str]:
    return (message.findtext("source") or "", message.findtext("comment") or "")


def _first_location(message: ET.Element) -> tuple[str, int]:
    location = message.find("location")
    if location is None:
        return ("~", 0)
    return (location.get("filename", ""), int(location.get("line", "0") or 0))


def _previous_translations(ts_path: Path) -> dict[tuple[str, str, str], ET.Element]:
    """(context, source, comment) -> <translation> of an existing .ts."""
    if not ts_path.exists():
        return {}
    found = {}
    for context in ET.parse(ts_path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None:
                found[(name, *_message_key(message))] = translation
    return found


def _merge(fresh: ET.Element, previous: dict[tuple[str, str, str], ET.Element]) -> None:
    """Move pylupdate5's ``@default`` messages into PLUGIN_CONTEXT, then carry the
    previous translations over. A string only known in another context gets that
    translation as a suggestion, left unfinished for a translator to confirm."""
    contexts = {c.findtext("name"): c for c in fresh.findall("context")}
    default = contexts.pop("@default", None)
    if default is not None:
        fresh.remove(default)
        target = contexts.get(PLUGIN_CONTEXT)
        if target is None:
            target = ET.SubElement(fresh, "context")
            ET.SubElement(target, "name").text = PLUGIN_CONTEXT
            contexts[PLUGIN_CONTEXT] = target
        known = {_message_key(m): m for m in target.findall("message")}
        for message in default.findall("message"):
            twin = known.get(_message_key(message))
            if twin is None:
                target.append(message)
                known[_message_key(message)] = message
            else:  # same string marked both ways: one message, every location
                where = len(twin.findall("location"))
                for i, location in enumerate(message.findall("location")):
                    twin.insert(where + i, location)
    by_source = {key[1:]: t for key, t in previous.items() if t.get("type") is None}
    for name, context in sorted(contexts.items()):
        fresh.remove(context)
        fresh.append(context)
        messages = context.findall("message")
        for message in messages:  # in source order: file, then line
            context.remove(message)
        for message in sorted(messages, key=_first_location):
            context.append(message)
        for message in context.findall("message"):
            old = previous.get((name, *_message_key(message)))
            suggestion = by_source.get(_message_key(message))
            current = message.find("translation")
            if old is not None:
                message.remove(current)
                message.append(old)
            elif suggestion is not None:
                current.text = suggestion.text
                current.set("type", "unfinished")


def _write_ts(root: ET.Element, ts_path: Path, lang: str) -> None:
    root.set("language", lang)
    root.set("sourcelanguage", "en")
    root.text = "\n"
    for context in root:  # laid out like Qt's own tools write it
        ET.indent(context, space="    ")
        context.tail = "\n"
    body = ET.tostring(root, encoding="unicode", short_empty_elements=False)
    body = body.replace("></location>", "/>")
    ts_path.write_text(
        f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n', encoding="utf-8"
    )


def update_translations() -> list[str]:
    """pylupdate5 over the plugin sources into every ``i18n/<plugin>_<lang>.ts`` (existing
    translations kept, vanished strings dropped), then lrelease to ``.qm``.
    Returns the "<lang>: <source>" strings still waiting for a translation."""
    pylupdate = _tool("pylupdate5")
    lrelease = lrelease_path()
    I18N.mkdir(exist_ok=True)
    sources = [str(p.relative_to(PLUGIN_SRC)) for p in translation_sources()]
    waiting = []
    for lang in LANGUAGES:
        ts = I18N / f"{PLUGIN_NAME}_{lang}.ts"
        # Extract into a fresh file next to the real one (locations are relative to it,
        # so the .ts holds no machine paths), then merge the translations we have.
        fresh = I18N / f".fresh_{lang}.ts"
        try:
            subprocess.run(
                [pylupdate, "-noobsolete", *sources, "-ts", os.path.relpath(fresh, PLUGIN_SRC)],
                cwd=PLUGIN_SRC,
                check=True,
                capture_output=True,
            )
            root = ET.parse(fresh).getroot()
        finally:
            fresh.unlink(missing_ok=True)
        _merge(root, _previous_translations(ts))
        _write_ts(root, ts, lang)
        subprocess.run(
            [lrelease, "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True
        )
        waiting += [f"{lang}: {source}" for source in unfinished(ts)]
    return waiting


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", choices=["zip", "translations"], default="zip")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="zip to write")
    args = parser.parse_args(argv)
    try:
        if args.command == "translations":
            waiting = update_translations()
            if waiting:
                print(
                    f"{len(waiting)} string(s) need a translation; edit the .ts files in "
                    f"{I18N.relative_to(REPO)}/ (e.g. with `linguist`), then run "
                    "`make translations` again:",
                    file=sys.stderr,
                )
                for line in waiting:
                    print(f"  {line}", file=sys.stderr)
                return 1
            print(f"translations up to date in {I18N.relative_to(REPO)}/")
            return 0
        path = build(args.output)
    except (BuildError, subprocess.CalledProcessError) as exc:
        print(exc, file=sys.stderr)
        return 1
    with zipfile.ZipFile(path) as zf:
        count = sum(not n.endswith("/") for n in zf.namelist())
    print(f"built {path} ({count} files, {path.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
