"""The web pages in a real headless Chromium (Playwright), against a live server.

Browse the catalog (map of footprints, place search), open the demo pack (plots on the
map, charts), read the contributor page, and use the imperviousness dashboard: draw an
area with the mouse and with the keyboard, pick a boundary unit, and check that every
number the page shows equals what the dashboard API answers for the same area.

The sealed-surface rasters and boundary units are constructed here (see `build_data`):
a 10 m EPSG:3035 grid around the example pack (Fontainebleau) with a "town" that grows
between the CLC+ 2018 and 2021 editions and a model prediction for 2024, registered with
the back end's CLI (`flask rasters add`, `flask boundaries add --precompute`).

Screenshots go to the test's temporary folder; with VT_DOCS_SCREENSHOTS=1 they are also
written to docs/img/web-*.png (the ones docs/dashboard.md shows).

Needs Debian's `chromium` (scripts/setup-system.sh test) and the built front end
(`make frontend`, i.e. `npm ci && npm run build` in frontend/).
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import requests
from osgeo import gdal, ogr, osr

from server.packs.cli import load_demo
from verite_core.pack.demo import example_manifest

REPO = Path(__file__).resolve().parents[1]
DOCS_IMG = REPO / "docs" / "img"
DIST = REPO / "server" / "web" / "static" / "dist"
CHROMIUM = os.environ.get("VT_CHROMIUM", "/usr/bin/chromium")
# The flags of docs (ENV.md): headless, as root, no GPU, nothing fetched in the background.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
]
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 45_000  # generous: CI machines are small and may be busy
PIXEL = 10.0  # metres
EPSG_3035 = "EPSG:3035"
UNITS = {  # code: (name, (row0, col0, row1, col1) as fractions of the grid)
    "77901": ("Sablons", (0, 0, 0.5, 0.5)),
    "77902": ("Butte-Verte", (0, 0.5, 0.5, 1)),
    "77903": ("Vallon", (0.5, 0, 1, 1)),
}

pytestmark = pytest.mark.parametrize("db_backend", ["spatialite"], indirect=True)


# --------------------------------------------------------------------------- data


def _srs(text: str) -> osr.SpatialReference:
    srs = osr.SpatialReference()
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    srs.SetFromUserInput(text)
    return srs


def _grid() -> tuple[float, float, int]:
    """Top-left corner (EPSG:3035) and size of a grid 1.5 km around the example pack."""
    area = ogr.CreateGeometryFromJson(json.dumps(example_manifest()["area"]))
    area.Transform(osr.CoordinateTransformation(_srs("EPSG:4326"), _srs(EPSG_3035)))
    min_x, max_x, min_y, max_y = area.GetEnvelope()
    x0 = math.floor((min_x - 1500) / PIXEL) * PIXEL
    y0 = math.ceil((max_y + 1500) / PIXEL) * PIXEL
    size = int(math.ceil(max(max_x + 1500 - x0, y0 - (min_y - 1500)) / PIXEL))
    return x0, y0, size


def _town(size: int, radius: float, extra: bool) -> np.ndarray:
    """Classes 2..11 everywhere, 1 (sealed) in a town, its roads and (later) a new district."""
    rows, cols = np.indices((size, size))
    data = ((rows // 7 + cols // 11) % 10 + 2).astype(np.uint8)
    centre = size * 0.42
    town = (rows - centre) ** 2 + (cols - centre) ** 2 < radius**2
    data[town] = 1
    data[int(centre) - 2 : int(centre) + 2, :] = 1  # an east-west road
    data[:, int(size * 0.7) : int(size * 0.7) + 3] = 1  # a north-south road
    if extra:
        data[int(size * 0.62) : int(size * 0.75), int(size * 0.15) : int(size * 0.35)] = 1
    data[size - 25 :, : size // 3] = 254  # not data (CLC+ "outside area")
    return data


def _write_cog(path: Path, data: np.ndarray, x0: float, y0: float, nodata: int | None = None):
    size = data.shape[0]
    mem = gdal.GetDriverByName("MEM").Create("", size, size, 1, gdal.GDT_Byte)
    mem.SetGeoTransform((x0, PIXEL, 0.0, y0, 0.0, -PIXEL))
    mem.SetProjection(_srs(EPSG_3035).ExportToWkt())
    mem.GetRasterBand(1).WriteArray(data)
    if nodata is not None:
        mem.GetRasterBand(1).SetNoDataValue(nodata)
    gdal.Translate(str(path), mem, format="COG",
                   creationOptions=["BLOCKSIZE=256", "COMPRESS=DEFLATE",
                                    "OVERVIEW_RESAMPLING=NEAREST"])  # fmt: skip


def _write_units(path: Path, x0: float, y0: float, size: int) -> None:
    """The boundary units as GeoJSON (lon/lat), cut from the grid by rows and columns."""
    to_wgs84 = osr.CoordinateTransformation(_srs(EPSG_3035), _srs("EPSG:4326"))
    features = []
    for code, (name, (r0, c0, r1, c1)) in UNITS.items():
        ring = ogr.Geometry(ogr.wkbLinearRing)
        for r, c in ((r0, c0), (r0, c1), (r1, c1), (r1, c0), (r0, c0)):
            ring.AddPoint_2D(x0 + PIXEL * round(c * size), y0 - PIXEL * round(r * size))
        poly = ogr.Geometry(ogr.wkbPolygon)
        poly.AddGeometry(ring)
        poly.Segmentize(100)  # straight in EPSG:3035, so densified in lon/lat
        poly.Transform(to_wgs84)
        features.append({"type": "Feature", "properties": {"code": code, "nom": name},
                         "geometry": json.loads(poly.ExportToJson())})  # fmt: skip
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))


def build_data(folder: Path) -> dict[str, Path]:
    """Three sealed rasters (CLC+ 2018, 2021, prediction 2024) and a units GeoJSON."""
    folder.mkdir(parents=True, exist_ok=True)
    x0, y0, size = _grid()
    r2018 = _town(size, size * 0.12, extra=False)
    r2021 = _town(size, size * 0.15, extra=True)
    prediction = (r2021 == 1).astype(np.uint8)
    rows, cols = np.indices(prediction.shape)
    prediction[(rows - size * 0.25) ** 2 + (cols - size * 0.8) ** 2 < (size * 0.06) ** 2] = 1
    prediction[r2021 == 254] = 255
    paths = {
        "clcplus-2018": folder / "clcplus_2018.tif",
        "clcplus-2021": folder / "clcplus_2021.tif",
        "prediction-2024": folder / "prediction_2024.tif",
        "units": folder / "units.geojson",
    }
    _write_cog(paths["clcplus-2018"], r2018, x0, y0)
    _write_cog(paths["clcplus-2021"], r2021, x0, y0)
    _write_cog(paths["prediction-2024"], prediction, x0, y0, nodata=255)
    _write_units(paths["units"], x0, y0, size)
    return paths


def register_data(app, folder: Path) -> None:
    """Register the constructed data with the back end's CLI (as an operator would)."""
    paths = build_data(folder)
    runner = app.test_cli_runner()

    def cli(*args: str) -> None:
        result = runner.invoke(args=list(args))
        assert result.exit_code == 0, result.output

    cli("rasters", "add", str(paths["clcplus-2018"]), "--name", "clcplus-2018", "--year", "2018",
        "--kind", "clcplus", "--no-precompute")  # fmt: skip
    cli("rasters", "add", str(paths["clcplus-2021"]), "--name", "clcplus-2021", "--year", "2021",
        "--kind", "clcplus", "--no-precompute")  # fmt: skip
    cli("rasters", "add", str(paths["prediction-2024"]), "--name", "prediction-2024", "--year",
        "2024", "--kind", "prediction", "--model", "vt-segformer-b0", "--ignore-values", "",
        "--no-precompute")  # fmt: skip
    cli("boundaries", "add", str(paths["units"]), "--name", "communes", "--id-field", "code",
        "--name-field", "nom", "--precompute")  # fmt: skip


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def browser() -> Iterator:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: run `sudo scripts/setup-system.sh test`")
    if not (DIST / "dashboard.js").exists():
        pytest.fail(f"the front end is not built ({DIST}): run `make frontend`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Page:
    """A Playwright page that records console errors, CSP violations and failed requests."""

    def __init__(
        self, browser, base: str, shots: Path, locale: str = "en-GB", javascript: bool = True
    ) -> None:
        # Reduced motion: the maps then neither fade tiles in nor animate zooms.
        self.context = browser.new_context(viewport=VIEWPORT, locale=locale,
                                           reduced_motion="reduce", accept_downloads=True,
                                           java_script_enabled=javascript)  # fmt: skip
        self.page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.base = base
        self.shots = shots
        self.problems: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        self.page.on("requestfailed", self._failed)
        self.page.on("response", self._response)

    def _failed(self, request) -> None:
        # Leaflet cancels the tiles it no longer needs when the map moves: not a problem.
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"failed: {request.url} ({request.failure})")

    def _console(self, msg) -> None:
        if msg.type == "error":
            self.problems.append(f"console: {msg.text}")

    def _response(self, resp) -> None:
        if resp.status >= 400 and "favicon" not in resp.url:
            self.problems.append(f"HTTP {resp.status}: {resp.url}")
        if not resp.url.startswith(self.base) and not resp.url.startswith(("data:", "blob:")):
            self.problems.append(f"outside request: {resp.url}")

    def goto(self, path: str) -> None:
        self.page.goto(self.base + path)

    def shot(self, name: str, selector: str | None = None, full_page: bool = False) -> Path:
        """Screenshot of the viewport, the whole page or one element (`selector`)."""
        path = self.shots / name
        if selector:
            self.page.locator(selector).screenshot(path=str(path))
        else:
            self.page.screenshot(path=str(path), full_page=full_page)
        if os.environ.get("VT_DOCS_SCREENSHOTS") == "1":
            shutil.copyfile(path, DOCS_IMG / name)
        return path

    def assert_clean(self) -> None:
        assert self.problems == [], self.problems

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def open_page(browser, tmp_path) -> Iterator:
    pages: list[Page] = []

    def _open(base: str, locale: str = "en-GB", javascript: bool = True) -> Page:
        page = Page(browser, base, tmp_path, locale, javascript)
        pages.append(page)
        return page

    yield _open
    for page in pages:
        page.close()


