"""One measured engine run, in its own process (so that its memory is its own):

    python -m bench.engine_probe MODEL IMAGE OUT_DIR [--rows N] [--batch 4] [--bare [--rounds 2]]

Prints one JSON line: wall time, time inside onnxruntime's ``session.run`` (and its shapes),
tiles, area, peak RSS (``VmHWM``, reset just before the run) and RSS over the run (sampled
every 50 ms, maximum per tenth of the tiles). ``--rows N`` runs on the first N full-width
rows only. ``--bare`` alternates ``--rounds`` engine runs with bare ``session.run`` calls on random
arrays of the very same shapes (the denominator of the engine overhead), after one
warm-up call, and reports the fastest of each (other jobs on the machine only slow down).
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
    p.add_argument("--rounds", type=int, default=2)
    args = p.parse_args()

    model = OnnxModel(args.model, threads=args.threads)
    image = open_image(args.image, level="L1C", offset_dn=0)
    extent = None
    if args.rows:
        gt = image.geotransform
        extent = (gt[0], gt[3] + args.rows * gt[5], gt[0] + image.width * gt[1], gt[3])
    # Time (and record) the session's own run calls: the bare replay below repeats exactly
    # what the engine asked onnxruntime to do (on CPU, OnnxModel runs a batch tile by tile).
    calls: list[tuple[tuple[int, ...], float]] = []
    session = model.session
    session_run = session.run

    def timed_run(names, feeds, *rest):
        start = time.perf_counter()
        out = session_run(names, feeds, *rest)
        calls.append((next(iter(feeds.values())).shape, time.perf_counter() - start))
        return out

    size = model.info.tile_size
    if args.bare:  # warm-up: both measurements below start warm
        model.predict(np.zeros((args.batch, len(model.info.bands), size, size), np.float32))
    session.run = timed_run
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
    engine, bare, predicted = [], [], []
    for _ in range(args.rounds if args.bare else 1):  # alternate: both see the same load
        calls.clear()
        start = time.perf_counter()
        result = run(model, image, options, progress=lambda f: done.__setitem__(0, min(f, 0.999)))
        engine.append(time.perf_counter() - start)
        predicted.append(sum(t for _, t in calls))
        done[0] = 1.0
        if args.bare:
            rng = np.random.default_rng(0)
            total = 0.0
            for shape, _ in calls:
                x = {
                    model.session.get_inputs()[0].name: rng.standard_normal(shape, dtype=np.float32)
                }
                start = time.perf_counter()
                session_run(None, x)
                total += time.perf_counter() - start
            bare.append(total)
    peak = _status("VmHWM")
    thread.join()
    deciles = [max([r for f, r in samples if i / 10 <= f < (i + 1) / 10] or [0]) for i in range(10)]
    report = {
        "seconds": min(engine),
        "engine_seconds_all": engine,
        "predict_seconds": predicted[engine.index(min(engine))],
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
        report["bare_seconds"] = min(bare)
        report["bare_seconds_all"] = bare
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
