"""Sentinel-2 in the plugin, in real headless QGIS against the loopback STAC API: the
"Get Sentinel-2 for this area" dialog (area from the map, a layer or a drawn rectangle;
catalogue and token; params), its search task (table, footprints, quicklook) and build task
(stack added in natural colours, cancel, failures), and the four Processing algorithms
through ``processing.run`` (search, build stack, open SAFE, open THEIA)."""

from __future__ import annotations

import datetime as dt
import sys

import numpy as np
import pytest
from osgeo import gdal
from s2_fixtures import (
    EPSG,
    X0,
    Y0,
    SceneSpec,
    add_stac_scene,
    lonlat_bbox,
    make_safe,
    make_theia,
    utm_bbox,
)
from stac_server import StacServer

pytestmark = pytest.mark.qgis

PROCESSING_PLUGINS = "/usr/share/qgis/python/plugins"
SIZE10 = 120
STACK_BANDS = ("B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11", "B12")


def _png(path) -> str:
    from qgis.PyQt.QtGui import QColor, QImage

    image = QImage(32, 32, QImage.Format_RGB32)
    image.fill(QColor("#3a7d44"))
    assert image.save(str(path), "PNG")
    return str(path)


@pytest.fixture(scope="module")
def stac(qgis_app, tmp_path_factory):
    """Three L2A scenes of the fixture tile (June 2024); the best two have quicklooks."""
    folder = tmp_path_factory.mktemp("s2-cogs")
    server = StacServer()
    server.start()
    items = [
        add_stac_scene(server, str(folder), SceneSpec("2024-06-12", cloud_cover=4.0), SIZE10),
        add_stac_scene(
            server,
            str(folder),
            SceneSpec("2024-06-20", cloud_cover=9.0, clouds=(0, 60, 0, 60)),
            SIZE10,
        ),
        add_stac_scene(server, str(folder), SceneSpec("2024-06-05", cloud_cover=25.0), SIZE10),
    ]
    for item in items[:2]:
        url = server.serve_file(_png(folder / f"{item['id']}_thumb.png"))
        item["assets"]["thumbnail"] = {"href": url, "type": "image/png", "roles": ["thumbnail"]}
    yield server
    server.stop()


@pytest.fixture
def project(qgis_app):
    from qgis.core import QgsProject

    project = QgsProject.instance()
    project.clear()
    yield project
    project.clear()


