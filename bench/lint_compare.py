#!/usr/bin/env python3
"""`strata migration lint` against squawk on the PostgreSQL corpus in bench/lint-corpus/.

    python3 bench/lint_compare.py [--strata target/debug/strata] [--squawk PATH]
                                  [--postgres postgres://postgres@127.0.0.1:5432]

For each fixture, a project is made of the corpus's `_base` migration and the fixture's;
strata lints the fixture's migration in a scratch database beside `<server>/lint_compare`
(which need not exist), squawk reads its up.sql. It prints a markdown table: per fixture,
the rules each tool reports, as `rule:line`. squawk's style rules (prefer-*, robustness)
are listed apart, since they are not hazards of the migration's effect.
"""

import argparse
import json
import os
import shutil
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "bench", "lint-corpus")
STYLE = {"prefer-robust-stmts", "prefer-bigint-over-int", "prefer-bigint-over-smallint",
         "prefer-identity", "prefer-text-field", "prefer-timestamptz",
         "require-statement-timeout", "prefer-big-int"}


def strata_findings(strata, server, fixture):
    with tempfile.TemporaryDirectory(prefix="lint-compare") as project:
        migrations = os.path.join(project, "migrations")
        shutil.copytree(os.path.join(CORPUS, "_base"),
                        os.path.join(migrations, "00000000000000_base"))
        shutil.copytree(os.path.join(CORPUS, fixture),
                        os.path.join(migrations, f"00000000000001_{fixture}"))
        with open(os.path.join(project, "Cargo.toml"), "w") as f:
            f.write('[package]\nname = "corpus"\n')
        result = subprocess.run(
            [strata, "migration", "lint", "00000000000001", "--format", "json",
             "--database-url", f"{server}/lint_compare"],
            cwd=project, capture_output=True, text=True)
        if result.returncode not in (0, 1) or not result.stdout.strip():
            return [f"(failed: {result.stderr.strip()})"]
        report = json.loads(result.stdout)
        return [f"{f['rule']}:{f['line']}" for f in report["findings"]]


def squawk_findings(squawk, fixture):
    path = os.path.join(CORPUS, fixture, "up.sql")
    metadata = os.path.join(CORPUS, fixture, "metadata.toml")
    outside = os.path.exists(metadata) and "run_in_transaction = false" in open(metadata).read()
    # As strata runs it: in a transaction unless metadata.toml says otherwise.
    flags = [] if outside else ["--assume-in-transaction"]
    result = subprocess.run([squawk, "--reporter", "json", "--pg-version", "15", *flags, path],
                            capture_output=True, text=True)
    try:
        found = json.loads(result.stdout or "[]")
    except json.JSONDecodeError:
        return [f"(failed: {result.stderr.strip()})"], []
    hazards, style = [], []
    for item in found:
        # squawk counts lines from 0.
        entry = f"{item['rule_name']}:{item['line'] + 1}"
        (style if item["rule_name"] in STYLE else hazards).append(entry)
    return sorted(set(hazards)), sorted(set(style))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--strata", default=os.path.join(ROOT, "target", "debug", "strata"))
    parser.add_argument("--squawk", default=shutil.which("squawk")
                        or "/tmp/squawk/node_modules/.bin/squawk")
    parser.add_argument("--postgres", default=os.environ.get(
        "STRATA_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"))
    args = parser.parse_args()
    version = subprocess.run([args.squawk, "--version"], capture_output=True,
                             text=True).stdout.strip()
    print(f"| fixture | strata lint (measured) | {version} | squawk style rules |")
    print("|---|---|---|---|")
    for fixture in sorted(os.listdir(CORPUS)):
        if fixture.startswith("_") or not os.path.isdir(os.path.join(CORPUS, fixture)):
            continue
        mine = strata_findings(args.strata, args.postgres, fixture)
        theirs, style = squawk_findings(args.squawk, fixture)
        cell = lambda items: ", ".join(f"`{i}`" for i in items) or "none"
        print(f"| {fixture} | {cell(mine)} | {cell(theirs)} | {cell(style)} |")


if __name__ == "__main__":
    main()
