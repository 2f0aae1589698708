"""Plot attribute checks against the pack's nomenclature and descriptor schema."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from .manifest_checks import EARLIEST_OBSERVATION
from .problems import Problem
from .textcheck import text_problems

_URL = re.compile(
    r"^(https?://[^\s<>\"]+|(?!.*\.\.)[A-Za-z0-9_./-]+\.(jpe?g|png|webp|tiff?))$", re.IGNORECASE
)


@dataclass
class PlotAttributes:
    """A plot's attributes after checking and type coercion."""

    plot_id: str
    class_code: str | None
    observed_on: dt.date | None
    collector: str | None
    photos: list[str]
    notes: str | None
    descriptors: dict[str, Any] = field(default_factory=dict)
    required: int = 0
    required_present: int = 0

    @property
    def completeness(self) -> float:
        """C: share of the required descriptors that are filled (1 when none are required)."""
        return 1.0 if self.required == 0 else self.required_present / self.required


def _applies(rule: dict, class_code: str | None) -> bool:
    targets = rule.get("applies_to")
    return not targets or class_code in targets


def coerce_descriptor(desc: dict, value: Any) -> tuple[Any, str | None]:
    """(typed value, error message or None) for one descriptor value."""
    kind = desc.get("type")
    if kind == "category":
        allowed = [v["value"] for v in desc.get("values", [])]
        text = str(value)
        if text not in allowed:
            return None, f"{text!r} is not one of {', '.join(allowed)}"
        return text, None
    if kind in ("integer", "decimal", "percent"):
        if isinstance(value, bool):
            return None, f"must be a number, got {value!r}"
        try:
            number = float(value) if not isinstance(value, int | float) else value
        except (TypeError, ValueError):
            return None, f"must be a number, got {value!r}"
        if number != number or number in (float("inf"), float("-inf")):
            return None, "must be a finite number"
        if kind == "integer":
            if float(number) != int(number):
                return None, f"must be a whole number, got {value!r}"
            number = int(number)
        lo = desc.get("min", 0 if kind == "percent" else None)
        hi = desc.get("max", 100 if kind == "percent" else None)
        if lo is not None and number < lo or hi is not None and number > hi:
            return (
                None,
                f"{number} is outside {lo if lo is not None else '-∞'}..{hi if hi is not None else '∞'}",
            )
        return number, None
    if kind == "boolean":
        if isinstance(value, bool):
            return value, None
        if value in (0, 1) or str(value).lower() in ("true", "false", "0", "1", "yes", "no"):
            return str(value).lower() in ("1", "true", "yes"), None
        return None, f"must be true or false, got {value!r}"
    if kind == "date":
        try:
            return dt.date.fromisoformat(str(value)[:10]).isoformat(), None
        except ValueError:
            return None, f"{value!r} is not a date (YYYY-MM-DD)"
    if not isinstance(value, str):
        return None, f"must be text, got {type(value).__name__}"
    if len(value) > 2000:
        return None, "text is longer than 2000 characters"
    return value, None


def _photos(value: Any) -> list[str] | None:
    if value in (None, ""):
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
            if isinstance(parsed, list):
                return [str(v) for v in parsed]
        except ValueError:
            pass
        return [p.strip() for p in value.split(",") if p.strip()]
    return None


