#!/usr/bin/env python3
"""Why MySQL many-1000 `migration run` measured 1.25x in one comparison and 1.10x in ours.

    python3 bench/stderr_placement.py [--rounds 6] [--size 1000] [--backend mysql]
    python3 bench/stderr_placement.py --counters [--size 200]

Runs, in turn on a fresh database each time, the native client's per-txn script and
`strata migration run` twice: once with strata's stderr in a file in /dev/shm (as
bench.py does) and once in a file on the file system the database server writes to
(/var/tmp here, beside /var/lib/mysql). strata prints a line per migration on stderr; the
client prints nothing. On ext4 in ordered mode, every fsync the server makes (one or more
per migration) also writes out the new data of other files on that file system, so a
progress file there costs strata a little at every migration. Prints each round's seconds
and the medians' ratios. With --counters (MySQL/MariaDB), it runs each tool once instead and
prints how much the server's own counters (fsyncs, commits, statements) grew for each.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402


def timed(cmd, stdin_text, stderr_path, cwd=None):
    with open(stderr_path, "w") as err:
        start = time.perf_counter()
        subprocess.run(cmd, input=stdin_text, text=True, stdout=subprocess.DEVNULL,
                       stderr=err, cwd=cwd, check=True)
        return time.perf_counter() - start


COUNTERS = ("Innodb_data_fsyncs", "Handler_commit", "Com_begin", "Com_commit", "Com_insert",
            "Questions")


def counters(backend):
    names = ", ".join(f"'{name}'" for name in COUNTERS)
    out = bench.run(backend.client("information_schema") + [
        "-N", "-e", f"SHOW GLOBAL STATUS WHERE Variable_name IN ({names})"])
    return {line.split("\t")[0]: int(line.split("\t")[1]) for line in out.splitlines()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--backend", default="mysql")
    parser.add_argument("--counters", action="store_true",
                        help="print the server's counters for one run of each instead")
    parser.add_argument("--disk-dir", default="/var/tmp",
                        help="a directory on the database server's file system")
    args = parser.parse_args()
    strata = os.path.join(bench.ROOT, "target", "release", "strata")
    with tempfile.TemporaryDirectory(prefix="strata-stderr") as work:
        backend = bench.BACKENDS[args.backend](work)
        migrations = bench.many(backend, args.size)
        project = os.path.join(work, "project")
        bench.write_project(project, migrations)
        native_cmd, native_sql = backend.native(
            bench.native_script(backend, migrations, "up", False))
        strata_cmd = [strata, "migration", "run", "--database-url", backend.url()]
        in_memory = os.path.join("/dev/shm", f"strata-stderr-{os.getpid()}")
        if args.counters:
            for name, cmd, stdin_text in (("native", native_cmd, native_sql),
                                          ("strata", strata_cmd, None)):
                backend.reset()
                before = counters(backend)
                timed(cmd, stdin_text, in_memory, cwd=project)
                after = counters(backend)
                print(f"{name}: " + ", ".join(f"{k} +{after[k] - before[k]}" for k in COUNTERS))
            os.remove(in_memory)
            backend.reset()
            return
        on_disk = os.path.join(args.disk_dir, f"strata-stderr-{os.getpid()}")
        times = {"native": [], "strata, stderr in /dev/shm": [],
                 f"strata, stderr in {args.disk_dir}": []}
        for round_ in range(args.rounds):
            backend.reset()
            times["native"].append(timed(native_cmd, native_sql, in_memory))
            backend.reset()
            times["strata, stderr in /dev/shm"].append(
                timed(strata_cmd, None, in_memory, cwd=project))
            backend.reset()
            times[f"strata, stderr in {args.disk_dir}"].append(
                timed(strata_cmd, None, on_disk, cwd=project))
            print(f"round {round_ + 1}: " + ", ".join(f"{k} {v[-1]:.2f} s"
                                                      for k, v in times.items()))
        for path in (in_memory, on_disk):
            os.remove(path)
        backend.reset()
        native = statistics.median(times["native"])
        for name, values in times.items():
            median = statistics.median(values)
            print(f"{name}: median {median:.2f} s, {median / native:.2f}x the native client")


if __name__ == "__main__":
    main()
