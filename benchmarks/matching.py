"""Benchmark of the matching engine (matching/engine.py) on one core, with exactness checks.

Run from the repository root:

    .venv/bin/python benchmarks/matching.py                   # full run, about a minute
    .venv/bin/python benchmarks/matching.py --quick           # smaller smoke run, about 20 s
    .venv/bin/python benchmarks/matching.py --size 1500x500   # one round of that size

Everything runs pinned to CPU 0 with BLAS/OpenMP limited to one thread, because production
matching runs beside the web workers on a 2-core machine. Peak memory is the process's peak
resident set (VmHWM, reset before each phase via /proc/self/clear_refs), so it includes the
score matrix and the interpreter; "+MB" is the growth over the resident size at phase start.

Time budgets are not seconds but multiples of a calibration loop (a fixed mix of NumPy and
plain Python work, ``calibrate``) timed just before each section, in the same run: a busy
or slow machine slows both alike, so the ratio, not the wall clock, is checked. Each line
prints the seconds and the ratio; the seconds the budget stands for on a machine whose
calibration takes ``REFERENCE_UNIT`` are in the comments of ``sections``.

Exit status is 1 when an exactness check or a time/memory target fails.

To time another stage (e.g. the real scoring in front of ``assign``), write a function like
``bench_assign`` that uses ``measure`` and ``print_table``, and add it to ``sections()``.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # must precede the numpy import

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

# Run as a script, this file's folder comes first on sys.path and its name would shadow the
# ``matching`` app: drop that folder and make sure the repository root is there instead.
_HERE = Path(__file__).resolve()
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE.parent]
if str(_HERE.parents[1]) not in sys.path:
    sys.path.insert(0, str(_HERE.parents[1]))

import numpy as np  # noqa: E402
from scipy.optimize import linear_sum_assignment  # noqa: E402

from matching import engine  # noqa: E402

FAILURES: list[str] = []
# Seconds the calibration loop takes on the machine the budgets were set on (one core of
# the 2-core production host, idle); budgets in ``sections`` are multiples of it.
REFERENCE_UNIT = 0.05
UNIT = REFERENCE_UNIT  # the calibration measured in this run, refreshed before each section


def _calibration_work() -> float:
    """A fixed workload like the benchmarked code: float32 matrix products, sparse-ish
    indexing, and a plain Python loop over dicts."""
    rng = np.random.default_rng(0)
    a = rng.random((300, 200), dtype=np.float32)
    acc = 0.0
    for _ in range(6):
        acc += float((a @ a.T).sum())
        acc += float(np.sort(a, axis=1)[:, 100].sum())
    table: dict[int, int] = {}
    for k in range(120_000):
        table[k % 977] = table.get(k % 977, 0) + k
    return acc + sum(table.values())


def calibrate() -> float:
    """The calibration loop's best time of five, in seconds; sets ``UNIT``."""
    global UNIT
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        _calibration_work()
        best = min(best, time.perf_counter() - start)
    UNIT = best
    return best


def check_time(label: str, seconds: float, budget: float) -> None:
    """``seconds`` against ``budget`` calibration units, both printed."""
    ratio = seconds / UNIT
    check(
        ratio < budget,
        f"{label} {seconds:.2f} s = {ratio:.1f} × calibration < {budget:g} ×"
        f" (≈ {budget * REFERENCE_UNIT:.1f} s on the reference machine)",
    )


# -- instances ------------------------------------------------------------------------------


