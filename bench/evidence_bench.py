"""`make bench`, evidence part: photo uploads per second and processing time per photo.

The photo is a realistic phone picture: 4000 x 3000 (12 megapixels), about 3 MB of JPEG, with
shapes, gradients and sensor-like noise (noise is what makes phone JPEGs large). Uploads go
through the real service over HTTP as a channel connector sends them (shop token plus
conversation); processing time is `prepare()` alone (sniff, decode, orient, re-encode,
thumbnail, hash, quality hints) in this process, without HTTP or storage.

Run alone (SQLite, one worker; merged into bench/results/service.json and .md):
    backend/.venv/bin/python -m bench.evidence_bench
"""

from __future__ import annotations

import io
import json
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from PIL import Image, ImageDraw, ImageFilter

from . import databases, report
from .load import run_load
from .server import BACKEND_DIR, Service, service_env
from .stats import percentile

UPLOAD_CONCURRENCY = (1, 2)
UPLOAD_SECONDS = 12.0
UPLOAD_MAX = 40
PROCESSING_RUNS = 15
ENDPOINT = "POST /evidence (12 MP JPEG)"


def realistic_photo(seed: int = 7) -> bytes:
    rng = random.Random(seed)
    width, height = 4000, 3000
    scene = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(scene)
    for _ in range(400):
        x, y, size = rng.randrange(width), rng.randrange(height), rng.randrange(20, 600)
        draw.ellipse((x, y, x + size, y + size * 2 // 3), fill=tuple(rng.randrange(256) for _ in range(3)))
    noise = Image.effect_noise((width, height), 40).convert("RGB")
    photo = Image.blend(scene.filter(ImageFilter.GaussianBlur(2)), noise, 0.18)
    out = io.BytesIO()
    photo.save(out, format="JPEG", quality=87)
    return out.getvalue()


def processing_times(photo: bytes, runs: int = PROCESSING_RUNS) -> dict[str, Any]:
    if str(BACKEND_DIR) not in sys.path:
        sys.path.insert(0, str(BACKEND_DIR))
    from returndesk.evidence.service import prepare

    prepare(photo)  # imports and first-use caches outside the timing
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        prepare(photo)
        times.append((time.perf_counter() - began) * 1000)
    return {
        "photo_bytes": len(photo),
        "photo_pixels": "4000x3000",
        "runs": runs,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 95) or 0, 1),
        "max_ms": round(max(times), 1),
    }


def upload_cells(db: str, workers: int, service: Service, shop_token: str, photo: bytes) -> list[dict[str, Any]]:
    """Uploads at 1 and 2 clients, each beside GET /healthz measured just before it."""

    def healthz(client: httpx.Client, _worker: int, _seq: int) -> httpx.Response:
        return client.get("/healthz")

    def upload(client: httpx.Client, worker: int, seq: int) -> httpx.Response:
        headers = {"Authorization": f"Bearer {shop_token}", "X-ReturnDesk-Conversation": f"bench-{worker}-{seq}"}
        return client.post("/evidence", headers=headers, files={"file": ("photo.jpg", photo, "image/jpeg")})

    cells = []
    for concurrency in UPLOAD_CONCURRENCY:
        baseline = run_load(service.base_url, healthz, concurrency=concurrency, max_requests=5000, max_seconds=3)
        run_load(service.base_url, upload, concurrency=concurrency, max_requests=2, max_seconds=30)  # warm-up
        result = run_load(
            service.base_url,
            upload,
            concurrency=concurrency,
            max_requests=UPLOAD_MAX,
            max_seconds=UPLOAD_SECONDS,
            ok=lambda r: r.status_code == 201,
        )
        cell = {
            "db": db,
            "workers": workers,
            "endpoint": ENDPOINT,
            "concurrency": concurrency,
            "n": result.n,
            "uploads_per_s": round(result.rps, 2),
            "mb_per_s": round(result.rps * len(photo) / 1e6, 1),
            "p50_ms": round(result.percentile(50) or 0, 1),
            "p95_ms": round(result.percentile(95) or 0, 1),
            "baseline_rps": round(baseline.rps, 1),
            "ratio_to_baseline": round(result.rps / baseline.rps, 4) if baseline.rps else None,
            "errors": dict(result.errors),
        }
        cells.append(cell)
        print(
            f"  {ENDPOINT:<22} c={concurrency:<3} {cell['uploads_per_s']:6.2f} uploads/s  p95 {cell['p95_ms']} ms  "
            f"ratio {cell['ratio_to_baseline']}  errors {cell['errors'] or 0}",
            flush=True,
        )
    return cells


def main() -> int:
    """The evidence part alone, on SQLite with one worker, merged into the last full results."""
    photo = realistic_photo()
    tmp_dir = Path(tempfile.mkdtemp(prefix="returndesk-bench-evidence-"))
    try:
        shop_token = secrets.token_urlsafe(24)
        url = databases.fresh_sqlite(tmp_dir, "bench-evidence")
        env = service_env(url, shop_token, secrets.token_urlsafe(32))
        env["RETURNDESK_EVIDENCE_DIR"] = str(tmp_dir / "evidence")
        databases.migrate(url, env)
        with Service(env=env, workers=1, log_path=tmp_dir / "service.log") as service:
            uploads = upload_cells("sqlite", 1, service, shop_token, photo)
    finally:
        shutil.rmtree(tmp_dir, ignore_errors=True)
    json_path = report.RESULTS_DIR / "service.json"
    results = json.loads(json_path.read_text()) if json_path.exists() else {}
    results["evidence"] = {"processing": processing_times(photo), "uploads": uploads, "run": "evidence part alone"}
    report.write(results)
    print(report.evidence_markdown(results["evidence"]))
    return 0 if all(not cell["errors"] for cell in uploads) else 1


if __name__ == "__main__":
    sys.exit(main())
