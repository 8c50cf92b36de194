"""What a gunicorn worker costs to start and keep: resident memory and time to first answer.

Run from the repository root:

    .venv/bin/python benchmarks/startup.py            # 5 runs of each, about half a minute
    .venv/bin/python benchmarks/startup.py --runs 3

Two ways to start the same site, measured in the same run, one worker each:

- **lazy** — the site as it is: admin autodiscovery, the URLs and the Celery tasks import
  no numeric library; NumPy, SciPy, OR-tools and rustworkx load when a round or a pair is
  first scored;
- **eager** — the baseline: the same site with ``matching.services.compute`` imported when
  the worker boots (as admin autodiscovery did before the libraries were made lazy).

For each start it records the seconds from launching gunicorn to the first 200 from ``/``
and the worker's resident set (VmRSS) after it answered ``/`` and the sign-in page. It
prints min / median / max per figure, the lazy-to-eager ratio, and which numeric libraries
the lazy worker had loaded (none expected). The database is a fresh SQLite under a
temporary folder, so nothing of yours is touched. Exit status 1 if the lazy worker loaded
a numeric library.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
HEAVY = ("numpy", "scipy", "ortools", "rustworkx")

# A gunicorn config: in the eager mode the worker imports the numeric half at boot; in both
# it writes down, at the first request, which numeric libraries it holds.
CONFIG = f"""
import os, sys

def post_worker_init(worker):
    if os.environ.get("BENCH_EAGER") == "1":
        import matching.services.compute  # noqa: F401

def pre_request(worker, req):
    path = os.environ["BENCH_REPORT"]
    if not os.path.exists(path):
        with open(path, "w") as out:
            out.write(",".join(m for m in {HEAVY!r} if m in sys.modules))
"""


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def worker_pid(master: int) -> int:
    for _ in range(100):
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.05)
    raise RuntimeError("gunicorn started no worker")


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 -- loopback
            response.read()
            return response.status
    except OSError:
        return 0


def one_start(mode: str, port: int, env: dict, workdir: Path) -> tuple[float, float, str]:
    report = workdir / f"report-{mode}-{port}.txt"
    report.unlink(missing_ok=True)
    env = {**env, "BENCH_EAGER": "1" if mode == "eager" else "0", "BENCH_REPORT": str(report)}
    started = time.perf_counter()
    server = subprocess.Popen(  # noqa: S603 -- our own interpreter and arguments
        [
            PYTHON,
            "-m",
            "gunicorn",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "--config",
            str(workdir / "gunicorn_bench.py"),
            "mentorship.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        while get(base + "/") != 200:
            if server.poll() is not None or time.perf_counter() - started > 60:
                raise RuntimeError(f"gunicorn ({mode}) did not answer on {base}")
            time.sleep(0.02)
        seconds = time.perf_counter() - started
        get(base + "/accounts/login/")
        memory = rss_mb(worker_pid(server.pid))
        loaded = report.read_text() if report.exists() else "?"
    finally:
        server.terminate()
        server.wait(timeout=30)
    return seconds, memory, loaded


def summary(values: list[float]) -> str:
    return f"{min(values):7.2f} {statistics.median(values):7.2f} {max(values):7.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--port", type=int, default=8791)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        (workdir / "gunicorn_bench.py").write_text(CONFIG)
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL")
        }
        env.update(VAR_DIR=str(workdir / "var"), DJANGO_SETTINGS_MODULE="mentorship.settings")
        subprocess.run(  # noqa: S603
            [PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        subprocess.run(  # noqa: S603
            [PYTHON, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True
        )
        results: dict[str, list[tuple[float, float, str]]] = {"lazy": [], "eager": []}
        for run in range(args.runs):  # alternate, so drift hits both alike
            for k, mode in enumerate(("lazy", "eager")):
                results[mode].append(one_start(mode, args.port + 2 * run + k, env, workdir))

    print(f"gunicorn, one worker, {args.runs} starts each (min / median / max)")
    print(f"{'':24}{'lazy':>23}   {'eager (baseline)':>23}   lazy/eager")
    for index, label in ((0, "start to first 200 (s)"), (1, "worker RSS (MB)")):
        lazy = [r[index] for r in results["lazy"]]
        eager = [r[index] for r in results["eager"]]
        ratio = statistics.median(lazy) / statistics.median(eager)
        print(f"{label:24}{summary(lazy)}   {summary(eager)}   {ratio:10.2f}")
    saved = statistics.median(r[1] for r in results["eager"]) - statistics.median(
        r[1] for r in results["lazy"]
    )
    print(f"memory saved per worker (median): {saved:.1f} MB")
    loaded = {r[2] for r in results["lazy"]}
    print(f"numeric libraries in the lazy worker: {', '.join(sorted(loaded)) or 'none'}")
    return 1 if loaded - {""} else 0


if __name__ == "__main__":
    sys.exit(main())
