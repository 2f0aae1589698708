"""The "Vérité Terrain" Processing provider, headless through ``processing.run``: segment
sealed surfaces with the shipped model (multi-band raster, per-band files, extent and mask,
errors, cancel), sealed share by polygon (polygons in EPSG:4326 over an EPSG:3035 raster,
checked by hand and against ``verite_core.analytics``), sealed change (raster and per
polygon), batch-like reuse, results loaded with their class colours, and a Processing
model chaining segmentation and sealed share."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal
from training_data import BANDS, UTM31, synthetic_scene, to_dn, utm_grid, write_raster, write_scene

pytestmark = pytest.mark.qgis

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "onnx_models" / "verite-sealed-proxy-dw-l1c-b0.onnx"
PROCESSING_PLUGINS = "/usr/share/qgis/python/plugins"
LAEA = 3035
X0, Y0 = 3_800_000.0, 2_900_000.0  # EPSG:3035, northern France


@pytest.fixture(scope="module")
def processing(qgis_app):
    """QGIS Processing initialised, with the plugin's provider registered."""
    if PROCESSING_PLUGINS not in sys.path:
        sys.path.append(PROCESSING_PLUGINS)
    from processing.core.Processing import Processing
    from qgis.core import QgsApplication

    from qgis_plugin.processing.provider import VeriteTerrainProvider

    Processing.initialize()
    registry = QgsApplication.processingRegistry()
    provider = registry.providerById("verite_terrain")
    added = provider is None
    if added:
        provider = VeriteTerrainProvider()
        assert registry.addProvider(provider)
    import processing as module

    yield module
    if added:
        registry.removeProvider(provider)


def laea_raster(path: Path, data: np.ndarray, res: float = 10.0) -> str:
    write_raster(path, data.astype(np.uint8), (X0, res, 0.0, Y0, 0.0, -res), LAEA)
    return str(path)


def polygons_4326(*rects: tuple[float, float, float, float] | None, name: str = "zones"):
    """A memory layer in EPSG:4326 holding rectangles given in EPSG:3035 offsets from
    (X0, Y0) (metres; None: a feature without geometry)."""
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsFeature,
        QgsGeometry,
        QgsProject,
        QgsRectangle,
        QgsVectorLayer,
    )

    layer = QgsVectorLayer("Polygon?crs=EPSG:4326&field=name:string", name, "memory")
    to_wgs84 = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem(f"EPSG:{LAEA}"),
        QgsCoordinateReferenceSystem("EPSG:4326"),
        QgsProject.instance(),
    )
    features = []
    for i, rect in enumerate(rects):
        feature = QgsFeature(layer.fields())
        feature.setAttributes([f"zone{i}"])
        if rect is not None:
            xmin, ymin, xmax, ymax = rect
            geometry = QgsGeometry.fromRect(
                QgsRectangle(X0 + xmin, Y0 + ymin, X0 + xmax, Y0 + ymax)
            )
            geometry.transform(to_wgs84)
            feature.setGeometry(geometry)
        features.append(feature)
    assert layer.dataProvider().addFeatures(features)[0]
    return layer


def rows_of(path_or_layer) -> list[dict]:
    from qgis.core import QgsVectorLayer

    layer = path_or_layer
    if isinstance(path_or_layer, str):
        layer = QgsVectorLayer(path_or_layer, "out", "ogr")
    assert layer.isValid()
    names = layer.fields().names()
    return [dict(zip(names, f.attributes(), strict=True)) for f in layer.getFeatures()]


def loaded_layer(project, path: str):
    """The layer ``runAndLoadResults`` added for ``path``."""
    found = [layer for layer in project.mapLayers().values() if layer.source() == path]
    assert len(found) == 1, [layer.source() for layer in project.mapLayers().values()]
    return found[0]


def read(path: str) -> np.ndarray:
    ds = gdal.Open(path)
    return ds.GetRasterBand(1).ReadAsArray()


def color_table(path: str) -> dict[int, str]:
    ds = gdal.Open(path)  # kept: the band and its table die with the dataset
    table = ds.GetRasterBand(1).GetColorTable()
    assert table is not None
    out = {}
    for i in range(table.GetCount()):
        r, g, b, _ = table.GetColorEntry(i)
        out[i] = f"#{r:02x}{g:02x}{b:02x}"
    return out


# --------------------------------------------------------------------------- provider


