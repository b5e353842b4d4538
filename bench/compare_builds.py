#!/usr/bin/env python3
"""Two strata builds side by side, run in turn (a, b, a, b, ...) on the same workloads, for
a change that must not slow anything down (a refactoring):

    python3 bench/compare_builds.py BEFORE_BINARY AFTER_BINARY [--runs 7] [--size 100]
                                    [--backends sqlite,postgres,mysql]

Times `migration run` and `migration revert --all` on many-SIZE, `print-schema` on the
migrated database, and `migration run` with nothing pending on many-1000 (noop), and prints
the medians with after/before and the median of the run-by-run ratios.
"""

import argparse
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402


def compare(rows, backend, label, command, before, after):
    (b, _, b_times), (a, _, a_times) = before, after
    pairs = statistics.median(x / y for x, y in zip(a_times, b_times))
    rows.append((backend.name, label, command, b, a, a / b, pairs))
    print(f"| {backend.name} | {label} | {command} | {b:.3f} | {a:.3f} | {a / b:.2f}x "
          f"| {pairs:.2f}x |", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--size", type=int, default=100)
    parser.add_argument("--backends", default="sqlite,postgres,mysql")
    args = parser.parse_args()
    builds = [os.path.abspath(args.before), os.path.abspath(args.after)]
    print("| backend | workload | command | before s | after s | after/before | pairs |")
    print("|---|---|---|---|---|---|---|")
    rows = []
    with tempfile.TemporaryDirectory(prefix="strata-compare") as work:
        for name in args.backends.split(","):
            backend = bench.BACKENDS[name](work)
            url = backend.url()
            for label, migrations in ((f"many-{args.size}", bench.many(backend, args.size)),
                                      ("noop", bench.many(backend, 1000))):
                project = os.path.join(work, label)
                bench.write_project(project, migrations)

                def migrated(binary=builds[1]):
                    backend.reset()
                    bench.run([binary, "migration", "run", "--database-url", url], cwd=project)

                def jobs(*command):
                    return [([b, *command, "--database-url", url], None, project) for b in builds]

                if label == "noop":
                    migrated()
                    runs = max(args.runs, 20)
                    compare(rows, backend, label, "migration run (nothing pending)",
                            *bench.measure_in_turn(runs, lambda: None,
                                                   *jobs("migration", "run")))
                    continue
                compare(rows, backend, label, "migration run",
                        *bench.measure_in_turn(args.runs, backend.reset,
                                               *jobs("migration", "run")))
                compare(rows, backend, label, "migration revert --all",
                        *bench.measure_in_turn(args.runs, migrated,
                                               *jobs("migration", "revert", "--all")))
                migrated()
                compare(rows, backend, label, "print-schema",
                        *bench.measure_in_turn(args.runs, lambda: None, *jobs("print-schema")))
            backend.reset()


if __name__ == "__main__":
    main()
