"""One CLI: ``python -m training fit | evaluate | export | import-hf | build-trainingset``.

Every run is described by a TOML config (examples in training/configs/); ``--smoke`` runs
a few steps on tiny crops of the same data to check a config end to end.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from typing import Any

from .config import RunConfig, load_config, smoke_overrides


def _floats(text: str) -> list[float]:
    return [float(v) for v in text.split(",") if v.strip()]


def _ints(text: str) -> list[int]:
    return [int(v) for v in text.split(",") if v.strip()]


def _strings(text: str) -> list[str]:
    return [v.strip() for v in text.split(",") if v.strip()]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m training", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)

    def run_parser(name: str, text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=text, description=text)
        p.add_argument(
            "config", help="run config (TOML), e.g. training/configs/proxy-dynamicworld-b0.toml"
        )
        p.add_argument("--smoke", action="store_true", help="a few steps on tiny crops of the data")
        p.add_argument("--output-dir", help="override the config's output_dir")
        return p

    fit = run_parser("fit", "train a model (checkpoints in <output_dir>/checkpoints)")
    fit.add_argument("--resume", action="store_true", help="continue from checkpoints/last.pt")
    fit.add_argument("--steps", type=int, help="override train.steps")
    ev = run_parser("evaluate", "measure model and baselines on the test regions (report.json/.md)")
    ev.add_argument("--checkpoint", help="default: best.pt, else last.pt")
    ev.add_argument("--split", default="test", choices=["val", "test"])
    ex = run_parser("export", "export to ONNX with the metadata contract, checked against PyTorch")
    ex.add_argument("--checkpoint", help="default: best.pt, else last.pt")
    ex.add_argument("--output", help="default: export.output or <output_dir>/model.onnx")

    ts = sub.add_parser(
        "build-trainingset",
        help="Sentinel-2 stacks from STAC + CLC+ labels for regions and years (dataset A)",
        description="For each region and year of CONFIG: a stack from the STAC catalogue "
        "(image.tif), the CLC+ Backbone raster warped onto it (labels.tif), manifest.json and "
        "a ready run config dataset-a.toml. Done region-years are kept unless --overwrite.",
    )
    ts.add_argument("config", help="training-set config (TOML), e.g. "
                    "training/configs/trainingset-example.toml")  # fmt: skip
    ts.add_argument("--output-dir", help="override the config's output_dir")
    ts.add_argument("--overwrite", action="store_true", help="rebuild region-years already built")
    ts.add_argument("--only", type=_strings, help="comma-separated region names")

    hf = sub.add_parser(
        "import-hf", help="export a save_pretrained SegFormer folder with our metadata"
    )
    hf.add_argument("checkpoint", nargs="?", help="folder written by save_pretrained")
    hf.add_argument("--config", help="TOML file with an [import_hf] table (flags override it)")
    hf.add_argument(
        "--bands", type=_strings, help="comma-separated Sentinel-2 bands, e.g. B02,B03,B04"
    )
    hf.add_argument("--mean", type=_floats, help="per-band mean of reflectance, comma-separated")
    hf.add_argument("--std", type=_floats, help="per-band std of reflectance, comma-separated")
    hf.add_argument("--level", choices=["L1C", "L2A"], help="product level the model expects")
    hf.add_argument(
        "--offsets-dn", dest="offsets_dn", type=_ints, help="DN offsets seen in training (0,-1000)"
    )
    hf.add_argument("--output", help="ONNX file to write")
    for flag in ("name", "version", "description", "training-data", "license"):
        hf.add_argument(f"--{flag}", dest=flag.replace("-", "_"))
    hf.add_argument("--resolution-m", dest="resolution_m", type=float)
    hf.add_argument("--tile-size", dest="tile_size", type=int)
    hf.add_argument("--tile-overlap-px", dest="tile_overlap_px", type=int)
    hf.add_argument("--class-codes", dest="class_codes", type=_ints)
    hf.add_argument("--class-colors", dest="class_colors", type=_strings)
    hf.add_argument("--tolerance", type=float)
    return parser


def _run_config(args: argparse.Namespace, overrides: dict[str, Any] | None = None) -> RunConfig:
    cfg = load_config(args.config, overrides)
    if args.output_dir:
        cfg.output_dir = args.output_dir
    return smoke_overrides(cfg) if args.smoke else cfg


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)  # fmt: skip
    from verite_core.pack.gdal_env import use_exceptions_globally

    use_exceptions_globally()
    try:
        result = _dispatch(args)
    except (ValueError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2, default=str))
    return 0


def _dispatch(args: argparse.Namespace) -> dict[str, Any]:
    """Run one command; heavy modules are imported only for the command that needs them."""
    if args.command == "import-hf":
        from .hf_import import import_hf, load_import_config

        fields = ("checkpoint", "bands", "mean", "std", "level", "offsets_dn", "output", "name", "version",
                  "description", "training_data", "license", "resolution_m", "tile_size",
                  "tile_overlap_px", "class_codes", "class_colors", "tolerance")  # fmt: skip
        return import_hf(load_import_config(args.config, {f: getattr(args, f) for f in fields}))
    if args.command == "build-trainingset":
        from .trainingset import build_trainingset, load_trainingset_config

        cfg = load_trainingset_config(args.config)
        return build_trainingset(cfg, args.overwrite, args.only, args.output_dir)
    if args.command == "fit":
        from .engine import fit

        return fit(
            _run_config(args, {"train": {"steps": args.steps}} if args.steps else None),
            resume=args.resume,
        )
    cfg = _run_config(args)
    if args.command == "evaluate":
        from .evaluate import evaluate

        report = evaluate(cfg, args.checkpoint, args.split)
        per_class = report["metrics"]["all"]["per_class"]
        return {
            "report": str(cfg.out / "report.json"),
            "iou": {k: v["iou"] for k, v in per_class.items()},
        }
    from .export import export_checkpoint

    return export_checkpoint(cfg, args.checkpoint, args.output)