def en_number(value: float, digits: int) -> str:
    """What the page shows in English (Intl en-GB): grouped thousands, fixed decimals."""
    return f"{value:,.{digits}f}"


def en_percent(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:,.1f}%"


# --------------------------------------------------------------------------- catalog, pack


def test_catalog_map_place_search_and_pack_page(app, live_server, open_page):
    with app.app_context():
        pack, _ = load_demo()
        pack_id, title = pack.public_id, pack.title
    base = live_server()
    tab = open_page(base)
    page = tab.page

    tab.goto("/")
    page.wait_for_selector("#catalog-map[data-ready=true]")
    assert page.get_attribute("#catalog-map", "data-footprints") == "1"
    assert page.locator("#catalog-map path.footprint").count() == 1  # the pack's real area
    assert page.locator("#catalog-map .graticule-line").count() > 2
    assert page.get_attribute("#catalog-map", "tabindex") == "0"  # keyboard reachable
    # Place search (offline): pack titles; choosing one fills the bbox filter.
    page.fill("#f-place", "Fontainebleau")
    page.wait_for_selector("#place-results button")
    page.click("#place-results button")
    bbox = [float(v) for v in page.input_value("#f-bbox").split(",")]
    assert bbox[0] < 2.61 < bbox[2] and bbox[1] < 48.39 < bbox[3]
    tab.shot("web-catalog.png", full_page=True)
    page.click("#filters button[type=submit]")
    page.wait_for_selector("#catalog-map[data-ready=true]")
    assert "bbox=" in page.url and page.locator(f"a[href='/packs/{pack_id}']").count() == 1

    # The pack page: plots on the map, charts of classes and quality.
    page.click(f"a[href='/packs/{pack_id}']")
    page.wait_for_selector("#map[data-ready=true]")
    assert page.get_attribute("#map", "data-plots-drawn") == "10"
    assert page.locator("#map path.plot").count() == 10
    assert page.locator("#map path.footprint").count() == 1
    for chart in ("#class-chart", "#quality-chart", "#levels-chart"):
        assert page.locator(chart).is_visible()
        assert page.eval_on_selector(chart, "c => c.width > 100 && c.height > 50")
    # The map's legend lists the classes the plots use, with the pack's own names.
    detail = requests.get(f"{base}/api/v1/packs/{pack_id}", timeout=10).json()
    legend = page.locator("#map .map-legend li").all_inner_texts()
    assert sorted(legend) == sorted(
        c["name"]
        for c in detail["nomenclature"]["classes"]
        if detail["class_counts"].get(c["code"])
    )
    assert (
        page.locator("a", has_text="STAC item (JSON)")
        .get_attribute("href")
        .endswith(f"/api/v1/packs/{pack_id}/stac?version=1")
    )
    tab.shot("web-pack.png")
    tab.shot("web-pack-quality.png", selector="#quality")
    page.goto(f"{base}/packs/{pack_id}?lang=fr")
    page.wait_for_selector("#map[data-ready=true]")
    assert page.get_attribute("html", "lang") == "fr"
    assert page.locator("h2#area-heading").inner_text() == "Zone et placettes"
    assert title in page.locator("h1").inner_text()
    tab.assert_clean()


