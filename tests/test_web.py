"""HTML pages: the catalog (filters, errors, escaping) and the pack page, on both backends."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from server.extensions import db
from server.packs.cli import load_demo
from server.packs.models import Pack
from verite_core.pack.demo import example_manifest

DEMO_TITLE = example_manifest()["title"]
DEMO_PERIOD = "{start} – {end}".format(**example_manifest()["observation_period"])
XSS = "<script>alert(1)</script>"
XSS_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture
def demo_pack(app) -> str:
    """The example forest pack, published as user 'demo'; returns its public id."""
    with app.app_context():
        pack, created = load_demo()
        assert created
        return pack.public_id


def page(client, url: str, status: int = 200, **kw) -> str:
    resp = client.get(url, **kw)
    assert resp.status_code == status, resp.get_data(as_text=True)[:500]
    assert resp.mimetype == "text/html"
    return resp.get_data(as_text=True)


class FormFields(HTMLParser):
    """Collects form controls and the ids that labels point at."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag in ("input", "select", "textarea") and attr.get("type") not in ("hidden", "submit"):
            self.controls.append(attr)
        if tag == "label" and attr.get("for"):
            self.label_for.add(attr["for"])


# --------------------------------------------------------------------------- catalog


def test_catalog_lists_the_demo_pack(client, demo_pack):
    html = page(client, "/")
    assert '<html lang="en"' in html
    assert DEMO_TITLE in html
    assert f'href="/packs/{demo_pack}"' in html
    assert "forest-structure" in html and "CC-BY-4.0" in html and "demo" in html
    assert DEMO_PERIOD in html
    assert 'class="badge level-A"' in html
    assert 'href="/api/v1/schema/pack"' in html
    assert "1 pack." in html


def test_catalog_links_the_api_docs(app, client):
    with app.test_request_context():
        from flask import url_for

        docs = url_for("api_docs.browse")
    assert f'href="{docs}"' in page(client, "/")


def test_catalog_empty_state(client):
    html = page(client, "/")
    assert "No pack has been published yet" in html
    assert "<table" not in html


@pytest.mark.parametrize(
    "query, listed",
    [
        ("theme=forest-structure", True),
        ("theme=other", False),
        ("min_quality=A", True),
        ("min_quality=d", True),
        ("clcplus=3", True),
        ("clcplus=1", False),
        ("class=mixed_forest", True),
        ("eagle=LCC-2_1", True),
        ("license=CC0-1.0", False),
        ("contributor=camille", True),
        ("observed_from=2025-01-01", False),
        ("bbox=2.5,48.3,2.7,48.5", True),
        ("bbox=-10,0,-9,1", False),
        ("q=fontainebleau", True),
    ],
)
def test_catalog_filters(client, demo_pack, query, listed):
    html = page(client, f"/?{query}")
    assert (DEMO_TITLE in html) is listed
    if not listed:
        assert "No pack matches these filters" in html


def test_catalog_keeps_filter_values_in_the_form(client, demo_pack):
    html = page(client, "/?theme=forest-structure&clcplus=3&min_quality=B")
    assert 'name="theme" type="text" value="forest-structure"' in html
    assert '<option value="3" selected>' in html
    assert '<option value="B" selected>' in html


@pytest.mark.parametrize(
    "query, field, message",
    [
        ("bbox=1,2,3", "bbox", "bbox must be"),
        ("bbox=10,0,5,1", "bbox", "bbox must be"),
        ("min_quality=Z", "min_quality", "min_quality must be one of A, B, C, D"),
        ("clcplus=12", "clcplus", "clcplus must be an integer in 1..11"),
        ("observed_from=yesterday", "observed_from", "observed_from must be a date"),
        ("page=0", None, "page must be a positive integer"),
    ],
)
def test_catalog_invalid_filter_shows_the_message_in_the_form(
    client, demo_pack, query, field, message
):
    html = page(client, f"/?{query}", status=400)
    assert 'id="filter-error"' in html and message in html
    assert DEMO_TITLE not in html  # no results under an invalid filter
    if field:
        assert re.search(rf'id="f-{field}"[^>]*aria-invalid="true"', html)


def test_catalog_page_past_the_end(client, demo_pack):
    html = page(client, "/?page=2")
    assert "there is no page 2" in html and DEMO_TITLE not in html


def test_catalog_page_links_keep_only_filters(client, demo_pack):
    html = page(client, "/?page=2&theme=forest-structure&_external=1&_scheme=javascript")
    assert 'href="/?theme=forest-structure&amp;page=1"' in html
    assert "javascript" not in html


def test_catalog_escapes_the_query(client, demo_pack):
    html = page(client, "/", query_string={"q": XSS, "theme": '" autofocus onfocus="alert(1)'})
    assert XSS not in html
    assert XSS_ESCAPED in html
    assert 'onfocus="alert(1)' not in html
    assert "&#34; autofocus onfocus=&#34;alert(1)" in html


def test_catalog_form_fields_all_have_labels(client):
    parser = FormFields()
    parser.feed(page(client, "/"))
    names = {c.get("name") for c in parser.controls}
    assert {"q", "theme", "class", "clcplus", "eagle", "min_quality", "license", "contributor",
            "observed_from", "observed_to", "bbox"} <= names  # fmt: skip
    for control in parser.controls:
        assert control.get("id") in parser.label_for, control