def test_provider_lists_the_sealed_surface_algorithms(processing):
    from qgis.core import QgsApplication, QgsProcessingAlgorithm

    provider = QgsApplication.processingRegistry().providerById("verite_terrain")
    assert provider.name() == "Vérité Terrain" and not provider.icon().isNull()
    ids = {a.id() for a in provider.algorithms()}
    ours = {"verite_terrain:sealedchange", "verite_terrain:sealedshare",
            "verite_terrain:segmentsealed"}  # fmt: skip
    assert ours <= ids  # with the Sentinel-2 access algorithms (group "Sentinel-2")
    for algorithm in provider.algorithms():
        flags = algorithm.flags()
        assert flags & QgsProcessingAlgorithm.FlagSupportsBatch
        assert flags & QgsProcessingAlgorithm.FlagCanCancel
        assert not flags & QgsProcessingAlgorithm.FlagNoThreading
        assert algorithm.shortHelpString()
        if algorithm.id() in ours:
            assert algorithm.group() == "Sealed surfaces"
    segment = QgsApplication.processingRegistry().algorithmById("verite_terrain:segmentsealed")
    assert segment.parameterDefinition("MODEL").defaultValue() == str(SHIPPED)
    assert provider.supportedOutputRasterLayerExtensions() == ["tif"]


# --------------------------------------------------------------------------- sealed share


@pytest.fixture(scope="module")
def sealed_3035(tmp_path_factory) -> str:
    """20 x 20 px of 10 m: columns 0-9 sealed (1), 10-19 not (6); rows 0-1 of columns
    15-19 are 255 (no data in CLC+)."""
    data = np.full((20, 20), 6, np.uint8)
    data[:, :10] = 1
    data[:2, 15:] = 255
    return laea_raster(tmp_path_factory.mktemp("share") / "clcplus.tif", data)


#: Rectangles in EPSG:3035 (offsets from X0, Y0) and their exact expected values.
SHARE_CASES = [
    # Columns 8.5-12.5, rows 3.5-7.5: 1.5 px sealed of 4 px wide, all valid.
    ((85, -75, 125, -35), {"sealed_m2": 600, "sealed_pct": 37.5, "valid_pct": 100, "zone_m2": 1600}),
    # Columns 14.5-19.5, rows 0-1.5: only 0.5 x 1.5 px valid (not sealed).
    ((145, -15, 195, 0), {"sealed_m2": 0, "sealed_pct": 0, "valid_pct": 10, "zone_m2": 750}),
    # Half outside the raster (west): outside is not valid.
    ((-50, -50, 50, 0), {"sealed_m2": 2500, "sealed_pct": 100, "valid_pct": 50, "zone_m2": 5000}),
    # No geometry: NULL values.
    (None, {"sealed_m2": None, "sealed_pct": None, "valid_pct": None, "zone_m2": None}),
]  # fmt: skip


def test_sealed_share_of_wgs84_polygons_over_a_laea_raster(processing, sealed_3035, tmp_path):
    from qgis.core import QgsProcessingFeedback

    zones = polygons_4326(*(rect for rect, _ in SHARE_CASES))
    feedback = QgsProcessingFeedback()
    steps: list[float] = []
    feedback.progressChanged.connect(steps.append)
    result = processing.run(
        "verite_terrain:sealedshare",
        {"INPUT": zones, "RASTER": sealed_3035, "OUTPUT": str(tmp_path / "share.gpkg")},
        feedback=feedback,
    )
    rows = rows_of(result["OUTPUT"])
    assert [r["name"] for r in rows] == ["zone0", "zone1", "zone2", "zone3"]
    for row, (_, expected) in zip(rows, SHARE_CASES, strict=True):
        for key, value in expected.items():
            if value is None:
                assert row[key] is None or str(row[key]) == "NULL", (row, key)
            else:
                assert row[key] == pytest.approx(value, abs=0.05), (row, key)
    assert steps and steps[-1] == 100