def test_contributor_page_and_template(app, live_server, open_page):
    base = live_server()
    tab = open_page(base, locale="fr-FR")
    page = tab.page
    tab.goto("/contribute")  # Accept-Language: fr
    assert page.get_attribute("html", "lang") == "fr"
    assert page.locator("h1").inner_text() == "Contribuer de la vérité terrain"
    tab.shot("web-contribute-fr.png")
    assert page.locator("#nomenclature-clcplus-backbone").is_visible()
    assert "LCC-1_1_1" in page.locator("#nomenclatures").inner_text()
    with page.expect_download() as info:
        page.click("a[href$='template.gpkg']")
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"SQLite format 3\x00")
    # The language choice sticks (cookie) and can be switched back.
    page.click("nav.languages a[hreflang=en]")
    assert page.locator("h1").inner_text() == "Contribute ground truth"
    tab.goto("/")
    assert page.get_attribute("html", "lang") == "en"
    tab.assert_clean()


def test_pages_without_javascript(app, live_server, open_page):
    with app.app_context():
        pack_id = load_demo()[0].public_id
    tab = open_page(live_server(), javascript=False)
    page = tab.page
    tab.goto("/")
    assert page.locator("#catalog-map .map-fallback").is_visible()
    assert not page.locator("#f-place").is_visible()  # the place search needs the scripts
    page.fill("#f-bbox", "2.5,48.3,2.7,48.5")
    page.click("#filters button[type=submit]")
    page.click(f"a[href='/packs/{pack_id}']")
    assert page.locator("#map svg path[fill-rule]").count() >= 10  # the drawing stays
    assert page.locator("#class-table tbody tr").count() == 7
    tab.goto("/dashboard")
    assert page.locator(".no-js").is_visible()
    tab.assert_clean()


