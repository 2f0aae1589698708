"""One measured engine run, in its own process (so that its memory is its own):

    python -m bench.engine_probe MODEL IMAGE OUT_DIR [--rows N] [--batch 4] [--bare]

Prints one JSON line: wall time, time inside ``OnnxModel.predict`` (and the batch shapes),
tiles, area, peak RSS (``VmHWM``, reset just before the run) and RSS over the run (sampled
every 50 ms, maximum per tenth of the tiles). ``--rows N`` runs on the first N full-width
rows only. ``--bare`` then times bare ``predict`` calls on random arrays of the very same
batch shapes (the denominator of the engine overhead); both after one warm-up call.
"""

from __future__ import annotations

import argparse
import json
import threading
import time

import numpy as np

from verite_core.inference import OnnxModel, RunOptions, open_image, run


def _status(key: str) -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    raise KeyError(key)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("model")
    p.add_argument("image")
    p.add_argument("out")
    p.add_argument("--rows", type=int)
    p.add_argument("--batch", type=int, default=4)
    p.add_argument("--threads", type=int)
    p.add_argument("--bare", action="store_true")
    args = p.parse_args()

    model = OnnxModel(args.model, threads=args.threads)
    image = open_image(args.image, level="L1C", offset_dn=0)
    extent = None
    if args.rows:
        gt = image.geotransform
        extent = (gt[0], gt[3] + args.rows * gt[5], gt[0] + image.width * gt[1], gt[3])
    calls: list[tuple[tuple[int, ...], float]] = []
    predict = model.predict

    def timed_predict(batch: np.ndarray) -> np.ndarray:
        start = time.perf_counter()
        out = predict(batch)
        calls.append((batch.shape, time.perf_counter() - start))
        return out

    size = model.info.tile_size
    if args.bare:  # warm-up: both measurements below start warm
        predict(np.zeros((args.batch, len(model.info.bands), size, size), np.float32))
    model.predict = timed_predict  # type: ignore[method-assign]
    done, samples = [0.0], []

    def sample() -> None:
        while done[0] < 1.0:
            samples.append((done[0], _status("VmRSS")))
            time.sleep(0.05)

    before = _status("VmRSS")
    with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
        fh.write("5")  # reset VmHWM (Linux >= 4.0)
    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    options = RunOptions(f"{args.out}/classes.tif", f"{args.out}/probability.tif",
                         extent=extent, batch_size=args.batch)  # fmt: skip
    start = time.perf_counter()
    result = run(model, image, options, progress=lambda f: done.__setitem__(0, min(f, 0.999)))
    seconds = time.perf_counter() - start
    done[0] = 1.0
    peak = _status("VmHWM")
    thread.join()
    deciles = [max([r for f, r in samples if i / 10 <= f < (i + 1) / 10] or [0]) for i in range(10)]
    report = {
        "seconds": seconds,
        "predict_seconds": sum(t for _, t in calls),
        "predict_calls": len(calls),
        "tiles": result.tiles,
        "width": result.width,
        "height": result.height,
        "km2": result.width * result.height * image.resolution**2 / 1e6,
        "providers": result.providers,
        "rss_before_mb": before / 2**20,
        "peak_rss_mb": peak / 2**20,
        "growth_mb": (peak - before) / 2**20,
        "rss_by_tenth_mb": [round(r / 2**20, 1) for r in deciles],
    }
    if args.bare:
        rng = np.random.default_rng(0)
        total = 0.0
        for shape, _ in calls:
            x = rng.standard_normal(shape, dtype=np.float32)
            start = time.perf_counter()
            predict(x)
            total += time.perf_counter() - start
        report["bare_seconds"] = total
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
