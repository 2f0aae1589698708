"""The contributor page, the dashboard page, languages and the front-end assets (no browser).

The browser tests (tests/test_browser_web.py) run the scripts; these check what the server
renders: content readable without JavaScript, French and English, no inline script or
style (the Content-Security-Policy forbids them), nothing loaded from another origin.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from osgeo import ogr

from server.packs.cli import load_demo
from server.web import presenters, routes
from server.web.messages_fr import FR
from verite_core.pack import bundled_nomenclatures, read_pack_bytes, validate_pack
from verite_core.pack.quality import EXPERTISE_PRIOR
from verite_core.pack.reference import clcplus_classes

REPO = Path(__file__).resolve().parents[1]
TEMPLATES = REPO / "server" / "web" / "templates" / "web"
FRONTEND = REPO / "frontend"
# t("...") or t('...') with a literal first argument, in templates and scripts.
T_CALL = re.compile(r"""\bt\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""")
PLACEHOLDER = re.compile(r"\{(\w+)\}")
PAGES = ["/", "/contribute", "/dashboard"]


def literals(paths: list[Path]) -> set[str]:
    found = set()
    for path in paths:
        for match in T_CALL.finditer(path.read_text(encoding="utf-8")):
            text = match.group(1) if match.group(1) is not None else match.group(2)
            found.add(text.replace('\\"', '"').replace("\\'", "'"))
    return found


def page(client, url: str, status: int = 200, **kw) -> str:
    resp = client.get(url, **kw)
    assert resp.status_code == status, resp.get_data(as_text=True)[:500]
    assert resp.mimetype == "text/html"
    return resp.get_data(as_text=True)


class Markup(HTMLParser):
    """Scripts, stylesheets, inline styles and form controls of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict] = []
        self.stylesheets: list[str] = []
        self.style_attrs = 0
        self.style_elements = 0
        self.event_attrs: list[str] = []
        self.controls: list[dict] = []
        self.label_for: set[str] = set()
        self._open_labels = 0

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._open_labels -= 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag == "script":
            self.scripts.append(attr)
        if tag == "link" and attr.get("rel") == "stylesheet":
            self.stylesheets.append(attr.get("href") or "")
        if tag == "style":
            self.style_elements += 1
        self.style_attrs += "style" in attr
        self.event_attrs += [k for k in attr if k.startswith("on")]
        if tag in ("input", "select", "textarea") and attr.get("type") not in ("hidden", "submit"):
            self.controls.append({**attr, "_inside_label": self._open_labels > 0})
        if tag == "label":
            self._open_labels += 1
            if attr.get("for"):
                self.label_for.add(attr["for"])

    def unlabelled(self) -> list[dict]:
        """Controls neither inside a <label> nor named by a label's `for`."""
        return [
            c for c in self.controls if not c["_inside_label"] and c.get("id") not in self.label_for
        ]


def parse(html: str) -> Markup:
    markup = Markup()
    markup.feed(html)
    return markup


# --------------------------------------------------------------------------- contributor page


def test_contribute_page_explains_format_template_nomenclatures_and_quality(client):
    html = page(client, "/contribute")
    for anchor in ("formalise", "template", "nomenclatures", "quality-levels"):
        assert f'id="{anchor}"' in html
    assert (
        'href="/contribute/template.gpkg"' in html and 'href="/contribute/template.geojson"' in html
    )
    # Every bundled nomenclature, every class with its EAGLE codes and CLC+ class.
    for ident, nom in bundled_nomenclatures().items():
        assert f'id="nomenclature-{ident}"' in html
        for cls in nom["classes"]:
            assert f"<code>{cls['code']}</code>" in html
            for code in cls["eagle"]["lcc"] + cls["eagle"]["lch"]:
                assert f"<code>{code}</code>" in html
    assert "1 – Sealed" in html and "no single CLC+ class" in html
    assert "http://localhost/api/v1/nomenclatures" in html
    # Quality: the formula, the levels and every component explained.
    assert "Q = 100 · G · (0.35·A + 0.20·R + 0.15·M + 0.15·T + 0.15·C)" in html
    for _key, name, _meaning in presenters.QUALITY_COMPONENTS:
        assert f'<abbr title="{name}">' in html
    assert "0.90" in html and "0.55" in html  # expert prior, Sentinel-2-only method