def synthetic_scores(
    n_mentees: int,
    n_mentors: int,
    forbidden: float = 0.25,
    seed: int = 0,
    *,
    restricted: float = 0.05,
) -> np.ndarray:
    """Scores in 0–100 (float64), nan for forbidden pairs, built so greedy strands people.

    The last ``restricted`` share of mentees may only be matched with the last
    ``restricted`` share of mentors (the "specialists", think of a language or a field);
    everyone else scores the specialists 60–100 rather than 0–100, so best-pair-first
    fills the specialists with people who had alternatives. The other forbidden pairs are
    random, at the rate that makes ``forbidden`` the overall share.
    """
    rng = np.random.default_rng(seed)
    n_res, n_spec = round(n_mentees * restricted), round(n_mentors * restricted)
    fenced = n_res * (n_mentors - n_spec)  # restricted × non-specialist pairs
    rate = max(0.0, (forbidden * n_mentees * n_mentors - fenced) / (n_mentees * n_mentors - fenced))
    scores = np.empty((n_mentees, n_mentors))
    step = max(1, (1 << 21) // max(1, n_mentors))
    for r0 in range(0, n_mentees, step):
        block = scores[r0 : r0 + step]
        block[:] = rng.uniform(0, 100, block.shape)
        block[:, n_mentors - n_spec :] = rng.uniform(60, 100, (len(block), n_spec))
        block[rng.random(block.shape, dtype=np.float32) < rate] = np.nan
        fence = np.arange(r0, r0 + len(block)) >= n_mentees - n_res
        block[fence, : n_mentors - n_spec] = np.nan
    return scores


def synthetic_capacities(n_mentees: int, n_mentors: int) -> np.ndarray:
    """Every mentor takes ceil(mentees / mentors): just enough places for everyone."""
    return np.full(n_mentors, -(-n_mentees // n_mentors), dtype=np.int64)


def synthetic_peer_scores(n: int, forbidden: float = 0.25, seed: int = 0) -> np.ndarray:
    """Symmetric uniform 0–100 scores, ``forbidden`` of the pairs nan, nan diagonal."""
    rng = np.random.default_rng(seed)
    scores = np.triu(rng.uniform(0, 100, (n, n)), 1)
    scores[np.triu(rng.random((n, n)) < forbidden, 1)] = np.nan
    scores += scores.T
    np.fill_diagonal(scores, np.nan)
    return scores


# -- measuring ------------------------------------------------------------------------------


@dataclass
class Run:
    label: str
    seconds: float
    peak_mb: float
    grew_mb: float
    pairs: list[tuple[int, int]]
    total: float


def _rss_mb(field: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1]) / 1024
    return float("nan")


def measure(label: str, scores: np.ndarray, fn: Callable[[], list], repeat: int = 1) -> Run:
    """Best time of ``repeat`` runs of ``fn`` (its result: pairs), with the peak memory."""
    best, peak, grew, pairs = float("inf"), 0.0, 0.0, []
    for _ in range(repeat):
        start_mb = _rss_mb("VmRSS")
        try:
            with open("/proc/self/clear_refs", "w") as refs:
                refs.write("5")  # reset the peak-RSS counter for this phase
        except OSError:
            pass
        start = time.perf_counter()
        pairs = fn()
        best = min(best, time.perf_counter() - start)
        peak = max(peak, _rss_mb("VmHWM"))
        grew = max(grew, peak - start_mb)
    return Run(label, best, peak, grew, pairs, engine.total(scores, pairs))


def print_table(runs: list[Run], people: int, per_pair: int = 1) -> None:
    """One line per run; ``per_pair`` is 2 when both sides of a pair are people to match."""
    print(
        f"  {'method':<34}{'time s':>9}{'peak MB':>10}{'+MB':>8}{'matched':>10}"
        f"{'left':>8}{'total':>18}"
    )
    for run in runs:
        matched = len(run.pairs) * per_pair
        print(
            f"  {run.label:<34}{run.seconds:>9.3f}{run.peak_mb:>10.0f}{run.grew_mb:>8.0f}"
            f"{matched:>10,}{people - matched:>8,}{run.total:>18,.4f}"
        )


def check(ok: bool, text: str) -> None:
    print(f"  {'ok  ' if ok else 'FAIL'} {text}")
    if not ok:
        FAILURES.append(text)


# -- references -----------------------------------------------------------------------------


def dense_assignment(scores: np.ndarray, capacities: np.ndarray) -> list[tuple[int, int]]:
    """scipy's linear_sum_assignment on the capacity-expanded matrix (one column per place).

    Forbidden pairs cost more than any possible score difference over all mentees, so the
    optimum first avoids them (matches the most mentees) and then maximises the total.
    """
    cols = np.repeat(np.arange(scores.shape[1]), capacities)
    cost = -scores[:, cols]
    span = np.nanmax(scores) - np.nanmin(scores)
    penalty = 2 * len(scores) * span + 1 + np.nanmax(scores)
    cost[np.isnan(cost)] = penalty
    rows, picked = linear_sum_assignment(cost)
    real = cost[rows, picked] < penalty
    return sorted(zip(rows[real].tolist(), cols[picked[real]].tolist(), strict=True))


def synthetic_pool(n_mentees: int, n_mentors: int, *, capacity: int = 3, seed: int = 0):
    """Intake-like features for the real scoring (``matching.scoring``), no database.

    Languages are drawn so that about a quarter of pairs share none (forbidden): a third
    speak only Swedish, a third only English, the rest both. About 10 % name a manager,
    some of whom take part; people have 0–4 of 12 areas, six keywords from a vocabulary of
    400 for competences and for wishes, and answer most of the five working-style
    statements.
    """
    from scipy import sparse

    from matching.scoring import Pool, Side

    rng = np.random.default_rng(seed)
    n_areas, vocabulary, n_cities, n_orgs = 12, 400, 20, 30

    def words(n: int) -> sparse.csr_matrix:
        matrix = sparse.random(
            n, vocabulary, density=6 / vocabulary, format="csr", random_state=rng, dtype=np.float32
        )
        matrix.data[:] = 1
        return matrix

    def side(n: int, first_id: int) -> Side:
        spoken = rng.choice(3, size=n, p=[0.35, 0.35, 0.30])
        languages = np.stack([spoken != 1, spoken != 0], axis=1)
        style = rng.integers(1, 6, (n, 5)).astype(np.float32)
        style[rng.random((n, 5)) < 0.2] = np.nan
        everyone = n_mentees + n_mentors
        return Side(
            enrolments=list(range(n)),
            users=np.arange(first_id, first_id + n),
            emails=np.arange(first_id, first_id + n),
            managers=np.where(rng.random(n) < 0.1, rng.integers(0, everyone, n), -1),
            areas=rng.random((n, n_areas)) < 0.15,
            offers=words(n),
            wishes=words(n),
            languages=languages,
            formats=rng.random((n, 3)) < 0.5,
            city=rng.integers(-1, n_cities, n),
            career=rng.integers(-1, 5, n),
            availability=rng.random((n, 4)) < 0.5,
            style=style,
            organisation=rng.integers(-1, n_orgs, n),
            department=rng.integers(-1, 3 * n_orgs, n),
        )

    mentees, mentors = side(n_mentees, 0), side(n_mentors, n_mentees)
    wishes = {
        (int(i), int(j)): int(r)
        for i, j, r in zip(
            rng.integers(0, n_mentees, n_mentees),
            rng.integers(0, n_mentors, n_mentees),
            rng.integers(1, 4, n_mentees),
            strict=True,
        )
    }
    return Pool(
        mentees=mentees,
        mentors=mentors,
        capacities=np.full(n_mentors, capacity),
        area_ids=list(range(1, n_areas + 1)),
        vocabulary=[f"word{k}" for k in range(vocabulary)],
        language_codes=["sv", "en"],
        format_codes=["in_person", "video", "phone"],
        availability_codes=["mornings", "daytime", "evenings", "weekends"],
        city_names=[f"city {k}" for k in range(n_cities)],
        mentee_wishes=wishes,
    )


WEIGHTS = {  # the defaults of MatchingSettings
    "areas": 30,
    "expertise": 20,
    "formats": 10,
    "city": 5,
    "career": 10,
    "availability": 10,
    "style": 15,
    "preferences": 20,
    "department": 5,
}


# -- sections -------------------------------------------------------------------------------


def bench_scoring(n: int, m: int, *, capacity: int, dense: bool, budget: float, memory_mb) -> None:
    """The real scoring module in front of ``assign``: the coordinator's "Run matching"."""
    from matching.scoring import score_matrix

    pool = synthetic_pool(n, m, capacity=capacity)
    print(f"\n== scoring + assign: {n:,} mentees × {m:,} mentors, capacity {capacity} ==")
    started = time.perf_counter()
    scores = score_matrix(pool, WEIGHTS)  # the same numbers the timed run computes again
    scored = time.perf_counter() - started
    ours = measure(
        "score_matrix + engine.assign",
        scores,
        lambda: engine.assign(score_matrix(pool, WEIGHTS), pool.capacities),
    )
    forbidden = np.isnan(scores).mean()
    print(
        f"  instance: intake-like features ({forbidden:.1%} of pairs forbidden: no shared"
        f" language, own manager); {pool.capacities.sum():,} places (seed 0)"
    )
    print(f"  scoring alone {scored:.3f} s; rows below include it")
    runs = [ours]
    if dense:
        runs.append(
            measure(
                "dense linear_sum_assignment",
                scores,
                lambda: dense_assignment(scores, pool.capacities),
            )
        )
    base = measure(
        "greedy (best pair first)", scores, lambda: engine.greedy(scores, pool.capacities)
    )
    print_table([*runs, base], n)
    if dense:
        ref = runs[1]
        slack = engine.rounding_tolerance(scores, len(ref.pairs)) + 1e-3
        gap = ours.total - ref.total
        check(len(ours.pairs) == len(ref.pairs), "as many mentees matched as the dense LSA")
        check(abs(gap) <= slack, f"total − dense total = {gap:+.2e} (rounding bound ±{slack:.1e})")
    extra = len(ours.pairs) - len(base.pairs)
    check(
        extra >= 0,
        f"{extra:,} more mentees matched than greedy; total {ours.total - base.total:+,.1f}",
    )
    check_time("scoring + assign", ours.seconds, budget)
    if memory_mb:
        check(ours.peak_mb < memory_mb, f"peak RSS {ours.peak_mb:.0f} MB < {memory_mb} MB")


def bench_assign(n: int, m: int, *, dense: bool, budget: float, memory_mb: float | None) -> None:
    scores, capacities = synthetic_scores(n, m), synthetic_capacities(n, m)
    forbidden = np.isnan(scores).mean()
    print(f"\n== assign: {n:,} mentees × {m:,} mentors ==")
    print(
        f"  instance: uniform 0–100 scores, {forbidden:.1%} of pairs forbidden; the last 5 %"
        f" of mentees may only take\n  the last 5 % of mentors ('specialists', scored 60–100 by"
        f" everyone else); capacity {capacities[0]} each\n  = {capacities.sum():,} places for"
        f" {n:,} mentees (seed 0)"
    )
    ours = measure(
        "engine.assign (best of 3)", scores, lambda: engine.assign(scores, capacities), 3
    )
    runs = [ours]
    if dense:
        runs.append(
            measure(
                "dense linear_sum_assignment", scores, lambda: dense_assignment(scores, capacities)
            )
        )
    base = measure("greedy (best pair first)", scores, lambda: engine.greedy(scores, capacities))
    print_table([*runs, base], n)
    if dense:
        ref = runs[1]
        slack = engine.rounding_tolerance(scores, len(ref.pairs)) + 1e-6
        gap = ours.total - ref.total
        check(len(ours.pairs) == len(ref.pairs), "assign matches as many mentees as the dense LSA")
        check(abs(gap) <= slack, f"total − dense total = {gap:+.2e} (rounding bound ±{slack:.1e})")
    extra = len(ours.pairs) - len(base.pairs)
    check(extra >= 0, f"assign matches {extra:,} more mentees than greedy ({extra / n:.1%} of all)")
    check_time("assign", ours.seconds, budget)
    if memory_mb:
        check(ours.peak_mb < memory_mb, f"assign peak RSS {ours.peak_mb:.0f} MB < {memory_mb} MB")


def bench_peers(sizes: list[int], dense_up_to: int, budgets: dict[int, float]) -> None:
    print("\n== pair_peers: symmetric uniform 0–100 scores, 25 % of pairs forbidden ==")
    for n in sizes:
        scores = synthetic_peer_scores(n)
        ours = measure(
            f"pair_peers {n:,} (candidates)", scores, lambda s=scores: engine.pair_peers(s)
        )
        runs = [ours]
        if n <= dense_up_to:
            s = engine._peer_input(scores, None)
            runs.append(
                measure(
                    f"peer full graph {n:,}",
                    scores,
                    lambda s=s: engine._pair_peers(s, None, len(s)),
                )
            )
        print_table(runs, n, per_pair=2)
        if n <= dense_up_to:
            ref = runs[1]
            loss = (ref.total - ours.total) / ref.total
            check(len(ours.pairs) == len(ref.pairs), "as many pairs as the full graph")
            check(loss <= 1e-3, f"total within {loss:.4%} of the full-graph optimum (target 0.1 %)")
        if n in budgets:
            check_time(f"pair_peers {n:,}:", ours.seconds, budgets[n])


def bench_round(n: int, m: int, *, capacity: int, budget: float, sample: int = 60) -> None:
    """A coordinator's round without the database: score, assign, explain every suggestion.

    The baseline, measured in the same run, is what rounds did before: one ``explain`` per
    suggested pair (timed on a sample spread over the round, then scaled to all pairs).
    """
    from matching.explanations import explain, explain_pairs
    from matching.scoring import score_matrix

    pool = synthetic_pool(n, m, capacity=capacity)
    print(f"\n== a round: {n:,} mentees × {m:,} mentors, capacity {capacity} ==")
    steps: dict[str, float] = {}
    for _ in range(2):  # best of two, step by step
        started = time.perf_counter()
        scores = score_matrix(pool, WEIGHTS)
        scored = time.perf_counter()
        pairs = engine.assign(scores, pool.capacities)
        assigned = time.perf_counter()
        explained = explain_pairs(pool, WEIGHTS, pairs)
        done = time.perf_counter()
        for label, seconds in (
            ("score_matrix", scored - started),
            ("engine.assign", assigned - scored),
            ("explain_pairs (all suggestions)", done - assigned),
            ("the round", done - started),
        ):
            steps[label] = min(steps.get(label, float("inf")), seconds)
    picked = pairs[:: max(1, len(pairs) // sample)][:sample]
    started = time.perf_counter()
    one_by_one = [explain(pool, WEIGHTS, i, j) for i, j in picked]
    per_pair = (time.perf_counter() - started) / max(1, len(picked))
    baseline = per_pair * len(pairs)
    print(f"  {len(pairs):,} suggestions (seed 0)")
    print(f"  {'step':<34}{'time s':>9}{'× calibration':>15}")
    for label, seconds in steps.items():
        print(f"  {label:<34}{seconds:>9.3f}{seconds / UNIT:>15.1f}")
    print(
        f"  baseline: one explain() per pair, {per_pair * 1000:.2f} ms each ({len(picked)} timed)"
        f" ≈ {baseline:.2f} s for the round's {len(pairs):,} suggestions"
    )
    # The stable objective on the same scores, with the wishes of the synthetic pool.
    started = time.perf_counter()
    keys = (
        engine.preference_keys(scores, pool.mentee_wishes),
        engine.preference_keys(scores, pool.mentor_wishes),
    )
    stable = engine.stable_by_keys(*keys, pool.capacities)
    solved = time.perf_counter()
    blocking_best = engine.blocking_pairs(*keys, pool.capacities, pairs)
    blocking_stable = engine.blocking_pairs(*keys, pool.capacities, stable)
    counted = (time.perf_counter() - solved) / 2
    print(
        f"  stable objective: preference keys + deferred acceptance {solved - started:.3f} s"
        f" ({(solved - started) / UNIT:.1f} × calibration) vs engine.assign"
        f" {steps['engine.assign']:.3f} s; {len(stable):,} pairs"
    )
    print(
        f"  counting blocking pairs {counted:.3f} s: {blocking_best:,} after engine.assign,"
        f" {blocking_stable} after the stable objective"
    )
    check(blocking_stable == 0, "the stable objective leaves no blocking pair")
    speedup = baseline / max(steps["explain_pairs (all suggestions)"], 1e-9)
    index = {pair: k for k, pair in enumerate(pairs)}
    same = all(explained[index[p]] == why for p, why in zip(picked, one_by_one, strict=True))
    check(same, f"explain_pairs gives the very explanations of explain() ({len(picked)} compared)")
    check(
        speedup > 10, f"explain_pairs {speedup:,.0f} × faster than one explain() per pair (> 10 ×)"
    )
    check_time("the round", steps["the round"], budget)


def sections(quick: bool, size: tuple[int, int] | None = None) -> list[Callable[[], None]]:
    """Budgets are in calibration units (``REFERENCE_UNIT`` = 0.05 s: 40 units ≈ 2 s)."""
    if size:
        n, m = size
        return [lambda: bench_round(n, m, capacity=max(1, -(-n // m)), budget=40 * n * m / 750_000)]
    if quick:
        return [
            lambda: bench_round(1_500, 500, capacity=3, budget=40),  # ≈ 2 s
            lambda: bench_scoring(2_000, 400, capacity=3, dense=True, budget=40, memory_mb=500),
            lambda: bench_assign(2_000, 400, dense=True, budget=30, memory_mb=500),
            lambda: bench_assign(8_000, 1_600, dense=False, budget=200, memory_mb=None),
            lambda: bench_peers([500, 2_000], dense_up_to=500, budgets={2_000: 40}),
        ]
    return [
        lambda: bench_round(1_500, 500, capacity=3, budget=40),  # ≈ 2 s
        lambda: bench_round(5_000, 1_000, capacity=5, budget=120),  # ≈ 6 s
        lambda: bench_scoring(5_000, 1_000, capacity=3, dense=True, budget=40, memory_mb=500),
        lambda: bench_scoring(20_000, 4_000, capacity=3, dense=False, budget=200, memory_mb=None),
        lambda: bench_assign(5_000, 1_000, dense=True, budget=30, memory_mb=500),
        lambda: bench_assign(20_000, 4_000, dense=False, budget=200, memory_mb=None),
        lambda: bench_peers(
            [500, 1_000, 2_000, 5_000], dense_up_to=1_000, budgets={2_000: 40, 5_000: 200}
        ),
    ]


def _size(text: str) -> tuple[int, int]:
    try:
        n, m = (int(part.replace(",", "").replace("_", "")) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"give the size as MENTEESxMENTORS, e.g. 1500x500, not {text!r}"
        ) from None
    if n < 1 or m < 1:
        raise argparse.ArgumentTypeError("both sizes must be at least 1")
    return n, m


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small instances, about 20 s")
    parser.add_argument(
        "--size", type=_size, metavar="NxM", help="only a round of N mentees × M mentors"
    )
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    started = time.perf_counter()
    mode = (
        f"round {args.size[0]}x{args.size[1]}" if args.size else "quick" if args.quick else "full"
    )
    print(f"matching engine benchmark ({mode}), one core, numpy {np.__version__}")
    for section in sections(args.quick, args.size):
        unit = calibrate()  # just before each section: the load it runs under
        print(
            f"\ncalibration loop {unit * 1000:.1f} ms"
            f" ({unit / REFERENCE_UNIT:.2f} × the reference machine's"
            f" {REFERENCE_UNIT * 1000:.0f} ms)"
        )
        section()
    print(f"\n{len(FAILURES)} check(s) failed; whole run {time.perf_counter() - started:.0f} s")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