def test_pages_send_security_headers_and_serve_their_stylesheet(client):
    resp = client.get("/")
    assert "script-src 'self'" in resp.headers["Content-Security-Policy"]
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    css_href = re.search(r'<link rel="stylesheet" href="([^"]+)"', resp.get_data(as_text=True))[1]
    css = client.get(css_href)
    assert css.status_code == 200 and css.mimetype == "text/css"
    assert b":focus-visible" in css.data


# --------------------------------------------------------------------------- pack page


def test_pack_page_shows_the_pack(client, demo_pack):
    html = page(client, f"/packs/{demo_pack}")
    assert f"<h1>{DEMO_TITLE}</h1>" in html
    # Facts, contributors and their expertise, acquisitions.
    assert 'href="https://spdx.org/licenses/CC-BY-4.0.html"' in html
    assert "Field visit with photos" in html and "5 m" in html and DEMO_PERIOD in html
    assert "Camille Martin</th><td>expert" in html and "Louis Bernard</th><td>student" in html
    assert "S2B_MSIL2A_20240612T104619_N0510_R051_T31UDP_20240612T131201" in html
    # Nomenclature with colours, CLC+ names, EAGLE codes and plot counts.
    assert "<code>mixed_forest</code>" in html and "Mixed forest" in html
    assert 'fill="#238b23"' in html and "2 – Woody – needle leaved trees" in html
    assert "<code>LCH-3_2_2</code>" in html
    legend = html[html.index('id="nomenclature"') : html.index('id="descriptors"')]
    counts = dict(
        re.findall(r"<code>(\w+)</code></th>.*?<td class=\"num\">(\d+)</td>", legend, re.S)
    )
    assert counts["broadleaved_deciduous_forest"] == "3" and counts["mixed_forest"] == "2"
    assert counts["broadleaved_evergreen_forest"] == "0"
    # Descriptor schema.
    assert "<code>tree_height_class</code>" in html and "20-30 m (20_30)" in html
    # Quality: every component named, R not available without a reference raster.
    for key, name in [("A", "Collector reliability"), ("R", "Reference agreement"), ("M", "Observation method"),
                      ("T", "Timeliness"), ("C", "Completeness"), ("G", "Geometry gate")]:  # fmt: skip
        assert f'<abbr title="{name}">{key}</abbr> {name}' in html
    assert "not available" in html and "0.85" in html
    assert "Q = 100 * G * (0.35*A + 0.20*R + 0.15*M + 0.15*T + 0.15*C)" in html
    # Citation, downloads, OGC API and QGIS instructions, map placeholder with a drawing.
    assert '<textarea id="citation-text"' in html and "Version 1." in html
    for fmt in ("gpkg", "geojson", "original"):
        assert f"/api/v1/packs/{demo_pack}/download?format={fmt}&amp;version=1" in html
    assert f"/ogc/collections/{demo_pack}/items" in html
    assert "Add WFS / OGC API – Features Layer" in html and "http://localhost/ogc" in html
    assert '<div id="map"' in html
    assert html.count("<title>FTB-") == 10


def test_pack_page_versions(client, demo_pack):
    html = page(client, f"/packs/{demo_pack}?version=1")
    assert f'href="/packs/{demo_pack}?version=1">1</a>' in html and "(2024.1)" in html
    missing = page(client, f"/packs/{demo_pack}?version=2", status=404)
    assert "no version 2" in missing and "Back to the catalog" in missing
    assert "version must be an integer" in page(client, f"/packs/{demo_pack}?version=x", status=400)


def test_unknown_pack_is_a_404_page(client):
    html = page(client, "/packs/no-such-pack", status=404)
    assert '<html lang="en"' in html and "Not Found" in html
    assert "no pack with id &#39;no-such-pack&#39;" in html


def test_pack_page_escapes_stored_text(app, client, demo_pack):
    """Packs come from anyone: stored text must never reach the page as markup."""
    with app.app_context():
        pack = db.session.scalar(sa.select(Pack).where(Pack.public_id == demo_pack))
        version = pack.versions[-1]
        manifest = dict(version.manifest)
        manifest["contributors"] = [{"name": XSS, "expertise": "expert"}]
        nomenclature = dict(manifest["nomenclature"])
        nomenclature["classes"] = [
            {**nomenclature["classes"][0], "name": XSS, "color": 'red" onmouseover="alert(1)'}
        ]
        manifest["nomenclature"] = nomenclature
        version.manifest = manifest
        version.title = XSS
        version.description = f"{XSS}\nsecond line"
        version.license = 'x" onclick="alert(1)'
        db.session.commit()
    html = page(client, f"/packs/{demo_pack}")
    assert XSS not in html and "onmouseover" not in html and 'onclick="' not in html
    assert f"<h1>{XSS_ESCAPED}</h1>" in html
    assert f'<th scope="row">{XSS_ESCAPED}</th>' in html
    assert "spdx.org" not in html  # an odd licence id is shown, never linked
    assert page(client, "/").count(XSS_ESCAPED) == 1  # the catalog row