def test_sealed_share_matches_the_analytics_module(processing, sealed_3035, tmp_path):
    from verite_core.analytics import sealed_shares

    rects = [(12, -183, 77, -21), (3, -7, 163, -121), (99, -100, 101, -98)]
    zones = polygons_4326(*rects)
    out = processing.run(
        "verite_terrain:sealedshare",
        {"INPUT": zones, "RASTER": sealed_3035, "OUTPUT": "TEMPORARY_OUTPUT"},
    )["OUTPUT"]
    rows = rows_of(out)
    direct = sealed_shares(
        sealed_3035,
        [(f.id(), bytes(f.geometry().asWkb())) for f in zones.getFeatures()],
        zones.crs().toWkt(),
    )
    assert len(direct) == len(rows) == 3
    for row, share in zip(rows, direct, strict=True):
        assert row["sealed_m2"] == pytest.approx(share.sealed_m2, rel=1e-6, abs=1e-4)
        assert row["zone_m2"] == pytest.approx(share.zone_m2, rel=1e-6)
        assert row["valid_pct"] == pytest.approx(100 * share.valid_share, rel=1e-6)
        assert row["sealed_pct"] == pytest.approx(100 * share.sealed_share, rel=1e-6)


def test_sealed_share_batch_like_runs_with_other_values(processing, sealed_3035, tmp_path):
    zones = polygons_4326((85, -75, 125, -35))
    params = {"INPUT": zones, "RASTER": sealed_3035}
    first = processing.run(
        "verite_terrain:sealedshare", {**params, "OUTPUT": str(tmp_path / "a.gpkg")}
    )
    second = processing.run(
        "verite_terrain:sealedshare",
        {**params, "SEALED_VALUES": "1,6", "IGNORE_VALUES": "", "OUTPUT": str(tmp_path / "b.gpkg")},
    )
    assert rows_of(first["OUTPUT"])[0]["sealed_m2"] == pytest.approx(600, abs=0.01)
    assert rows_of(second["OUTPUT"])[0]["sealed_m2"] == pytest.approx(1600, abs=0.01)


def test_sealed_share_refuses_bad_values_and_stops_when_canceled(processing, sealed_3035, tmp_path):
    from qgis.core import QgsProcessingException, QgsProcessingFeedback

    zones = polygons_4326((85, -75, 125, -35))
    base = {"INPUT": zones, "RASTER": sealed_3035, "OUTPUT": str(tmp_path / "x.gpkg")}
    with pytest.raises(QgsProcessingException, match="not a list of whole numbers"):
        processing.run("verite_terrain:sealedshare", {**base, "SEALED_VALUES": "one"})
    with pytest.raises(QgsProcessingException, match="both sealed and ignored"):
        processing.run("verite_terrain:sealedshare", {**base, "SEALED_VALUES": "1,255"})
    with pytest.raises(QgsProcessingException, match="no band 2"):
        processing.run("verite_terrain:sealedshare", {**base, "BAND": 2})
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    with pytest.raises(QgsProcessingException, match="Canceled"):
        processing.run("verite_terrain:sealedshare", base, feedback=feedback)


# --------------------------------------------------------------------------- sealed change


@pytest.fixture(scope="module")
def change_pair(tmp_path_factory) -> tuple[str, str]:
    """10 x 10 px: sealed columns 0-4 before, 2-6 after; the last row is 255 after."""
    folder = tmp_path_factory.mktemp("change")
    before = np.full((10, 10), 6, np.uint8)
    before[:, :5] = 1
    after = np.full((10, 10), 6, np.uint8)
    after[:, 2:7] = 1
    after[9, :] = 255
    return laea_raster(folder / "before.tif", before), laea_raster(folder / "after.tif", after)


def test_sealed_change_raster_and_per_polygon(processing, change_pair, tmp_path):
    before, after = change_pair
    zones = polygons_4326((0, -50, 100, 0), (45, -100, 70, 0))
    result = processing.run(
        "verite_terrain:sealedchange",
        {
            "BEFORE": before,
            "AFTER": after,
            "ZONES": zones,
            "OUTPUT_CHANGE": str(tmp_path / "change.tif"),
            "OUTPUT_ZONES": str(tmp_path / "change.gpkg"),
        },
    )
    change = read(result["OUTPUT_CHANGE"])
    assert change[0].tolist() == [2, 2, 3, 3, 3, 1, 1, 0, 0, 0]
    assert (change[:9] == change[0]).all() and (change[9] == 255).all()
    rows = rows_of(result["OUTPUT_ZONES"])
    expected = [
        {"gained_m2": 1000, "lost_m2": 1000, "stable_m2": 1500, "net_m2": 0, "valid_m2": 5000},
        {"gained_m2": 1800, "lost_m2": 0, "stable_m2": 450, "net_m2": 1800, "valid_m2": 2250},
    ]
    for row, values in zip(rows, expected, strict=True):
        for key, value in values.items():
            assert row[key] == pytest.approx(value, abs=0.05), (row, key)


