"""Packs in real QGIS (headless): the downloaded GeoPackage opens with its style and form,
and a published pack opens through QGIS's own OGC API – Features (OAPIF) provider."""

from __future__ import annotations

import io

import pytest
import requests
from packfactory import build_pack

pytestmark = pytest.mark.qgis


def _publish(client, auth, path) -> str:
    resp = client.post(
        "/api/v1/packs",
        data={"file": (io.BytesIO(path.read_bytes()), path.name)},
        headers=auth.headers("camille", expertise="expert", verified=True),
        content_type="multipart/form-data",
    )
    assert resp.status_code == 201, resp.json
    return resp.json["id"]


def test_downloaded_gpkg_opens_with_style_and_form(qgis_app, client, auth, tmp_path):
    from qgis.core import QgsEditFormConfig, QgsVectorLayer

    pid = _publish(client, auth, build_pack(tmp_path / "pack.gpkg"))
    saved = tmp_path / "download.gpkg"
    saved.write_bytes(client.get(f"/api/v1/packs/{pid}/download?format=gpkg").data)
    layer = QgsVectorLayer(f"{saved}|layername=plots", "plots", "ogr")
    assert layer.isValid() and layer.featureCount() == 10
    assert layer.crs().authid() == "EPSG:2154"
    renderer = layer.renderer()
    assert renderer.type() == "categorizedSymbol" and renderer.classAttribute() == "class_code"
    colors = {c.value(): c.symbol().color().name() for c in renderer.categories()}
    assert colors["needleleaved_forest"] == "#238b23" and len(colors) == 7
    fields = layer.fields()
    setup = layer.editorWidgetSetup(fields.indexOf("class_code"))
    assert setup.type() == "ValueMap"
    assert layer.editorWidgetSetup(fields.indexOf("pct_deciduous")).type() == "Range"
    assert layer.editorWidgetSetup(fields.indexOf("pct_deciduous")).config()["Style"] == "Slider"
    assert layer.editorWidgetSetup(fields.indexOf("tree_height_class")).type() == "ValueMap"
    assert layer.editorWidgetSetup(fields.indexOf("observed_on")).type() == "DateTime"
    form = layer.editFormConfig()
    assert form.layout() == QgsEditFormConfig.TabLayout
    tabs = [t.name() for t in form.tabs()]
    assert tabs[0] == "Plot" and len(tabs) == 2
    forest_tab = form.tabs()[1]
    assert forest_tab.visibilityExpression().enabled()
    assert "class_code" in forest_tab.visibilityExpression().data().expression()
    expr = fields.field("pct_deciduous").constraints().constraintExpression()
    assert "pct_evergreen" in expr and "100" in expr
    assert (
        fields.field("class_code").constraints().constraints()
        & fields.field("class_code").constraints().ConstraintNotNull
    )
    # The form's constraint really evaluates: a forest plot summing to 90 % fails, 100 % passes.
    from qgis.core import QgsVectorLayerUtils

    feature = next(layer.getFeatures())
    ok, _errors = QgsVectorLayerUtils.validateAttribute(
        layer, feature, fields.indexOf("pct_deciduous")
    )
    assert ok
    feature["pct_evergreen"] = feature["pct_evergreen"] - 10
    ok, errors = QgsVectorLayerUtils.validateAttribute(
        layer, feature, fields.indexOf("pct_deciduous")
    )
    assert not ok and errors


def test_pack_opens_through_qgis_oapif_provider(qgis_app, app, auth, live_server, tmp_path):
    from qgis.core import QgsVectorLayer

    base = live_server()
    headers = auth.headers("camille", expertise="expert", verified=True)
    path = build_pack(tmp_path / "pack.gpkg")
    with open(path, "rb") as fh:
        resp = requests.post(
            f"{base}/api/v1/packs", headers=headers, files={"file": (path.name, fh)}, timeout=60
        )
    assert resp.status_code == 201, resp.text
    pid = resp.json()["id"]
    layer = QgsVectorLayer(
        f"url='{base}/ogc' typename='{pid}' restrictToRequestBBOX='0'", "plots", "OAPIF"
    )
    assert layer.isValid(), (
        layer.dataProvider().error().message() if layer.dataProvider() else "no provider"
    )
    features = list(layer.getFeatures())
    assert len(features) == 10
    names = layer.fields().names()
    assert "class_code" in names and "quality_level" in names
    by_id = {f["plot_id"]: f for f in features}
    assert by_id["FTB-001"]["class_code"] == "broadleaved_deciduous_forest"
    assert by_id["FTB-001"].geometry().area() > 0
    extent = layer.extent()
    assert 2.6 < extent.xMinimum() < extent.xMaximum() < 2.8  # CRS84 longitudes near Fontainebleau


def test_plugin_checks_pack_files_with_the_shared_contract(qgis_app, tmp_path):
    from qgis_plugin.core.contract import check_pack_file

    ok, messages = check_pack_file(str(build_pack(tmp_path / "pack.gpkg")))
    assert ok and messages[0].startswith("Publishable") and "level A" in messages[0]
    broken = build_pack(tmp_path / "bad.gpkg", lambda m: m.update(license="All rights reserved"))
    ok, messages = check_pack_file(str(broken))
    assert not ok and any("manifest.license" in m for m in messages)