# --------------------------------------------------------------------------- dashboard


def _analyze(base: str, body: dict) -> dict:
    resp = requests.post(f"{base}/api/v1/dashboard/analyze", json=body, timeout=60)
    assert resp.status_code == 200, resp.text
    return resp.json()


def _assert_page_matches(page, api: dict) -> None:
    """Every figure of the results equals the API's answer for the same request."""
    assert float(page.get_attribute("#results-summary", "data-area-m2")) == api["area_m2"]
    rows = page.locator("#years-table tbody tr")
    assert rows.count() == len(api["years"])
    for i, year in enumerate(api["years"]):
        row = rows.nth(i)
        assert row.get_attribute("data-raster-id") == str(year["raster_id"])
        assert row.locator("th").inner_text() == str(year["year"])
        for cls, key in (("sealed-area", "sealed_m2"), ("sealed-share", "sealed_share"),
                         ("valid-share", "valid_share")):  # fmt: skip
            cell = row.locator(f"td.{cls}")
            assert float(cell.get_attribute("data-value")) == year[key], (cls, year)
        assert row.locator("td.sealed-area").inner_text() == en_number(year["sealed_m2"] / 1e4, 2)
        assert row.locator("td.sealed-share").inner_text() == en_percent(year["sealed_share"])
    changes = page.locator("#changes-table tbody tr")
    assert changes.count() == len(api["changes"])
    for i, change in enumerate(api["changes"]):
        cells = changes.nth(i).locator("td.num")
        for j, key in enumerate(("gained_m2", "lost_m2", "stable_sealed_m2", "net_m2")):
            assert float(cells.nth(j).get_attribute("data-value")) == change[key]
            assert cells.nth(j).inner_text() == en_number(change[key] / 1e4, 2)