def test_sealed_change_without_polygons_and_its_errors(processing, change_pair, tmp_path):
    from qgis.core import QgsProcessingException

    before, after = change_pair
    result = processing.run(
        "verite_terrain:sealedchange",
        {"BEFORE": before, "AFTER": after, "OUTPUT_CHANGE": str(tmp_path / "c.tif")},
    )
    assert Path(result["OUTPUT_CHANGE"]).is_file() and result["OUTPUT_ZONES"] is None
    with pytest.raises(QgsProcessingException, match="needs polygons"):
        processing.run(
            "verite_terrain:sealedchange",
            {"BEFORE": before, "AFTER": after, "OUTPUT_CHANGE": str(tmp_path / "d.tif"),
             "OUTPUT_ZONES": str(tmp_path / "d.gpkg")},
        )  # fmt: skip
    with pytest.raises(QgsProcessingException, match="must end with .tif"):
        processing.run(
            "verite_terrain:sealedchange",
            {"BEFORE": before, "AFTER": after, "OUTPUT_CHANGE": str(tmp_path / "e.vrt")},
        )


def test_sealed_change_loaded_with_labelled_classes(processing, change_pair, tmp_path):
    from qgis.core import QgsPalettedRasterRenderer, QgsProject

    before, after = change_pair
    result = processing.runAndLoadResults(
        "verite_terrain:sealedchange",
        {"BEFORE": before, "AFTER": after, "OUTPUT_CHANGE": str(tmp_path / "loaded.tif")},
    )
    project = QgsProject.instance()
    layer = loaded_layer(project, result["OUTPUT_CHANGE"])
    try:
        renderer = layer.renderer()
        assert isinstance(renderer, QgsPalettedRasterRenderer)
        labels = {c.value: c.label for c in renderer.classes()}
        assert labels[1].startswith("Gained") and labels[2].startswith("Lost")
        own = color_table(str(tmp_path / "loaded.tif"))
        assert {c.value: c.color.name() for c in renderer.classes()} == {
            v: own[v] for v in (0, 1, 2, 3)
        }
    finally:
        project.removeMapLayer(layer.id())


# --------------------------------------------------------------------------- segmentation


@pytest.fixture(scope="module")
def scene(tmp_path_factory) -> Path:
    image, _ = write_scene(tmp_path_factory.mktemp("scene"), "scene", seed=5, size=160)
    return image


def model_classes() -> list[dict]:
    from verite_core.model_metadata import read_metadata

    return read_metadata(SHIPPED)["classes"]


def test_segment_sealed_writes_classes_with_colours_and_probability(processing, scene, tmp_path):
    from verite_core.model_metadata import read_metadata

    result = processing.run(
        "verite_terrain:segmentsealed",
        {
            "INPUT": str(scene),
            "OUTPUT_CLASSES": str(tmp_path / "classes.tif"),
            "OUTPUT_PROBABILITY": str(tmp_path / "prob.tif"),
        },
    )
    assert result["OUTPUT_CLASSES"] == str(tmp_path / "classes.tif")
    classes = read(result["OUTPUT_CLASSES"])
    assert classes.shape == (160, 160)
    assert set(np.unique(classes)) <= {c["code"] for c in model_classes()}
    table = color_table(result["OUTPUT_CLASSES"])
    for c in model_classes():
        assert table[c["code"]] == c["color"]
    assert read(result["OUTPUT_PROBABILITY"]).shape == (160, 160)
    assert result["EXECUTION_PROVIDER"] == "CPU" and result["TILES"] >= 1
    assert result["MODEL_NOTE"].startswith(read_metadata(SHIPPED)["model_description"])


