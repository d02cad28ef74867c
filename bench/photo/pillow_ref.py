#!/usr/bin/env python3
"""Reference: the Pillow preprocessing from the 1688 write-up (shared/seeds/000_*),
reproduced as written, bugs included (EXIF orientation ignored; RGBA pasted without a
mask), so the Rust pipeline is compared with what people actually run.

  pillow_ref.py time FILE [--runs N]   median wall time of preprocess_image(FILE), JSON
  pillow_ref.py once FILE              one run, then peak RSS of this process, JSON
  pillow_ref.py serve                  per stdin line (a path): run once, print wall ms;
                                       lets the Rust bench interleave runs under equal load
  pillow_ref.py make-webp SRC DST      write SRC as a lossy WebP (quality 90) fixture
"""
import argparse
import base64
import io
import json
import resource
import statistics
import sys
import time

from PIL import Image


def preprocess_image(image_path: str, target_size: tuple = (800, 800)) -> str:
    with Image.open(image_path) as img:
        img.thumbnail(target_size, Image.Resampling.LANCZOS)
        background = Image.new('RGB', target_size, (255, 255, 255))
        offset = ((target_size[0] - img.size[0]) // 2, (target_size[1] - img.size[1]) // 2)
        background.paste(img, offset)
        img_byte_arr = io.BytesIO()
        if image_path.lower().endswith('.png'):
            background.save(img_byte_arr, format='PNG', optimize=True)
        else:
            background.save(img_byte_arr, format='JPEG', quality=80)
        img_byte_arr = img_byte_arr.getvalue()
        return base64.b64encode(img_byte_arr).decode('utf-8').replace('\n', '')


def current_rss_kb() -> int:
    """Resident memory right now (interpreter + Pillow loaded), to separate the
    interpreter's own footprint from the pipeline's."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("time")
    t.add_argument("file")
    t.add_argument("--runs", type=int, default=15)
    o = sub.add_parser("once")
    o.add_argument("file")
    sub.add_parser("serve")
    w = sub.add_parser("make-webp")
    w.add_argument("src")
    w.add_argument("dst")
    args = parser.parse_args()

    if args.cmd == "time":
        preprocess_image(args.file)  # warm the page cache and Pillow's plugin imports
        samples = []
        for _ in range(args.runs):
            start = time.perf_counter()
            out = preprocess_image(args.file)
            samples.append((time.perf_counter() - start) * 1000.0)
        print(json.dumps({"median_ms": statistics.median(samples), "min_ms": min(samples),
                          "base64_len": len(out), "pillow": Image.__version__}))
    elif args.cmd == "serve":
        for line in sys.stdin:
            path = line.strip()
            if not path:
                continue
            start = time.perf_counter()
            preprocess_image(path)
            print(f"{(time.perf_counter() - start) * 1000.0:.3f}", flush=True)
    elif args.cmd == "once":
        baseline_kb = current_rss_kb()
        out = preprocess_image(args.file)
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({"peak_rss_kb": peak_kb, "baseline_rss_kb": baseline_kb, "base64_len": len(out)}))
    else:
        with Image.open(args.src) as img:
            img.convert("RGB").save(args.dst, format="WEBP", quality=90, method=4)
    return 0


if __name__ == "__main__":
    sys.exit(main())