def check_attributes(
    props: dict[str, Any], plot_id: str, manifest: dict, class_codes: set[str], today: dt.date
) -> tuple[PlotAttributes, list[Problem]]:
    """Check one plot's attributes; descriptors are checked only where they apply."""
    out: list[Problem] = []
    raw_class = props.get("class_code")
    class_code = None if raw_class in (None, "") else str(raw_class)
    if class_code is None:
        out.append(Problem("plot.class_missing", "class_code is empty", "class_code", plot_id))
    elif class_codes and class_code not in class_codes:
        out.append(
            Problem(
                "plot.class_unknown",
                f"class {class_code!r} is not in the pack's nomenclature",
                "class_code",
                plot_id,
            )
        )
    observed_on = None
    raw_date = props.get("observed_on")
    if raw_date not in (None, ""):
        try:
            observed_on = dt.date.fromisoformat(str(raw_date)[:10])
        except ValueError:
            out.append(
                Problem(
                    "plot.date", f"{raw_date!r} is not a date (YYYY-MM-DD)", "observed_on", plot_id
                )
            )
        else:
            if not EARLIEST_OBSERVATION <= observed_on <= today:
                out.append(
                    Problem(
                        "plot.date_range",
                        f"{observed_on} is outside {EARLIEST_OBSERVATION}..{today}",
                        "observed_on",
                        plot_id,
                    )
                )
            elif not _in_period(observed_on, manifest.get("observation_period")):
                out.append(
                    Problem(
                        "plot.date_outside_period",
                        f"{observed_on} is outside the pack's observation period",
                        "observed_on",
                        plot_id,
                        "warning",
                    )
                )
    photos = _photos(props.get("photos"))
    if photos is None:
        out.append(Problem("plot.photos", "photos must be a list of links", "photos", plot_id))
        photos = []
    for link in photos:
        if not _URL.match(link):
            out.append(
                Problem(
                    "plot.photo_link",
                    f"{link[:80]!r} is not an http(s) link or an image file name",
                    "photos",
                    plot_id,
                )
            )
    for key, longest in (("collector", 200), ("notes", 5000)):
        if isinstance(props.get(key), str):
            out += text_problems(props[key], key, plot_id)
            if len(props[key]) > longest:
                out.append(
                    Problem("plot.text_length", f"longer than {longest} characters", key, plot_id)
                )
    attrs = PlotAttributes(
        plot_id,
        class_code,
        observed_on,
        _text(props.get("collector")),
        photos,
        _text(props.get("notes")),
    )
    out += _check_descriptors(props, attrs, manifest)
    return attrs, out


def _in_period(day: dt.date, period: Any) -> bool:
    try:
        return dt.date.fromisoformat(period["start"]) <= day <= dt.date.fromisoformat(period["end"])
    except (KeyError, TypeError, ValueError):
        return True  # no usable period: the manifest checks report that


def _text(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def _check_descriptors(props: dict, attrs: PlotAttributes, manifest: dict) -> list[Problem]:
    out = []
    descriptors = [
        d for d in manifest.get("descriptors") or [] if isinstance(d, dict) and d.get("key")
    ]
    for desc in descriptors:
        key = desc["key"]
        value = props.get(key)
        applies = _applies(desc, attrs.class_code)
        if value in (None, ""):
            if applies and desc.get("required"):
                attrs.required += 1
                out.append(
                    Problem(
                        "plot.descriptor_missing",
                        f"required descriptor '{key}' is empty (lowers completeness C)",
                        key,
                        attrs.plot_id,
                        "warning",
                    )
                )
            continue
        typed, error = coerce_descriptor(desc, value)
        if error:
            out.append(
                Problem(
                    "plot.descriptor_value",
                    f"{desc.get('label', key)}: {error}",
                    key,
                    attrs.plot_id,
                )
            )
            continue
        if isinstance(typed, str):
            out += text_problems(typed, key, attrs.plot_id)
        if applies and desc.get("required"):
            attrs.required += 1
            attrs.required_present += 1
        attrs.descriptors[key] = typed
    for rule in manifest.get("constraints") or []:
        if (
            not isinstance(rule, dict)
            or rule.get("kind") != "sum"
            or not _applies(rule, attrs.class_code)
        ):
            continue
        keys = rule.get("keys") or []
        values = [attrs.descriptors.get(k) for k in keys]
        if (
            all(isinstance(v, int | float) for v in values)
            and abs(sum(values) - rule["total"]) > 0.01
        ):
            message = rule.get("message") or f"{' + '.join(keys)} must equal {rule['total']}"
            out.append(
                Problem(
                    "plot.constraint",
                    f"{message} (got {sum(values):g})",
                    "+".join(keys),
                    attrs.plot_id,
                )
            )
    return out