def test_segment_sealed_from_band_files_with_extent_and_mask(processing, tmp_path):
    from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

    refl, _ = synthetic_scene(9, 96)
    dn = to_dn(refl)
    files = [
        str(write_raster(tmp_path / f"T31_{band}.tif", dn[i], utm_grid(), UTM31))
        for i, band in enumerate(BANDS)
    ]
    x0, y0 = utm_grid()[0], utm_grid()[3]
    mask = QgsVectorLayer(f"Polygon?crs=EPSG:{UTM31}", "mask", "memory")
    feature = QgsFeature()
    feature.setGeometry(QgsGeometry.fromWkt(
        f"POLYGON(({x0} {y0}, {x0 + 300} {y0}, {x0} {y0 - 300}, {x0} {y0}))"
    ))  # fmt: skip
    mask.dataProvider().addFeatures([feature])
    result = processing.run(
        "verite_terrain:segmentsealed",
        {
            "BAND_FILES": files,
            "MODEL": str(SHIPPED),
            "EXTENT": f"{x0},{x0 + 200},{y0 - 250},{y0} [EPSG:{UTM31}]",
            "MASK": mask,
            "BATCH_SIZE": 2,
            "OUTPUT_CLASSES": str(tmp_path / "masked.tif"),
        },
    )
    ds = gdal.Open(result["OUTPUT_CLASSES"])
    # The extent (20 x 25 px) inside the mask's box (30 x 30 px).
    assert (ds.RasterXSize, ds.RasterYSize) == (20, 25)
    assert ds.GetGeoTransform()[0] == x0 and ds.GetGeoTransform()[3] == y0
    classes = ds.GetRasterBand(1).ReadAsArray()
    nodata = ds.GetRasterBand(1).GetNoDataValue()
    assert nodata is not None
    assert (classes[16:, 16:] == nodata).all()  # outside the triangle
    assert (classes[:10, :10] != nodata).all()  # inside it
    assert result["OUTPUT_PROBABILITY"] is None


def test_segment_sealed_with_band_names_for_an_unnamed_raster(processing, tmp_path):
    from qgis.core import QgsProcessingException

    refl, _ = synthetic_scene(4, 64)
    unnamed = write_raster(tmp_path / "stack.tif", to_dn(refl), utm_grid(), UTM31)
    params = {"INPUT": str(unnamed), "OUTPUT_CLASSES": str(tmp_path / "u.tif")}
    with pytest.raises(QgsProcessingException, match="cannot be used with this model"):
        processing.run("verite_terrain:segmentsealed", params)
    assert not (tmp_path / "u.tif").exists()
    result = processing.run(
        "verite_terrain:segmentsealed", {**params, "BAND_NAMES": ",".join(BANDS)}
    )
    assert read(result["OUTPUT_CLASSES"]).shape == (64, 64)


def test_segment_sealed_errors_are_clear(processing, scene, tmp_path):
    import onnx
    from onnx import TensorProto, helper
    from qgis.core import QgsProcessingException

    out = str(tmp_path / "e.tif")
    with pytest.raises(QgsProcessingException, match="exactly one image"):
        processing.run("verite_terrain:segmentsealed", {"OUTPUT_CLASSES": out})
    with pytest.raises(QgsProcessingException, match="exactly one image"):
        processing.run(
            "verite_terrain:segmentsealed",
            {"INPUT": str(scene), "PRODUCT": str(scene), "OUTPUT_CLASSES": out},
        )
    # An ONNX file without the Vérité Terrain metadata: every problem is named.
    graph = helper.make_graph(
        [helper.make_node("Identity", ["input"], ["probabilities"])],
        "g",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 2, 4, 4])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [1, 2, 4, 4])],
    )
    bare = tmp_path / "bare.onnx"
    onnx.save(helper.make_model(graph), str(bare))
    with pytest.raises(QgsProcessingException, match="not a usable Vérité Terrain model") as err:
        processing.run(
            "verite_terrain:segmentsealed",
            {"INPUT": str(scene), "MODEL": str(bare), "OUTPUT_CLASSES": out},
        )
    assert "verite_terrain_format" in str(err.value)
    with pytest.raises(QgsProcessingException, match="must end with .tif"):
        processing.run(
            "verite_terrain:segmentsealed",
            {"INPUT": str(scene), "OUTPUT_CLASSES": str(tmp_path / "e.vrt")},
        )
    assert not list(tmp_path.glob("e.*"))


def test_segment_sealed_canceled_midway_leaves_no_output(processing, tmp_path):
    from qgis.core import QgsProcessingException, QgsProcessingFeedback

    image, _ = write_scene(tmp_path, "big", seed=11, size=700)  # 2 x 2 tiles of 512
    feedback = QgsProcessingFeedback()
    seen: list[float] = []

    def cancel_on_progress(value: float) -> None:
        seen.append(value)
        if value > 0:
            feedback.cancel()

    feedback.progressChanged.connect(cancel_on_progress)
    out = tmp_path / "canceled.tif"
    with pytest.raises(QgsProcessingException, match="Canceled"):
        processing.run(
            "verite_terrain:segmentsealed",
            {"INPUT": str(image), "BATCH_SIZE": 1, "OUTPUT_CLASSES": str(out),
             "OUTPUT_PROBABILITY": str(tmp_path / "canceled_p.tif")},
            feedback=feedback,
        )  # fmt: skip
    assert seen and max(seen) < 100
    assert not list(tmp_path.glob("canceled*"))