@pytest.fixture
def dialog(qgis_app, project):
    """The dialog on a canvas in UTM 31N over pixels 20..100 of the fixture tile."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle
    from qgis.gui import QgsMapCanvas
    from qgis.PyQt import sip
    from qgis.PyQt.QtCore import QCoreApplication, QEvent

    from qgis_plugin.gui.s2_dialog import S2Dialog

    canvas = QgsMapCanvas()
    canvas.resize(400, 400)
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem(f"EPSG:{EPSG}"))
    canvas.setExtent(QgsRectangle(*utm_bbox(20, 20, 100, 100)))
    dlg = S2Dialog(canvas, None, project)
    yield dlg
    dlg.cleanup()
    for widget in (dlg, canvas):
        if not sip.isdeleted(widget):
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)


def use_catalog(dlg, url: str, start="2024-06-01", end="2024-06-30") -> None:
    from qgis.PyQt.QtCore import QDate

    dlg.catalogCombo.setCurrentIndex(dlg.catalogCombo.findData(""))
    dlg.urlEdit.setText(url)
    dlg.startDate.setDate(QDate.fromString(start, "yyyy-MM-dd"))
    dlg.endDate.setDate(QDate.fromString(end, "yyyy-MM-dd"))
    dlg.cloudSpin.setValue(30)


def run(task):
    from qgis_plugin.core.task_base import run_task_blocking

    assert task is not None
    run_task_blocking(task, timeout_s=120)
    return task.result


def close_to(a, b, tol=1e-3) -> bool:
    return all(abs(x - y) < tol for x, y in zip(a, b, strict=True))


# ----------------------------------------------------------------------- dialog params


def test_area_from_map_layer_and_drawn_rectangle(dialog, project):
    from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle, QgsVectorLayer

    map_box = dialog.area_wgs84()
    wanted = lonlat_bbox(20, 20, 100, 100)
    assert map_box[0] <= wanted[0] + 1e-4 and map_box[2] >= wanted[2] - 1e-4
    assert "km" in dialog.areaLabel.text()

    layer = QgsVectorLayer(f"Polygon?crs=EPSG:{EPSG}", "zone", "memory")
    from qgis.core import QgsFeature, QgsGeometry

    feature = QgsFeature()
    feature.setGeometry(QgsGeometry.fromRect(QgsRectangle(*utm_bbox(10, 30, 40, 90))))
    layer.dataProvider().addFeatures([feature])
    layer.updateExtents()
    project.addMapLayer(layer)
    dialog.layerRadio.setChecked(True)
    dialog.layerCombo.setLayer(layer)
    assert close_to(dialog.area_wgs84(), lonlat_bbox(10, 30, 40, 90), 2e-4)

    # A rectangle dragged with QgsMapToolExtent: the tool is set, the dialog hides.
    dialog.start_drawing()
    assert dialog.canvas.mapTool() is dialog._map_tool and not dialog.isVisible()
    rect = QgsRectangle(*utm_bbox(50, 50, 70, 80))
    dialog._map_tool.extentChanged.emit(rect)
    assert dialog.drawRadio.isChecked() and dialog._map_tool is None
    assert close_to(dialog.area_wgs84(), lonlat_bbox(50, 50, 70, 80), 2e-4)
    # another map tool chosen instead of drawing: the dialog comes back, the area stays
    from qgis.gui import QgsMapToolPan

    dialog.start_drawing()
    pan = QgsMapToolPan(dialog.canvas)
    dialog.canvas.setMapTool(pan)
    assert dialog._map_tool is None and dialog.isVisible() and dialog.drawn is not None
    # in another CRS too
    box = lonlat_bbox(50, 50, 70, 80)
    dialog.set_drawn_extent(QgsRectangle(*box), QgsCoordinateReferenceSystem("EPSG:4326"))
    assert close_to(dialog.area_wgs84(), box, 1e-9)


def test_search_params_catalogue_dates_and_token(dialog, stac):
    from qgis_plugin.core.errors import VtError
    from qgis_plugin.core.s2_tasks import Credentials

    use_catalog(dialog, stac.url)
    dialog.levelCombo.setCurrentIndex(dialog.levelCombo.findData("L1C"))
    dialog.tokenEdit.setText(" s3cret ")
    params = dialog.build_search_params()
    assert params.catalog == stac.url and params.level == "L1C" and params.max_cloud == 30
    assert (params.start, params.end) == (dt.date(2024, 6, 1), dt.date(2024, 6, 30))
    assert params.credentials == Credentials(token="s3cret")
    assert "s3cret" not in repr(params)  # never in logs

    dialog.catalogCombo.setCurrentIndex(dialog.catalogCombo.findData("cdse"))
    assert dialog.build_search_params().catalog == "cdse" and not dialog.urlEdit.isEnabled()

    use_catalog(dialog, "ftp://nowhere")
    with pytest.raises(VtError, match="STAC API URL"):
        dialog.build_search_params()
    use_catalog(dialog, stac.url, start="2024-06-30", end="2024-06-01")
    assert dialog.make_search_task() is None  # the error is shown, nothing runs
    assert "before the start" in dialog.messageBar.currentItem().text()
    dialog.drawRadio.setChecked(True)
    dialog.drawn = None
    with pytest.raises(VtError, match="Draw a rectangle"):
        dialog.area_wgs84()


def test_credentials_from_the_auth_database(qgis_app):
    from plugin_helpers import MASTER_PASSWORD
    from qgis.core import QgsApplication, QgsAuthMethodConfig

    from qgis_plugin.core.auth import store_token
    from qgis_plugin.core.s2_tasks import Credentials, credentials_from_auth_config

    manager = QgsApplication.authManager()
    assert manager.setMasterPassword(MASTER_PASSWORD, True)
    token_id = store_token("tok-123", name="STAC token")
    assert credentials_from_auth_config(token_id) == Credentials(token="tok-123")
    account = QgsAuthMethodConfig("Basic")
    account.setName("CDSE account")
    account.setConfig("username", "camille@example.org")
    account.setConfig("password", "pw")
    assert manager.storeAuthenticationConfig(account)
    creds = credentials_from_auth_config(account.id())
    assert (creds.username, creds.password, creds.token) == ("camille@example.org", "pw", None)
    assert credentials_from_auth_config("") == Credentials()


def test_account_is_exchanged_for_a_token(qgis_app, stac):
    from qgis_plugin.core.s2_tasks import Credentials

    stac.users["camille"] = "pw"
    stac.token = None
    catalog = type("C", (), {"token_url": f"{stac.url}/auth/token"})()
    assert Credentials(username="camille", password="pw").resolve(catalog) == "t0ken"
    assert Credentials(token="abc").resolve(catalog) == "abc"


# ----------------------------------------------------------------------- tasks


def test_search_shows_scenes_footprints_and_quicklooks(dialog, stac, project):
    from qgis_plugin.core.s2_tasks import S2SearchSuccess

    use_catalog(dialog, stac.url)
    result = run(dialog.make_search_task())
    assert isinstance(result, S2SearchSuccess), getattr(result, "error", result)
    ids = [s.id for s in result.scenes]
    assert ids[0] == "S2B_31UDP_20240612_0_L2A"  # clear over the area
    assert set(ids) == {"S2B_31UDP_20240612_0_L2A", "S2B_31UDP_20240620_0_L2A",
                        "S2B_31UDP_20240605_0_L2A"}  # fmt: skip
    table = dialog.resultsTable
    assert table.rowCount() == 3 and table.item(0, 1).text() == ids[0]
    assert table.item(0, 0).text().startswith("2024-06-12")
    assert table.item(0, 2).text() == "4.0" and table.item(0, 4).text() == "05.10"
    cloudy = ids.index("S2B_31UDP_20240620_0_L2A")
    assert cloudy == 2  # a quarter of the area under clouds (SCL): ranked last
    assert abs(float(table.item(cloudy, 3).text()) - 25.0) < 3
    layer = dialog.footprints
    assert layer is not None and project.mapLayer(layer.id()) is layer
    assert layer.featureCount() == 3 and layer.crs().authid() == "EPSG:4326"
    assert sorted(f["rank"] for f in layer.getFeatures()) == [1, 2, 3]
    assert set(result.quicklooks) == {"S2B_31UDP_20240612_0_L2A", "S2B_31UDP_20240620_0_L2A"}
    assert not dialog.quicklookLabel.pixmap().isNull()
    table.selectRow(1)  # 06-05: no quicklook
    assert dialog.quicklookLabel.text() and layer.selectedFeatureCount() == 1
    assert dialog.buildButton.isEnabled()

    # A new search replaces the footprints layer.
    old = layer.id()
    run(dialog.make_search_task())
    assert project.mapLayer(old) is None and project.mapLayer(dialog.footprints.id())


def test_search_button_runs_in_the_background_and_cleanup_removes_the_footprints(
    dialog, stac, project
):
    import time

    from qgis.PyQt.QtCore import QCoreApplication

    use_catalog(dialog, stac.url)
    dialog.searchButton.click()
    assert dialog.search_task is not None and not dialog.searchButton.isEnabled()
    assert dialog.cancelButton.isEnabled()
    deadline = time.monotonic() + 60
    while dialog.search_task is not None and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    assert dialog.search_task is None and dialog.resultsTable.rowCount() == 3
    assert dialog.searchButton.isEnabled() and not dialog.cancelButton.isEnabled()
    footprints = dialog.footprints.id()
    dialog.start_drawing()
    dialog.cleanup()  # plugin unload
    assert project.mapLayer(footprints) is None and dialog.canvas.mapTool() is None


def test_build_stack_adds_an_rgb_layer_ready_for_the_model(dialog, stac, project, tmp_path):
    from qgis.core import QgsMultiBandColorRenderer, QgsRectangle

    from qgis_plugin.core.s2_tasks import S2StackSuccess

    use_catalog(dialog, stac.url)
    dialog.canvas.setExtent(QgsRectangle(*utm_bbox(70, 70, 110, 110)))
    run(dialog.make_search_task())
    dialog.resultsTable.selectRow(0)
    output = tmp_path / "out" / "stack.tif"
    dialog.outputWidget.setFilePath(str(output))
    result = run(dialog.make_build_task())
    assert isinstance(result, S2StackSuccess), getattr(result, "error", result)
    assert result.path == str(output) and output.exists()
    assert result.composite == "none" and result.offset_dn == -1000 and result.level == "L2A"
    assert result.dates == ("2024-06-12",)
    layer = project.mapLayersByName("stack")[0]
    assert layer.isValid() and layer.bandCount() == 10
    renderer = layer.renderer()
    assert isinstance(renderer, QgsMultiBandColorRenderer)
    assert (renderer.redBand(), renderer.greenBand(), renderer.blueBand()) == (3, 2, 1)
    assert renderer.redContrastEnhancement().minimumValue() == 1000
    assert renderer.redContrastEnhancement().maximumValue() == 4000
    ds = gdal.Open(str(output))
    assert [ds.GetRasterBand(i + 1).GetDescription() for i in range(10)] == list(STACK_BANDS)
    assert ds.GetGeoTransform()[1] == 10.0
    # what the inference engine reads: band names and the DN offset
    from verite_core.inference import open_image

    image = open_image(str(output))
    assert list(image.bands) == list(STACK_BANDS) and image.resolution == 10.0

    # median of the selected scenes, into the default folder when no output is given
    dialog.compositeCombo.setCurrentIndex(dialog.compositeCombo.findData("median"))
    dialog.resultsTable.clearSelection()
    dialog.outputWidget.setFilePath("")
    params = dialog.build_stack_params()
    assert params.composite == "median" and len(params.scenes) == 3
    assert params.output.endswith(".tif") and "S2_L2A_median_20240605-20240620" in params.output


def test_build_cancel_and_failures(dialog, stac, project, tmp_path):
    from qgis_plugin.core.errors import VtError
    from qgis_plugin.core.s2_tasks import S2StackParams, S2StackTask
    from qgis_plugin.core.task_base import TaskCanceled, TaskFailed

    with pytest.raises(VtError, match="Search first"):
        dialog.build_stack_params()
    use_catalog(dialog, stac.url)
    search = run(dialog.make_search_task())
    output = tmp_path / "canceled.tif"
    task = S2StackTask(
        S2StackParams(search.scenes[:1], search.params.bbox, str(output)), lambda r: None
    )
    task.cancel()
    assert isinstance(run(task), TaskCanceled) and not output.exists()

    # the catalogue is down: the search fails with a retryable network error, shown
    down = StacServer()
    url = down.start()
    down.stop()
    use_catalog(dialog, url)
    result = run(dialog.make_search_task())
    assert isinstance(result, TaskFailed) and result.error.retryable
    assert dialog.messageBar.currentItem() is not None and dialog.searchButton.isEnabled()


@pytest.fixture
def gdal_exceptions_off(monkeypatch):
    """GDAL as QGIS runs it: exceptions off (server and training tests switch them on for
    the whole process). GDAL keeps a stack of error handlers: undone in reverse order."""
    from osgeo import ogr, osr

    from verite_core.pack import gdal_env

    modules = [m for m in (gdal, ogr, osr) if m.GetUseExceptions()]
    # GDAL 3.6 keeps a stack of handlers whose order depends on who enabled them first
    # (other libraries do too): pop them in whatever order the stack accepts.
    pending = list(modules)
    for _ in range(len(pending)):
        for module in list(pending):
            try:
                module.DontUseExceptions()
                pending.remove(module)
            except RuntimeError:
                pass
    assert not pending
    monkeypatch.setattr(gdal_env, "_global", False)
    yield
    for module in modules:
        module.UseExceptions()


def test_failing_downloads_are_a_network_error(
    dialog, stac, tmp_path, monkeypatch, gdal_exceptions_off
):
    from qgis_plugin.core.errors import NetworkError
    from qgis_plugin.core.s2_tasks import S2StackParams, S2StackTask
    from qgis_plugin.core.task_base import TaskFailed
    from verite_core.s2access import gdalio

    use_catalog(dialog, stac.url)
    search = run(dialog.make_search_task())
    output = tmp_path / "failed.tif"
    # the download is retried, then reported; nothing is written (06-05: a scene whose
    # bands no test read yet, so GDAL has none of them in its cache)
    never_read = [s for s in search.scenes if s.id == "S2B_31UDP_20240605_0_L2A"]
    monkeypatch.setattr(gdalio, "RETRY_BACKOFF_S", 0.0)  # retried at once (test speed)
    monkeypatch.setitem(gdalio.HTTP_OPTIONS, "GDAL_HTTP_MAX_RETRY", "0")
    stac.fail_next = 1000
    try:
        failed = run(
            S2StackTask(
                S2StackParams(tuple(never_read), search.params.bbox, str(output)), lambda r: None
            )
        )
    finally:
        stac.fail_next = 0
    assert isinstance(failed, TaskFailed) and not output.exists()
    assert isinstance(failed.error, NetworkError), failed.error


# ----------------------------------------------------------------------- Processing


@pytest.fixture(scope="module")
def processing(qgis_app):
    """Processing initialised, with a provider ``verite_terrain`` holding the S2 algorithms
    (the plugin's own when it is registered with them)."""
    if PROCESSING_PLUGINS not in sys.path:
        sys.path.append(PROCESSING_PLUGINS)
    from processing.core.Processing import Processing
    from qgis.core import QgsApplication, QgsProcessingProvider

    from qgis_plugin.processing.s2_algorithms import s2_algorithms

    class S2TestProvider(QgsProcessingProvider):
        def id(self) -> str:
            return "verite_terrain"

        def name(self) -> str:
            return "Vérité Terrain (Sentinel-2 test)"

        def loadAlgorithms(self) -> None:  # noqa: N802 - QGIS API
            for algorithm in s2_algorithms():
                self.addAlgorithm(algorithm)

    Processing.initialize()
    registry = QgsApplication.processingRegistry()
    provider = registry.providerById("verite_terrain")
    added = provider is None
    if added:
        provider = S2TestProvider()
        assert registry.addProvider(provider)
    elif provider.algorithm("s2search") is None:
        pytest.fail("a verite_terrain provider without the Sentinel-2 algorithms is registered")
    import processing as module

    yield module
    if added:
        registry.removeProvider(provider)


def _common(stac_url: str) -> dict:
    return {
        "EXTENT": "{},{},{},{} [EPSG:{}]".format(
            *[utm_bbox(70, 70, 110, 110)[i] for i in (0, 2, 1, 3)], EPSG
        ),
        "START": "2024-06-01",
        "END": "2024-06-30",
        "MAX_CLOUD": 30,
        "LEVEL": 0,
        "CATALOG": 3,
        "CATALOG_URL": stac_url,
    }


def test_processing_search_and_build_stack(processing, stac, tmp_path):
    from qgis.core import QgsProcessingFeedback

    result = processing.run("verite_terrain:s2search", {**_common(stac.url), "OUTPUT": "memory:"})
    layer = result["OUTPUT"]
    assert result["COUNT"] == 3 and layer.featureCount() == 3
    names = layer.fields().names()
    assert {"id", "date", "cloud", "area_cloud", "baseline", "quicklook", "rank"} <= set(names)
    first = min(layer.getFeatures(), key=lambda f: f["rank"])
    assert first["date"] == "2024-06-12" and first["cloud"] == 4.0

    out = tmp_path / "median.tif"
    feedback = QgsProcessingFeedback()
    progress: list[float] = []
    feedback.progressChanged.connect(progress.append)
    result = processing.run(
        "verite_terrain:s2buildstack",
        {
            **_common(stac.url),
            "COMPOSITE": 1,
            "MAX_SCENES": 2,
            "BANDS": "B02,B03,B04,B08",
            "OUTPUT": str(out),
        },  # fmt: skip
        feedback=feedback,
    )
    assert result["OUTPUT"] == str(out) and out.exists()
    ds = gdal.Open(str(out))
    assert ds.RasterCount == 4 and ds.GetMetadataItem("S2_COMPOSITE") == "median"
    assert len(result["PRODUCT_IDS"].split(",")) == 2
    assert progress and max(progress) >= 99

    # no scene: a clear error, no file
    from qgis.core import QgsProcessingException

    missing = tmp_path / "none.tif"
    with pytest.raises(QgsProcessingException):
        processing.run(
            "verite_terrain:s2buildstack",
            {
                **_common(stac.url),
                "START": "2020-01-01",
                "END": "2020-01-31",
                "OUTPUT": str(missing),
            },
        )
    assert not missing.exists()


def test_processing_open_safe_and_theia(processing, tmp_path):
    from s2_fixtures import reflectance_dn

    safe_zip = make_safe(str(tmp_path), SceneSpec("2024-06-12", clouds=(0, 20, 0, 20)), as_zip=True)
    out = tmp_path / "safe.tif"
    result = processing.run(
        "verite_terrain:s2opensafe", {"INPUT": safe_zip, "BANDS": "B02,B04,B11", "OUTPUT": str(out)}
    )
    ds = gdal.Open(result["OUTPUT"])
    assert ds.RasterCount == 3 and ds.GetRasterBand(2).GetDescription() == "B04"
    assert ds.GetMetadataItem("S2_LEVEL") == "L2A" and ds.GetMetadataItem("S2_OFFSET_DN") == "-1000"
    b02 = ds.GetRasterBand(1).ReadAsArray()
    assert b02[0, 0] == 0  # cloud masked
    assert b02[60, 60] == reflectance_dn("B02", np.array(60), np.array(60)) + 1000

    theia = make_theia(str(tmp_path))
    out = tmp_path / "theia.tif"
    box = lonlat_bbox(40, 40, 80, 80)
    result = processing.run(
        "verite_terrain:s2opentheia",
        {
            "FOLDER": theia,
            "EXTENT": f"{box[0]},{box[2]},{box[1]},{box[3]} [EPSG:4326]",
            "OUTPUT": str(out),
        },  # fmt: skip
    )
    ds = gdal.Open(result["OUTPUT"])
    assert ds.RasterCount == 10 and ds.GetMetadataItem("S2_OFFSET_DN") == "0"
    assert (
        40 <= ds.RasterXSize <= 44
        and ds.GetGeoTransform()[0] >= X0
        and ds.GetGeoTransform()[3] <= Y0
    )

    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="cannot be read|neither"):
        processing.run(
            "verite_terrain:s2opensafe",
            {"INPUT": str(tmp_path / "safe.tif"), "OUTPUT": str(tmp_path / "x.tif")},
        )