def test_dashboard_draw_compute_compare_with_api(app, live_server, open_page, tmp_path):
    with app.app_context():
        load_demo()
        register_data(app, tmp_path / "data")
    base = live_server()
    tab = open_page(base)
    page = tab.page
    # The catalog's place search also finds the registered boundary units.
    tab.goto("/")
    page.fill("#f-place", "vall")
    page.locator("#place-results button", has_text="Vallon").click()
    west, south, east, north = map(float, page.input_value("#f-bbox").split(","))
    assert 2.5 < west < east < 2.8 and 48.3 < south < north < 48.5

    tab.goto("/dashboard")
    page.wait_for_selector("#dashboard[data-ready=true]")
    assert page.locator("#raster-list input[name=raster]").count() == 3
    assert page.locator("#dashboard-map path.raster-coverage").count() == 3

    # Draw a rectangle with the mouse over the town.
    page.click("[data-draw=rectangle]")
    box = page.locator("#dashboard-map").bounding_box()
    x0, y0 = box["x"] + box["width"] * 0.30, box["y"] + box["height"] * 0.28
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move(x0 + 120, y0 + 90, steps=5)
    page.mouse.move(x0 + 240, y0 + 200, steps=5)
    page.mouse.up()
    geometry = json.loads(page.input_value("#area-geojson"))
    assert geometry["type"] == "Polygon" and len(geometry["coordinates"][0]) == 5
    page.click("#analyze")
    page.wait_for_selector("#results[data-ready=true]")
    api = _analyze(base, {"geometry": geometry, "rasters": [y["raster_id"] for y in
                          _analyze(base, {"geometry": geometry})["years"]]})  # fmt: skip
    assert any(y["sealed_m2"] > 0 for y in api["years"])
    _assert_page_matches(page, api)
    assert "CLC+ Backbone: changes between editions" in page.locator("#years-table").inner_text()

    # Any two years: the default pairs are consecutive years and first → last; 2021 → 2018
    # is none of them, so the page asks the API for that pair.
    ids = [y["raster_id"] for y in api["years"]]
    page.select_option("#change-from", str(ids[1]))
    page.select_option("#change-to", str(ids[0]))
    page.click("#change-compare")
    page.wait_for_selector(f"#changes-table tr[data-from='{ids[1]}'][data-to='{ids[0]}'].current")
    pair = _analyze(base, {"geometry": geometry, "rasters": [ids[1], ids[0]],
                           "pairs": [[ids[1], ids[0]]]})["changes"][0]  # fmt: skip
    row = page.locator(f"#changes-table tr[data-from='{ids[1]}'][data-to='{ids[0]}']")
    assert float(row.locator("td.num").nth(0).get_attribute("data-value")) == pair["gained_m2"]

    # The change map: server tiles between the first and the last year.
    page.select_option("#change-from", str(ids[0]))
    page.select_option("#change-to", str(ids[-1]))
    page.click("#change-map")
    page.wait_for_selector(f"#dashboard-map[data-overlay-loaded='change:{ids[0]}:{ids[-1]}']")
    assert (
        page.evaluate(
            "() => [...document.querySelectorAll('#dashboard-map img.leaflet-tile')]"
            ".filter(i => i.src.includes('/change-tiles/') && i.naturalWidth === 256).length"
        )
        > 0
    )
    assert page.locator("#overlay-legend li").count() == 3
    # Exports: the same numbers as downloads.
    with page.expect_download() as info:
        page.click("[data-export=csv]")
    csv_text = Path(info.value.path()).read_text()
    assert str(api["years"][0]["year"]) in csv_text
    page.evaluate("window.scrollTo(0, 0)")
    tab.shot("web-dashboard.png")
    tab.shot("web-dashboard-results.png", selector="#results")
    tab.assert_clean()


