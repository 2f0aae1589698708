"""QGIS layer style (QML) for a pack's plots layer, built from its manifest.

The style is stored in the GeoPackage's ``layer_styles`` table, so QGIS opens a pack with
class colours and a ready attribute form (value maps, sliders, constraints, a tab per
descriptor group shown only for the classes it applies to) — with or without our plugin.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from .fileformat import CORE_FIELDS

_WIDGET_FOR_TYPE = {
    "percent": "Range",
    "integer": "Range",
    "decimal": "TextEdit",
    "boolean": "CheckBox",
    "date": "DateTime",
    "text": "TextEdit",
    "category": "ValueMap",
}


def _opt(name: str | None, kind: str, value: object) -> str:
    name_attr = f" name={quoteattr(name)}" if name is not None else ""
    return f"<Option{name_attr} type={quoteattr(kind)} value={quoteattr(str(value))}/>"


def _value_map(pairs: list[tuple[str, str]]) -> str:
    items = "".join(
        f'<Option type="Map">{_opt(label, "QString", value)}</Option>' for value, label in pairs
    )
    return f'<Option type="Map"><Option name="map" type="List">{items}</Option></Option>'


def _rgba(hex_color: str | None, alpha: int = 255) -> str:
    color = (hex_color or "#9e9e9e").lstrip("#")
    r, g, b = (int(color[i : i + 2], 16) for i in (0, 2, 4))
    return f"{r},{g},{b},{alpha}"


def _sql_list(codes: list[str]) -> str:
    return ", ".join("'" + c.replace("'", "''") + "'" for c in codes)


def _widget(desc: dict) -> str:
    kind = desc.get("type")
    widget = _WIDGET_FOR_TYPE.get(kind, "TextEdit")
    if widget == "ValueMap":
        config = _value_map([(v["value"], v["label"]) for v in desc.get("values", [])])
    elif widget == "Range":
        lo = desc.get("min", 0 if kind == "percent" else -2147483647)
        hi = desc.get("max", 100 if kind == "percent" else 2147483647)
        style = "Slider" if kind == "percent" else "SpinBox"
        step = 5 if kind == "percent" else 1
        config = (
            '<Option type="Map">'
            + _opt("AllowNull", "bool", "true")
            + _opt("Min", "int", int(lo))
            + _opt("Max", "int", int(hi))
            + _opt("Step", "int", step)
            + _opt("Style", "QString", style)
            + "</Option>"
        )
    elif widget == "CheckBox":
        config = (
            '<Option type="Map">'
            + _opt("CheckedState", "QString", "")
            + _opt("UncheckedState", "QString", "")
            + "</Option>"
        )
    elif widget == "DateTime":
        config = _date_config()
    else:
        config = (
            '<Option type="Map">'
            + _opt("IsMultiline", "bool", "false")
            + _opt("UseHtml", "bool", "false")
            + "</Option>"
        )
    return f'<editWidget type="{widget}"><config>{config}</config></editWidget>'


def _date_config() -> str:
    return (
        '<Option type="Map">'
        + _opt("allow_null", "bool", "true")
        + _opt("calendar_popup", "bool", "true")
        + _opt("display_format", "QString", "yyyy-MM-dd")
        + _opt("field_format", "QString", "yyyy-MM-dd")
        + _opt("field_iso_format", "bool", "false")
        + "</Option>"
    )


def _constraints(manifest: dict) -> dict[str, list[tuple[str, str, int]]]:
    """field -> [(expression, description, strength)] (strength 1 hard, 2 soft)."""
    out: dict[str, list[tuple[str, str, int]]] = {}
    for desc in manifest.get("descriptors") or []:
        if not desc.get("required"):
            continue
        key, codes = desc["key"], desc.get("applies_to") or []
        cond = f'coalesce("class_code" IN ({_sql_list(codes)}), false)' if codes else "true"
        out.setdefault(key, []).append(
            (f'NOT {cond} OR "{key}" IS NOT NULL', f"{desc['label']} is required for this class", 2)
        )
    for rule in manifest.get("constraints") or []:
        keys, codes = rule["keys"], rule.get("applies_to") or []
        cond = f'coalesce("class_code" IN ({_sql_list(codes)}), false)' if codes else "true"
        nulls = " OR ".join(f'"{k}" IS NULL' for k in keys)
        total = " + ".join(f'"{k}"' for k in keys)
        expr = f"NOT {cond} OR {nulls} OR abs(({total}) - {rule['total']}) < 0.01"
        message = rule.get("message") or f"{' + '.join(keys)} must equal {rule['total']}"
        out.setdefault(keys[0], []).append((expr, message, 1))
    return out


def plots_style_qml(manifest: dict, field_names: list[str]) -> str:
    """The QML document for the plots layer; ``field_names`` in layer order (fid first)."""
    classes = (manifest.get("nomenclature") or {}).get("classes") or []
    descriptors = manifest.get("descriptors") or []
    labels = {
        "plot_id": "Plot id",
        "class_code": "Class",
        "observed_on": "Observed on",
        "collector": "Collector",
        "photos": "Photo links",
        "notes": "Notes",
    }
    labels.update(
        {d["key"]: d["label"] + (f" ({d['unit']})" if d.get("unit") else "") for d in descriptors}
    )
    categories = "".join(
        f'<category render="true" symbol="{i}" value={quoteattr(c["code"])} label={quoteattr(c["name"])}/>'
        for i, c in enumerate(classes)
    )
    symbols = "".join(_fill_symbol(str(i), c.get("color")) for i, c in enumerate(classes))
    fields = [
        '<field name="class_code" configurationFlags="None"><editWidget type="ValueMap"><config>'
        + _value_map([(c["code"], f"{c['name']}") for c in classes])
        + "</config></editWidget></field>",
        f'<field name="observed_on" configurationFlags="None"><editWidget type="DateTime"><config>{_date_config()}</config></editWidget></field>',
    ]
    fields += [
        f'<field name={quoteattr(d["key"])} configurationFlags="None">{_widget(d)}</field>'
        for d in descriptors
    ]
    aliases = "".join(
        f'<alias field={quoteattr(n)} index="{i}" name={quoteattr(labels.get(n, ""))}/>'
        for i, n in enumerate(field_names)
    )
    rules = _constraints(manifest)
    constraint_flags = "".join(
        f'<constraint field={quoteattr(n)} constraints="{1 if n in ("plot_id", "class_code") else (4 if n in rules else 0)}" '
        f'notnull_strength="{1 if n in ("plot_id", "class_code") else 0}" unique_strength="0" '
        f'exp_strength="{min(s for _, _, s in rules[n]) if n in rules else 0}"/>'
        for n in field_names
    )
    expressions = "".join(
        f"<constraint field={quoteattr(n)} exp={quoteattr(' AND '.join(f'({e})' for e, _, _ in rules[n]))} "
        f"desc={quoteattr('; '.join(d for _, d, _ in rules[n]))}/>"
        for n in field_names
        if n in rules
    )
    obs = (manifest.get("observation_period") or {}).get("start")
    default_date = f"to_date('{obs}')" if obs else "to_date(now())"
    return (
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        '<qgis version="3.22.16-Białowieża" styleCategories="AllStyleCategories">'
        '<renderer-v2 type="categorizedSymbol" attr="class_code" symbollevels="0" enableorderby="0" forceraster="0">'
        f"<categories>{categories}</categories><symbols>{symbols}</symbols></renderer-v2>"
        f"<fieldConfiguration>{''.join(fields)}</fieldConfiguration>"
        f"<aliases>{aliases}</aliases>"
        f'<defaults><default field="observed_on" expression={quoteattr(default_date)} applyOnUpdate="0"/></defaults>'
        f"<constraints>{constraint_flags}</constraints>"
        f"<constraintExpressions>{expressions}</constraintExpressions>"
        '<editform tolerant="1"></editform><editforminit/><editforminitcodesource>0</editforminitcodesource>'
        "<editorlayout>tablayout</editorlayout>"
        f"<attributeEditorForm>{_form_layout(manifest, field_names)}</attributeEditorForm>"
        "<layerGeometryType>2</layerGeometryType></qgis>\n"
    )


def _fill_symbol(name: str, color: str | None) -> str:
    props = (
        _opt("color", "QString", _rgba(color))
        + _opt("outline_color", "QString", "35,35,35,255")
        + _opt("outline_style", "QString", "solid")
        + _opt("outline_width", "QString", "0.4")
        + _opt("outline_width_unit", "QString", "MM")
        + _opt("style", "QString", "solid")
        + _opt("joinstyle", "QString", "bevel")
    )
    return (
        f'<symbol type="fill" name="{name}" alpha="0.65" clip_to_extent="1" force_rhr="0">'
        f'<layer class="SimpleFill" enabled="1" pass="0" locked="0"><Option type="Map">{props}</Option>'
        "</layer></symbol>"
    )


def _container(
    name: str, fields: list[str], field_names: list[str], visibility: str | None = None
) -> str:
    enabled = "1" if visibility else "0"
    inner = "".join(
        f'<attributeEditorField name={quoteattr(f)} index="{field_names.index(f)}" showLabel="1"/>'
        for f in fields
        if f in field_names
    )
    return (
        f'<attributeEditorContainer name={quoteattr(name)} groupBox="0" columnCount="1" showLabel="1" '
        f'visibilityExpressionEnabled="{enabled}" visibilityExpression={quoteattr(visibility or "")}>'
        f"{inner}</attributeEditorContainer>"
    )


def _form_layout(manifest: dict, field_names: list[str]) -> str:
    """One tab for the plot, one tab per group of descriptors sharing the same classes."""
    tabs = [_container("Plot", list(CORE_FIELDS), field_names)]
    groups: dict[tuple[str, ...], list[str]] = {}
    for desc in manifest.get("descriptors") or []:
        groups.setdefault(tuple(desc.get("applies_to") or ()), []).append(desc["key"])
    names = {
        c["code"]: c["name"] for c in (manifest.get("nomenclature") or {}).get("classes") or []
    }
    for codes, keys in groups.items():
        if codes:
            title = "Descriptors: " + ", ".join(names.get(c, c) for c in codes)
            title = title if len(title) <= 60 else "Descriptors (" + str(len(codes)) + " classes)"
            tabs.append(
                _container(title, keys, field_names, f'"class_code" IN ({_sql_list(list(codes))})')
            )
        else:
            tabs.append(_container("Descriptors", keys, field_names))
    return "".join(tabs)
