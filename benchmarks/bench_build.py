"""Time ``dutymatrix build --only jd`` against bare WeasyPrint and headless Chromium.

    python benchmarks/bench_build.py [--departments 20 --posts 10 --duties 8] [--jobs 2]
                                     [--chromium-sample 10]

One run each, on a synthetic org (benchmarks/synth.py; 20 × 10 = 200 posts):

- build:       ``dutymatrix build ORG --only jd --jobs N`` in a fresh process (load, JD in
               HTML, PDF, Word and Markdown, manifest) into an empty folder;
- bare:        one process, ``weasyprint.HTML(...).write_pdf()`` in a loop over the very
               HTML the build prints from (no load, no Word, no Markdown);
- chromium:    ``chromium --headless --print-to-pdf`` on a sample of the same files,
               scaled to all of them;
- incremental: one duty of one post edited, the same build again.

Targets: build ≤ 0.75 × bare; build faster than chromium; incremental ≤ 0.10 × build,
rewriting that post's files only.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synth import write_synthetic_org  # noqa: E402

BARE = """
import sys, pathlib, weasyprint
files = sorted(pathlib.Path(sys.argv[1]).glob("*.html"))
for path in files:
    weasyprint.HTML(filename=str(path)).write_pdf()
"""


def timed(args: list[str], cwd: Path | None = None) -> tuple[float, str]:
    """Wall time and stdout; CPU seconds (the process and its workers) printed too, since on
    a busy machine the wall-time ratio says little about what two free cores would give."""
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{result.stderr}")
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    print(f"    [{Path(args[0]).name}: {elapsed:.2f} s wall, {cpu:.2f} s CPU]")
    return elapsed, result.stdout


def printable_html(org_dir: Path, folder: Path) -> int:
    """Write the HTML each JD PDF is printed from, next to a copy of the CSS it links."""
    from dutymatrix.load import load_org
    from dutymatrix.matrix import build_matrix
    from dutymatrix.render.context import jd_context
    from dutymatrix.render.html import (
        builtin_templates,
        make_environment,
        render_template,
        template_roots,
    )

    org = load_org(str(org_dir)).org
    assert org is not None
    matrix = build_matrix(org)
    env = make_environment(template_roots(None))
    shutil.copytree(builtin_templates() / "assets", folder / "assets")
    for role_id in org.roles:
        jd = jd_context(org, matrix, role_id, "zh")
        html = render_template(env, "jd.html", jd=jd, labels=jd.labels, lang="zh",
                               asset_base="", for_pdf=True)
        (folder / f"{role_id}.html").write_text(html, encoding="utf-8")
    return len(org.roles)


def edit_one_duty(org_dir: Path) -> str:
    """Change the first duty text of the first department file; return the post id."""
    path = sorted((org_dir / "departments").glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    roles = text.index("roles:")
    match = re.compile(r"(- text: )(\S+)").search(text, roles)
    if match is None:
        sys.exit(f"{path}: no post duty to edit")
    role_id = re.findall(r"id: (\S+)", text[:match.start()])[-1]
    edited = text[: match.start(2)] + "负责修订后的" + text[match.start(2):]
    path.write_text(edited, encoding="utf-8")
    return role_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--departments", type=int, default=20)
    parser.add_argument("--posts", type=int, default=10)
    parser.add_argument("--duties", type=int, default=8)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--chromium-sample", type=int, default=10)
    args = parser.parse_args()

    dutymatrix = str(Path(sys.executable).with_name("dutymatrix"))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        org = write_synthetic_org(root / "org", args.departments, args.posts, args.duties)
        html_dir = root / "html"
        html_dir.mkdir()
        posts = printable_html(org, html_dir)
        print(f"synthetic org: {posts} posts")

        out = root / "out"
        build_cmd = [dutymatrix, "build", str(org), "-o", str(out), "--only", "jd",
                     "--jobs", str(args.jobs)]
        build_time, _ = timed(build_cmd)
        print(f"build --only jd --jobs {args.jobs}: {build_time:7.2f} s "
              f"({1000 * build_time / posts:.0f} ms per post, PDF + Word + HTML + Markdown)")

        bare_time, _ = timed([sys.executable, "-c", BARE, str(html_dir)])
        print(f"bare WeasyPrint loop (PDF only):  {bare_time:7.2f} s "
              f"({1000 * bare_time / posts:.0f} ms per document)")

        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        chromium_time = None
        if chromium:
            sample = sorted(html_dir.glob("*.html"))[: args.chromium_sample]
            profile = root / "profile"
            start = time.perf_counter()
            for path in sample:
                subprocess.run(
                    [chromium, "--headless", "--no-sandbox", "--disable-gpu",
                     "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync",
                     f"--user-data-dir={profile}", "--no-pdf-header-footer",
                     f"--print-to-pdf={root / 'chromium.pdf'}", path.as_uri()],
                    capture_output=True, check=True,
                )
            chromium_time = (time.perf_counter() - start) / len(sample) * posts
            print(f"chromium --print-to-pdf (scaled from {len(sample)}): {chromium_time:7.2f} s")

        edited_role = edit_one_duty(org)
        incremental_time, report = timed(build_cmd)
        rebuilt_line = next((ln for ln in report.splitlines() if "rebuilt:" in ln), "")
        rebuilt = [p.strip() for p in rebuilt_line.split("rebuilt:", 1)[-1].split(",") if p]
        only_that_post = bool(rebuilt) and all(f"jd/{edited_role}." in p for p in rebuilt)
        print(f"incremental (one duty of {edited_role}): {incremental_time:7.2f} s, "
              f"rebuilt {len(rebuilt)} file(s): {', '.join(rebuilt)}")

        print()
        print("ratios (target):")
        ratio = build_time / bare_time
        print(f"  build / bare WeasyPrint     {ratio:5.2f}  (≤ 0.75)  "
              f"{'ok' if ratio <= 0.75 else 'MISSED'}")
        if chromium_time is not None:
            ratio = build_time / chromium_time
            print(f"  build / chromium            {ratio:5.2f}  (< 1)     "
                  f"{'ok' if ratio < 1 else 'MISSED'}")
        ratio = incremental_time / build_time
        print(f"  incremental / build         {ratio:5.2f}  (≤ 0.10)  "
              f"{'ok' if ratio <= 0.10 else 'MISSED'}")
        print(f"  (load average now: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on "
              f"{os.cpu_count()} cores)")
        print(f"  incremental rewrote only {edited_role}'s files: "
              f"{'yes' if only_that_post else 'NO'}")


if __name__ == "__main__":
    main()