def test_dashboard_keyboard_unit_pack_upload_and_french(app, live_server, open_page, tmp_path):
    with app.app_context():
        pack_id = load_demo()[0].public_id
        register_data(app, tmp_path / "data")
    base = live_server()
    tab = open_page(base)
    page = tab.page
    tab.goto("/dashboard")
    page.wait_for_selector("#dashboard[data-ready=true]")

    # Keyboard only: start a rectangle, focus the map, Enter at one corner, pan with the
    # arrow keys, Enter at the other corner.
    page.focus("[data-draw=rectangle]")
    page.keyboard.press("Enter")
    page.focus("#dashboard-map")
    page.keyboard.press("Enter")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowDown")
    page.wait_for_timeout(400)  # Leaflet's keyboard pan animates
    page.keyboard.press("Enter")
    geometry = json.loads(page.input_value("#area-geojson"))
    ring = geometry["coordinates"][0]
    assert len(ring) == 5 and ring[0] != ring[2]
    assert not page.is_disabled("#analyze")

    # A unit of the boundary layer, found by name: precomputed numbers.
    page.check("input[name=area-mode][value=unit]")
    page.select_option("#area-layer", "communes")
    page.fill("#area-unit-q", "sablons")
    page.wait_for_selector("#area-unit-results button")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert "Sablons" in page.inner_text("#area-status")
    page.click("#analyze")
    page.wait_for_selector("#results[data-ready=true]")
    ids = [int(v) for v in page.locator("#raster-list input[name=raster]").evaluate_all(
        "inputs => inputs.map(i => i.value)")]  # fmt: skip
    api = _analyze(base, {"boundary": "communes", "unit": "77901", "rasters": ids})
    assert api["precomputed"] is True
    _assert_page_matches(page, api)
    assert "precomputed" in page.inner_text("#results-summary")
    # The sealed pixels of 2021 as an overlay (server tiles).
    page.select_option("#overlay", f"sealed:{ids[1]}")
    page.wait_for_selector(f"#dashboard-map[data-overlay-loaded='sealed:{ids[1]}']")
    page.evaluate("window.scrollTo(0, 0)")
    tab.shot("web-dashboard-unit.png")

    # A pack's area, picked from the list.
    page.check("input[name=area-mode][value=pack]")
    page.select_option("#area-pack", pack_id)
    page.wait_for_function("() => document.querySelector('#area-geojson').value !== ''")
    page.click("#analyze")
    page.wait_for_function(
        "() => document.querySelector('#results-summary').textContent.includes('version 1')"
    )
    _assert_page_matches(page, _analyze(base, {"pack": pack_id, "rasters": ids}))

    # An uploaded GeoJSON file: the server checks it and sends the polygon back.
    upload = tmp_path / "my-area.geojson"
    upload.write_text(json.dumps({"type": "Feature", "properties": {}, "geometry": geometry}))
    page.check("input[name=area-mode][value=upload]")
    page.set_input_files("#area-file", str(upload))
    page.click("#area-file-use")
    page.wait_for_function(
        "() => document.querySelector('#area-status').textContent.includes('my-area.geojson')"
    )
    assert json.loads(page.input_value("#area-geojson"))["type"] == "Polygon"

    # French: same numbers, French formats.
    page.goto(f"{base}/dashboard?lang=fr")
    page.wait_for_selector("#dashboard[data-ready=true]")
    assert page.locator("h1").inner_text() == "Tableau de bord de l'imperméabilisation"
    page.check("input[name=area-mode][value=bbox]")
    page.fill("#area-bbox", "2.59,48.38,2.62,48.40")
    page.click("#area-bbox-use")
    page.click("#analyze")
    page.wait_for_selector("#results[data-ready=true]")
    first = page.locator("#years-table tbody tr").first.locator("td.sealed-share").inner_text()
    assert re.fullmatch(r"\d+,\d\u202f%", first), first
    tab.shot("web-dashboard-fr.png", selector="#results")
    tab.assert_clean()