def test_template_geojson_is_the_committed_example(client):
    resp = client.get("/contribute/template.geojson")
    assert resp.status_code == 200 and resp.mimetype == "application/geo+json"
    assert "attachment" in resp.headers["Content-Disposition"]
    assert resp.data == (REPO / "docs" / "examples" / "template.geojson").read_bytes()


def test_template_geopackage_is_a_valid_pack_with_the_same_content(client):
    resp = client.get("/contribute/template.gpkg")
    assert resp.status_code == 200 and resp.mimetype == "application/geopackage+sqlite3"
    gpkg = read_pack_bytes(resp.data)
    geojson = read_pack_bytes((REPO / "docs" / "examples" / "template.geojson").read_bytes())
    assert gpkg.source_format == "gpkg" and gpkg.manifest == geojson.manifest
    assert [p.properties["plot_id"] for p in gpkg.plots] == ["P-001"]
    a = ogr.CreateGeometryFromWkb(gpkg.plots[0].wkb)
    b = ogr.CreateGeometryFromWkb(geojson.plots[0].wkb)
    assert abs(a.GetArea() - b.GetArea()) < 1e-12
    assert validate_pack(gpkg).ok


# --------------------------------------------------------------------------- dashboard page


def test_dashboard_page_without_javascript(app, client):
    with app.app_context():
        pack, _ = load_demo()
        option = f'<option value="{pack.public_id}">{pack.title}</option>'
    html = page(client, "/dashboard")
    # The notice for visitors without JavaScript names the API; the controls are labelled.
    assert "POST /api/v1/dashboard/analyze" in html
    assert option in html
    assert 'data-api-base="/api/v1/dashboard"' in html
    assert parse(html).unlabelled() == []
    for mode in ("draw", "bbox", "upload", "pack", "unit"):
        assert f'name="area-mode" value="{mode}"' in html
    assert "No sealed-surface raster is registered" in html


def test_dashboard_page_lists_registered_rasters_with_their_caveat(app, client, tmp_path):
    from osgeo import gdal, osr

    path = tmp_path / "sealed.tif"
    ds = gdal.GetDriverByName("GTiff").Create(str(path), 10, 10, 1, gdal.GDT_Byte)
    ds.SetGeoTransform((3_770_000, 10, 0, 2_840_000, 0, -10))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(3035)
    ds.SetProjection(srs.ExportToWkt())
    ds = None
    args = ["rasters", "add", str(path), "--name", "clcplus-2018", "--year", "2018",
            "--kind", "clcplus", "--caveat", "Test <caveat>"]  # fmt: skip
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    html = page(client, "/dashboard")
    assert "clcplus-2018" in html and "Test &lt;caveat&gt;" in html
    assert 'name="raster" value="1" checked' in html


# --------------------------------------------------------------------------- languages


@pytest.mark.parametrize("url", PAGES)
def test_pages_in_french_by_query_cookie_or_browser(client, url):
    fr = page(client, url + "?lang=fr")
    assert '<html lang="fr"' in fr and "Aller au contenu" in fr
    # The choice is remembered in a cookie...
    assert '<html lang="fr"' in page(client, url)
    # ...until another one is made.
    assert '<html lang="en"' in page(client, url + "?lang=en")
    assert '<html lang="en"' in page(client, url)


def test_language_defaults_to_the_browser_and_varies(app):
    client = app.test_client()  # no cookie
    resp = client.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"})
    assert '<html lang="fr"' in resp.get_data(as_text=True)
    assert "Accept-Language" in resp.headers["Vary"] and "Cookie" in resp.headers["Vary"]
    assert "Set-Cookie" not in resp.headers  # only an explicit ?lang= is remembered
    html = client.get("/", headers={"Accept-Language": "de-DE"}).get_data(as_text=True)
    assert '<html lang="en"' in html
    assert '<html lang="en"' in client.get("/?lang=xx").get_data(as_text=True)


def test_language_links_keep_the_page_and_its_filters_only(client):
    html = page(client, "/?theme=forest-structure&page=1&_scheme=javascript")
    assert 'href="/?theme=forest-structure&amp;page=1&amp;lang=fr" hreflang="fr"' in html
    assert "javascript" not in html


def test_french_numbers_and_catalog_texts(client):
    with client.application.app_context():
        pack_id = load_demo()[0].public_id
    html = page(client, "/?lang=fr")
    assert "Paquets de vérité terrain" in html and "1 paquet." in html
    assert '<span class="score">90,6</span>' in html
    pack_html = page(client, f"/packs/{pack_id}?lang=fr")
    assert "Zone et placettes" in pack_html and "Visite de terrain avec photos" in pack_html
    assert '<abbr title="Fiabilité de la personne">A</abbr>' in pack_html
    # The pack's own texts are its authors': never translated.
    assert "Mixed forest" in pack_html