def test_segment_sealed_loaded_with_the_model_class_colours(processing, scene, tmp_path):
    from qgis.core import QgsPalettedRasterRenderer, QgsProject

    path = str(tmp_path / "loaded_classes.tif")
    result = processing.runAndLoadResults(
        "verite_terrain:segmentsealed", {"INPUT": str(scene), "OUTPUT_CLASSES": path}
    )
    project = QgsProject.instance()
    layer = loaded_layer(project, result["OUTPUT_CLASSES"])
    try:
        renderer = layer.renderer()
        assert isinstance(renderer, QgsPalettedRasterRenderer)
        got = {c.value: (c.color.name(), c.label) for c in renderer.classes()}
        assert got == {c["code"]: (c["color"], c["name"]) for c in model_classes()}
    finally:
        project.removeMapLayer(layer.id())


# --------------------------------------------------------------------------- model


def test_processing_model_chains_segmentation_and_sealed_share(processing, scene, tmp_path):
    from qgis.core import (
        QgsFeature,
        QgsGeometry,
        QgsProcessing,
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterFeatureSource,
        QgsProcessingParameterRasterLayer,
        QgsVectorLayer,
    )

    model = QgsProcessingModelAlgorithm("sealed_pipeline", "tests")
    model.addModelParameter(
        QgsProcessingParameterRasterLayer("image", "Image"), QgsProcessingModelParameter("image")
    )
    model.addModelParameter(
        QgsProcessingParameterFeatureSource("zones", "Zones", [QgsProcessing.TypeVectorPolygon]),
        QgsProcessingModelParameter("zones"),
    )
    segment = QgsProcessingModelChildAlgorithm("verite_terrain:segmentsealed")
    segment.setChildId("segment")
    segment.addParameterSources(
        "INPUT", [QgsProcessingModelChildParameterSource.fromModelParameter("image")]
    )
    segment.addParameterSources(
        "MODEL", [QgsProcessingModelChildParameterSource.fromStaticValue(str(SHIPPED))]
    )
    segment.addParameterSources(
        "BATCH_SIZE", [QgsProcessingModelChildParameterSource.fromStaticValue(2)]
    )
    model.addChildAlgorithm(segment)
    share = QgsProcessingModelChildAlgorithm("verite_terrain:sealedshare")
    share.setChildId("share")
    share.addParameterSources(
        "INPUT", [QgsProcessingModelChildParameterSource.fromModelParameter("zones")]
    )
    share.addParameterSources(
        "RASTER",
        [QgsProcessingModelChildParameterSource.fromChildOutput("segment", "OUTPUT_CLASSES")],
    )
    share.addParameterSources(
        "SEALED_VALUES", [QgsProcessingModelChildParameterSource.fromStaticValue("1")]
    )
    output = QgsProcessingModelOutput("shares", "Shares")
    output.setChildId("share")
    output.setChildOutputName("OUTPUT")
    share.setModelOutputs({"shares": output})
    model.addChildAlgorithm(share)
    model.updateDestinationParameters()
    ok, problems = model.validate()
    assert ok, problems

    x0, y0 = utm_grid()[0], utm_grid()[3]
    zones = QgsVectorLayer(f"Polygon?crs=EPSG:{UTM31}&field=name:string", "zones", "memory")
    feature = QgsFeature(zones.fields())
    feature.setAttributes(["all"])
    feature.setGeometry(QgsGeometry.fromWkt(
        f"POLYGON(({x0} {y0}, {x0 + 1600} {y0}, {x0 + 1600} {y0 - 1600}, {x0} {y0 - 1600}, {x0} {y0}))"
    ))  # fmt: skip
    zones.dataProvider().addFeatures([feature])
    result = processing.run(
        model, {"image": str(scene), "zones": zones, "share:shares": str(tmp_path / "m.gpkg")}
    )
    (row,) = rows_of(result["share:shares"])
    assert row["name"] == "all"
    assert row["zone_m2"] == pytest.approx(1600 * 1600)
    assert row["valid_pct"] == pytest.approx(100)
    assert 0 <= row["sealed_pct"] <= 100
    assert row["sealed_m2"] == pytest.approx(row["sealed_pct"] / 100 * 1600 * 1600, rel=1e-6)
