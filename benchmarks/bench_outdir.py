"""Time the output folder's write path against a plain atomic write.

    python benchmarks/bench_outdir.py [--posts 200] [--rounds 3]

Files shaped like a build of N posts (per post: HTML 3 kB, PDF 190 kB, Word 39 kB,
Markdown 1 kB) are written into an empty folder, then checked again as a no-op build:

- plain:  what builds did before the output folder became a trust boundary: open a
          ``.<name>.<pid>.tmp`` with ``open(..., "wb")``, write, fsync, ``os.replace``;
          a no-op compares sha256 of the file on disk with sha256 of the new content;
- safe:   ``OutputDir``: folders opened with O_NOFOLLOW, files created with
          O_CREAT|O_EXCL|O_NOFOLLOW under a random name, renamed; PDF and Word files
          written to ``.dutymatrix-pending/`` first and renamed into place; a no-op
          reads regular files only (size first) and compares bytes.

Target: safe / plain ≤ 1.05 for the write, ≤ 1.0 for the no-op: the median of the
per-round ratios, the two run back to back in alternating order (``--rounds``).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from dutymatrix.render.outdir import OutputDir
from dutymatrix.render.outfiles import PENDING_DIR, pending_path

SIZES = {"html": 3_000, "pdf": 190_000, "docx": 39_000, "md": 1_000}


def files(posts: int) -> dict[str, bytes]:
    out = {}
    for i in range(posts):
        for suffix, size in SIZES.items():
            seed = f"{i}.{suffix}".encode()
            name = f"jd/d{i // 10:04d}.r{i % 10:02d}.{suffix}"
            out[name] = (seed * (size // len(seed) + 1))[:size]
    return out


def plain_write(root: Path, content: dict[str, bytes]) -> None:
    for rel, data in content.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)


def plain_noop(root: Path, content: dict[str, bytes]) -> int:
    same = 0
    for rel, data in content.items():
        on_disk = hashlib.sha256((root / rel).read_bytes()).hexdigest()
        same += on_disk == hashlib.sha256(data).hexdigest()
    return same


def safe_write(root: Path, content: dict[str, bytes]) -> None:
    with OutputDir.open(root) as out:
        for rel, data in content.items():
            if rel.endswith((".pdf", ".docx")):  # rendered by a worker: kept, then published
                pending = pending_path(rel, "source")
                out.write(pending, data)
                out.move(pending, rel)
            else:
                out.write(rel, data)
        out.remove_folder_files(PENDING_DIR)


def safe_noop(root: Path, content: dict[str, bytes]) -> int:
    same = 0
    with OutputDir.open(root) as out:
        for rel, data in content.items():
            same += out.read(rel, size=len(data)) == data
            hashlib.sha256(data).hexdigest()  # the manifest entry still needs the hash
    return same


def timed(function: object, content: dict[str, bytes], fresh: bool) -> tuple[float, float]:
    """Wall and CPU seconds of one run into a new folder (pre-filled for a no-op)."""
    root = Path(tempfile.mkdtemp(prefix="bench-outdir-"))
    try:
        if not fresh:
            plain_write(root / "out", content)
        wall, cpu = time.perf_counter(), time.process_time()
        function(root / "out", content)  # type: ignore[operator]
        return time.perf_counter() - wall, time.process_time() - cpu
    finally:
        shutil.rmtree(root)


def compare(plain: object, safe: object, content: dict[str, bytes], rounds: int,
            fresh: bool) -> tuple[float, float, float, float]:
    """Median of per-round ratios (wall, CPU), the two run back to back in turn, so that a
    busy machine slows both alike; and the best wall times."""
    walls, cpus, plain_best, safe_best = [], [], float("inf"), float("inf")
    for n in range(rounds):
        order = [plain, safe] if n % 2 == 0 else [safe, plain]
        results = {id(f): timed(f, content, fresh) for f in order}
        (plain_wall, plain_cpu), (safe_wall, safe_cpu) = results[id(plain)], results[id(safe)]
        walls.append(safe_wall / plain_wall)
        cpus.append(safe_cpu / plain_cpu)
        plain_best, safe_best = min(plain_best, plain_wall), min(safe_best, safe_wall)
    return statistics.median(walls), statistics.median(cpus), plain_best, safe_best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    content = files(args.posts)
    megabytes = sum(map(len, content.values())) / 1e6
    print(f"{len(content)} files, {megabytes:.0f} MB ({args.posts} posts), "
          f"{args.rounds} rounds")
    rows = [("write", plain_write, safe_write, True, 1.05),
            ("no-op", plain_noop, safe_noop, False, 1.0)]
    for label, plain, safe, fresh, target in rows:
        wall, cpu, plain_best, safe_best = compare(plain, safe, content, args.rounds, fresh)
        print(f"{label}: best plain {plain_best:5.2f} s, safe {safe_best:5.2f} s; "
              f"median ratio wall {wall:4.2f} (≤ {target}) {'ok' if wall <= target else 'MISSED'}"
              f", CPU {cpu:4.2f}")
    print(f"(load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