def test_error_pages_are_translated(client):
    html = page(client, "/packs/nope?lang=fr", status=404)
    assert "Introuvable" in html and "Retour au catalogue" in html


def test_every_template_message_has_a_french_translation():
    used = literals(sorted(TEMPLATES.glob("*.html")))
    # Texts the templates translate through variables (t(name), t(title) ...).
    used |= {name for _key, name, _meaning in presenters.QUALITY_COMPONENTS}
    used |= {meaning for _key, _name, meaning in presenters.QUALITY_COMPONENTS}
    used |= set(presenters.METHOD_LABELS.values()) | set(EXPERTISE_PRIOR)
    used |= set(clcplus_classes().values())
    for nom in bundled_nomenclatures().values():
        used |= {nom["name"], nom["description"]} | {c["name"] for c in nom["classes"]}
    used |= {"Bad Request", "Not Found", "CLC+ Backbone", "model prediction"}
    missing = sorted(text for text in used if text not in FR)
    assert not missing, missing
    for english, french in FR.items():
        assert set(PLACEHOLDER.findall(english)) == set(PLACEHOLDER.findall(french)), english


def test_every_script_message_has_a_french_translation():
    catalogue = json.loads((FRONTEND / "src" / "lib" / "messages-fr.json").read_text())
    used = literals(sorted((FRONTEND / "src").rglob("*.js")))
    missing = sorted(text for text in used if text not in catalogue)
    assert not missing, missing
    for english, french in catalogue.items():
        assert set(PLACEHOLDER.findall(english)) == set(PLACEHOLDER.findall(french)), english


# --------------------------------------------------------------------------- assets, CSP


@pytest.mark.parametrize("url", PAGES)
def test_pages_have_no_inline_script_or_style_and_load_nothing_from_elsewhere(client, url):
    resp = client.get(url)
    csp = resp.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "style-src 'self';" in csp and "unsafe" not in csp
    markup = parse(resp.get_data(as_text=True))
    assert markup.style_attrs == 0 and markup.style_elements == 0 and not markup.event_attrs
    for script in markup.scripts:
        assert script.get("src", "").startswith("/assets/web/dist/"), script
        assert script.get("type") == "module"
    for href in markup.stylesheets:
        assert href.startswith("/assets/web/"), href


def test_pages_include_the_built_scripts_and_work_without_them(client, monkeypatch, tmp_path):
    (tmp_path / "catalog.js").write_text("// built")
    (tmp_path / "maps.css").write_text("/* built */")
    monkeypatch.setattr(routes, "DIST", tmp_path)
    markup = parse(page(client, "/"))
    assert [s["src"].split("?")[0] for s in markup.scripts] == ["/assets/web/dist/catalog.js"]
    assert "/assets/web/dist/maps.css" in [h.split("?")[0] for h in markup.stylesheets]
    monkeypatch.setattr(routes, "DIST", tmp_path / "missing")
    html = page(client, "/")
    assert not parse(html).scripts
    assert "The map needs JavaScript" in html  # the fallback text stays readable


def test_front_end_dependencies_are_pinned_and_locked():
    package = json.loads((FRONTEND / "package.json").read_text())
    lock = json.loads((FRONTEND / "package-lock.json").read_text())
    wanted = {**package["dependencies"], **package["devDependencies"]}
    assert {"leaflet", "chart.js", "esbuild"} <= set(wanted)
    for name, version in wanted.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), (name, version)  # exact pins
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
        entry = lock["packages"][f"node_modules/{name}"]
        assert entry["integrity"].startswith("sha512-"), name  # npm ci checks the tarballs
        resolved = entry.get("resolved", "https://registry.npmjs.org/")
        assert resolved.startswith("https://registry.npmjs.org/"), resolved


def test_the_dashboard_doc_shows_the_browser_tests_screenshots():
    text = (REPO / "docs" / "dashboard.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"\]\(img/(web-[\w-]+\.png)\)", text))
    taken = set(
        re.findall(
            r"shot\(\s*\"(web-[\w-]+\.png)\"", (REPO / "tests" / "test_browser_web.py").read_text()
        )
    )
    assert shown and shown <= taken, shown - taken
    for name in shown:
        assert (REPO / "docs" / "img" / name).stat().st_size > 10_000, name
