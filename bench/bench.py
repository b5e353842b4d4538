#!/usr/bin/env python3
"""strata's benchmark: strata against the physical limit and against diesel_cli.

    python3 bench/bench.py [--runs 5] [--diesel-runs 3] [--sizes 100,1000]
                           [--backends sqlite,postgres,mysql] [--workloads many,wide,noop]
                           [--bulk-mib 10,100] [--output docs/PERFORMANCE.md]

For each backend it generates the workloads itself (deterministically):

  many-N   N migrations, each creating a table of 8 typed columns with an index and a
           foreign key to an earlier table, with a correct down.sql;
  wide-T   one migration creating T tables of 10-30 columns with foreign keys;
  noop     many-1000 applied, nothing pending: the cost of running migrations at start-up,
           through the CLI and from an application with the migrations compiled in;
  bulk-M   (only when --workloads names it) a migration creating a table, then one whose
           up.sql is M MiB of INSERTs into it, ten rows each, as a data migration or a dump
           is: the cost of reading and splitting a big file, against the client reading it
           statement by statement.

and times, as the median of --runs runs with the peak memory of the process:

  strata     migration run / revert --all / redo / print-schema (release build), and
             migration lint --all against migration verify --all (--lint-only: just that);
  limit      the native client (sqlite3, psql, mariadb) running the same SQL in one
             connection: once with one transaction per migration plus its ledger row
             ("per-txn"), once as a single transaction ("1-txn"); for print-schema, the
             client dumping the schema ("dump") and the client reading the same facts
             with the fewest plain catalog queries ("catalog", bench/catalog/); for one
             snapshot as redo takes it (timed with a small program over strata's
             catalog crate, snapshot-probe), the client reading the snapshot's facts the
             same way; for noop, connecting and reading the ledger;
  diesel     diesel_cli doing the same, when `diesel` is on PATH.

Then (unless --no-cargo-check) it times a cold `cargo check` of a crate holding a
1,000-table schema.rs, for each allow_tables_to_appear_in_same_query_config, on wide-1000
and on the same tables in clusters of 10 (--cargo-check-only runs just that).

The project measured has no `[print_schema] file`, so run/revert/redo time the migrations
alone; print-schema times introspection and rendering. It prints a table of seconds with
the ratios strata/limit and strata/diesel_cli (and, for commands run in turn with the limit,
the median of their run-by-run ratios, "pairs"), and writes it to --output with the machine
and the date. Nothing here asserts: the numbers are for reading.
"""

import argparse
import shlex
import io
import itertools
import datetime
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PG_SERVER = os.environ.get("STRATA_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
MY_SERVER = os.environ.get("STRATA_BENCH_MYSQL", "mysql://root@127.0.0.1:3306")
# The database the server backends create and drop: another name lets two checkouts share
# the servers without dropping each other's database mid-run.
DATABASE = os.environ.get("STRATA_BENCH_DATABASE", "strata_bench")
LEDGER_DDL = (
    "CREATE TABLE IF NOT EXISTS __diesel_schema_migrations (\n"
    "       version VARCHAR(50) PRIMARY KEY NOT NULL,\n"
    "       run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP\n);\n"
)


# ---------------------------------------------------------------- backends


class Backend:
    """What differs between databases: DDL spelling, the native client, create/drop."""

    name = ""
    serial = ""
    types = []

    def __init__(self, work):
        self.work = work

    def fk(self, column, parent):
        return f", FOREIGN KEY ({column}) REFERENCES {parent} (id)"

    def begin(self):
        return "BEGIN;"

    def catalog(self, facts):
        """The native client reading the facts `facts` ("print-schema" or "snapshot") needs,
        with the fewest plain catalog queries (bench/catalog/): the limit for reading a
        catalog, which the dump tool (doing far more) is not."""
        with open(os.path.join(ROOT, "bench", "catalog", f"{self.name}-{facts}.sql")) as f:
            return self.native(f.read().replace("{db}", DATABASE))


class Sqlite(Backend):
    client_name = "sqlite3"
    name = "sqlite"
    serial = "id INTEGER PRIMARY KEY"
    types = ["INTEGER", "BIGINT", "TEXT", "VARCHAR(50)", "BOOLEAN", "TIMESTAMP", "DOUBLE", "DATE"]

    def url(self):
        return os.path.join(self.work, "bench.db")

    def reset(self):
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                os.remove(self.url() + suffix)
            except FileNotFoundError:
                pass

    def native(self, script):
        return ["sqlite3", self.url()], script

    def dump(self):
        return ["sqlite3", self.url(), ".schema"]

    def read_ledger(self):
        return ["sqlite3", self.url(), "SELECT version FROM __diesel_schema_migrations"]


class Postgres(Backend):
    client_name = "psql"
    name = "postgres"
    serial = "id SERIAL PRIMARY KEY"
    types = ["INTEGER", "BIGINT", "TEXT", "VARCHAR(50)", "BOOLEAN", "TIMESTAMPTZ",
             "NUMERIC(10, 2)", "DATE", "JSONB", "UUID"]
    db = DATABASE

    def url(self):
        return f"{PG_SERVER}/{self.db}"

    def reset(self):
        admin = ["psql", "-q", "-X", "-d", f"{PG_SERVER}/postgres", "-c"]
        run(admin + [f"DROP DATABASE IF EXISTS {self.db} WITH (FORCE)"])
        run(admin + [f"CREATE DATABASE {self.db}"])

    def native(self, script):
        return ["psql", "-q", "-X", "-v", "ON_ERROR_STOP=1", "-d", self.url()], script

    def dump(self):
        return ["pg_dump", "--schema-only", "-d", self.url()]

    def read_ledger(self):
        return ["psql", "-q", "-X", "-d", self.url(), "-c",
                "SELECT version FROM __diesel_schema_migrations"]


class Mysql(Backend):
    client_name = "mariadb"
    name = "mysql"
    serial = "id INT AUTO_INCREMENT PRIMARY KEY"
    types = ["INT", "BIGINT", "TEXT", "VARCHAR(50)", "BOOLEAN", "DATETIME", "DECIMAL(10, 2)",
             "DATE", "DOUBLE", "TINYINT"]
    db = DATABASE

    def client(self, database):
        rest = MY_SERVER.split("://", 1)[1]
        user, host = rest.split("@", 1)
        host, _, port = host.partition(":")
        return ["mariadb", "-h", host, "-P", port or "3306", "-u", user, database]

    def url(self):
        return f"{MY_SERVER}/{self.db}"

    def reset(self):
        run(self.client("information_schema") + ["-e", f"DROP DATABASE IF EXISTS {self.db}; "
            f"CREATE DATABASE {self.db} CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci"])

    def native(self, script):
        return self.client(self.db), script

    def dump(self):
        rest = MY_SERVER.split("://", 1)[1]
        user, host = rest.split("@", 1)
        host, _, port = host.partition(":")
        return ["mariadb-dump", "--no-data", "-h", host, "-P", port or "3306", "-u", user,
                self.db]

    def read_ledger(self):
        return self.client(self.db) + ["-e", "SELECT version FROM __diesel_schema_migrations"]


BACKENDS = {"sqlite": Sqlite, "postgres": Postgres, "mysql": Mysql}


# ---------------------------------------------------------------- workloads


class Migration:
    def __init__(self, version, name, up, down):
        self.version, self.name, self.up, self.down = version, name, up, down

    @property
    def dir_name(self):
        return f"{self.version}_{self.name}"


def many(backend, n):
    """N migrations: a table of 8 typed columns, an index, a foreign key to an earlier one."""
    rng = random.Random(n)
    out = []
    for i in range(n):
        cols = [backend.serial, "name VARCHAR(100) NOT NULL"]
        cols += [f"c{j} {rng.choice(backend.types)}" for j in range(5)]
        cols.append("parent_id INT" if backend.name == "mysql" else "parent_id INTEGER")
        fk = backend.fk("parent_id", f"m{rng.randrange(i)}") if i else ""
        up = (f"CREATE TABLE m{i} ({', '.join(cols)}{fk});\n"
              f"CREATE INDEX m{i}_name_idx ON m{i} (name);\n")
        out.append(Migration(f"{20000101000000 + i}", f"m{i}", up, f"DROP TABLE m{i};\n"))
    return out


def history(backend, n):
    """N migrations as a project accumulates them: a table every fifth migration (with a
    foreign key to an earlier one), then a column, an index, two seed rows and a column
    with a default, each a migration of its own. What `migration squash` replaces."""
    rng = random.Random(n)
    out = []
    for i in range(n):
        t, step = divmod(i, 5)
        table = f"h{t}"
        if step == 0:
            parent = "parent_id INT" if backend.name == "mysql" else "parent_id INTEGER"
            fk = backend.fk("parent_id", f"h{rng.randrange(t)}") if t else ""
            up = (f"CREATE TABLE {table} ({backend.serial}, name VARCHAR(100) NOT NULL, "
                  f"{parent}{fk});\n")
            down = f"DROP TABLE {table};\n"
        elif step == 1:
            up = f"ALTER TABLE {table} ADD COLUMN score INTEGER;\n"
            down = f"ALTER TABLE {table} DROP COLUMN score;\n"
        elif step == 2:
            up = f"CREATE INDEX {table}_name_idx ON {table} (name);\n"
            down = (f"DROP INDEX {table}_name_idx ON {table};\n" if backend.name == "mysql"
                    else f"DROP INDEX {table}_name_idx;\n")
        elif step == 3:
            up = f"INSERT INTO {table} (name, score) VALUES ('first', 1), ('second', 2);\n"
            down = f"DELETE FROM {table};\n"
        else:
            up = f"ALTER TABLE {table} ADD COLUMN note VARCHAR(20) NOT NULL DEFAULT 'none';\n"
            down = f"ALTER TABLE {table} DROP COLUMN note;\n"
        out.append(Migration(f"{20000101000000 + i}", f"{table}_{step}", up, down))
    return out


def wide(backend, t, group=None):
    """One migration creating T tables of 10-30 columns with foreign keys. Each table but
    the first refers to a random earlier one, so all T are connected; with `group`, only to
    an earlier one in its own run of `group` tables, so they form T/group separate clusters."""
    rng = random.Random(t)
    up, down = [], []
    for i in range(t):
        cols = [backend.serial]
        cols += [f"c{j} {rng.choice(backend.types)}{' NOT NULL' if rng.random() < 0.5 else ''}"
                 for j in range(rng.randint(9, 28))]
        fk = ""
        first = i - i % group if group else 0
        if i > first:
            cols.append("parent_id INT" if backend.name == "mysql" else "parent_id INTEGER")
            fk = backend.fk("parent_id", f"w{first + rng.randrange(i - first)}")
        up.append(f"CREATE TABLE w{i} ({', '.join(cols)}{fk});")
        down.insert(0, f"DROP TABLE w{i};")
    return [Migration("20000101000000", f"wide_{t}", "\n".join(up) + "\n",
                      "\n".join(down) + "\n")]


def bulk(backend, mib):
    """A migration creating a table, then one of `mib` MiB of INSERTs into it, ten rows
    each, one row a line, with a comment every 100 statements and `;` inside strings (where
    a statement must not be split). The table has a migration of its own, as a data
    migration's table usually does: on MySQL a CREATE TABLE commits, so in the same
    migration every INSERT after it would commit on its own, a fsync each."""
    table = (f"CREATE TABLE bulk_rows ({backend.serial}, name VARCHAR(100) NOT NULL, "
             f"note TEXT, amount INTEGER);\n")
    parts, size, target = [], 0, mib * 1024 * 1024
    for statement in itertools.count():
        if size >= target:
            break
        comment = (f"-- statements {statement} to {statement + 99}; loaded in bulk\n"
                   if statement % 100 == 0 else "")
        rows = []
        for r in range(statement * 10, statement * 10 + 10):
            note = "NULL" if r % 3 else f"'note {r}; kept'"
            rows.append(f"  ('row {r}; it''s', {note}, {r})")
        parts.append(f"{comment}INSERT INTO bulk_rows (name, note, amount) VALUES\n"
                     + ",\n".join(rows) + ";\n")
        size += len(parts[-1])
    return [Migration("20000101000000", "bulk_table", table, "DROP TABLE bulk_rows;\n"),
            Migration("20000101000001", f"bulk_{mib}", "".join(parts),
                      "DELETE FROM bulk_rows;\n")]


def native_script(backend, migrations, direction, single):
    """The SQL the limit runs: the migrations (and their ledger rows) in transactions."""
    parts = [] if direction == "down" else [LEDGER_DDL]
    if single:
        parts.append(backend.begin())
    for m in migrations:
        if not single:
            parts.append(backend.begin())
        if direction == "up":
            parts.append(m.up)
            parts.append(f"INSERT INTO __diesel_schema_migrations (version) VALUES ('{m.version}');")
        else:
            parts.append(m.down)
            parts.append(f"DELETE FROM __diesel_schema_migrations WHERE version = '{m.version}';")
        if not single:
            parts.append("COMMIT;")
    if single:
        parts.append("COMMIT;")
    return "\n".join(parts) + "\n"


# ---------------------------------------------------------------- measuring


NOOP_APP_MAIN = """\
//! An application's start: strata applies what is pending from migrations compiled in.
use strata::migrate::embedded::EmbeddedMigrations;
use strata::startup::Startup;

const MIGRATIONS: EmbeddedMigrations = strata::embed_migrations!("migrations");

fn main() {
    let url = std::env::args().nth(1).expect("usage: noop-app DATABASE_URL");
    if let Err(error) = Startup::embedded(MIGRATIONS).quiet().run(&url) {
        eprintln!("error: {error}");
        std::process::exit(1);
    }
}
"""


SNAPSHOT_PROBE_MAIN = """\
//! One schema snapshot, as `migration redo` and `verify` take it before and after a step:
//! connect, read the catalog, build the snapshot, exit.
use diesel::Connection;

fn main() {
    let url = std::env::args().nth(1).expect("usage: snapshot-probe DATABASE_URL");
    let snapshot = if url.starts_with("postgres") {
        let mut conn = diesel::PgConnection::establish(&url).expect("connect");
        strata_schema_gen::postgres::snapshot::snapshot(&mut conn, None)
    } else if url.starts_with("mysql") {
        let mut conn = diesel::MysqlConnection::establish(&url).expect("connect");
        strata_schema_gen::mysql::snapshot::snapshot(&mut conn)
    } else {
        let mut conn = diesel::SqliteConnection::establish(&url).expect("connect");
        strata_schema_gen::sqlite::snapshot::snapshot(&mut conn)
    };
    println!("{} objects", snapshot.expect("snapshot").len());
}
"""


def write_crate(directory, name, dependency, sources):
    """A one-package crate outside any workspace: `dependency` is its one dependency line,
    `sources` maps paths under src/ to their text."""
    os.makedirs(os.path.join(directory, "src"), exist_ok=True)
    with open(os.path.join(directory, "Cargo.toml"), "w") as f:
        f.write(f'[package]\nname = "{name}"\nversion = "0.0.0"\nedition = "2021"\n\n'
                f'[dependencies]\n{dependency}\n\n[workspace]\n')
    for path, text in sources.items():
        with open(os.path.join(directory, "src", path), "w") as f:
            f.write(text)
    return os.path.join(directory, "Cargo.toml")


def build_noop_app(backend, project):
    """Builds a one-backend application embedding `project`'s migrations (release, in
    target/bench-app so later runs reuse the build); its path, or None if cargo fails."""
    crate = os.path.join(backend.work, f"noop-app-{backend.name}")
    shutil.rmtree(crate, ignore_errors=True)
    shutil.copytree(os.path.join(project, "migrations"), os.path.join(crate, "migrations"))
    manifest = write_crate(crate, "noop-app",
                           f'strata = {{ path = "{os.path.join(ROOT, "cli")}", '
                           f'default-features = false, features = ["{backend.name}"] }}',
                           {"main.rs": NOOP_APP_MAIN})
    app = build_release(manifest, "noop-app", f"the {backend.name} application")
    if app is None:
        return None
    # The build leaves hundreds of MB to write back: flush them now, so that the writeback
    # does not run during the millisecond-scale runs timed next.
    os.sync()
    time.sleep(2)
    return app


def build_snapshot_probe(work):
    """Builds the snapshot probe (release, in target/bench-app); its path, or None."""
    crate = os.path.join(work, "snapshot-probe")
    lock = os.path.join(ROOT, "Cargo.lock")
    manifest = write_crate(
        crate, "snapshot-probe",
        f'strata-schema-gen = {{ path = "{os.path.join(ROOT, "schema-gen")}" }}\n'
        'diesel = { version = "2.3", default-features = false, '
        'features = ["sqlite", "postgres", "mysql", "32-column-tables"] }\n'
        'libsqlite3-sys = { version = ">=0.30, <0.36", features = ["bundled"] }\n'
        'pq-sys = { version = "0.7", features = ["bundled"] }',
        {"main.rs": SNAPSHOT_PROBE_MAIN})
    # The workspace's lock file: the probe builds with the versions strata is built with.
    shutil.copy(lock, os.path.join(crate, "Cargo.lock"))
    return build_release(manifest, "snapshot-probe", "the snapshot probe")


def build_release(manifest, binary, what):
    """Builds a bench crate (release, in target/bench-app, so later runs reuse the build);
    the binary's path, or None if cargo fails (the rows that need it are left out)."""
    target = os.path.join(ROOT, "target", "bench-app")
    print(f"building {what} (release)...", file=sys.stderr)
    built = subprocess.run(["cargo", "build", "--release", "-q", "--manifest-path", manifest],
                           env=dict(os.environ, CARGO_TARGET_DIR=target))
    if built.returncode != 0:
        print(f"{what} did not build: its rows are left out", file=sys.stderr)
        return None
    return os.path.join(target, "release", binary)


def run(cmd, stdin=None, cwd=None):
    """Runs a command untimed; fails loudly."""
    result = subprocess.run(cmd, input=stdin, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{result.stdout}{result.stderr}")
    return result.stdout


def spawn(cmd, stdin, cwd, watch_memory):
    """Runs a command to completion: (seconds, peak RSS in MiB or None).

    The peak is the child's own high-water mark (VmHWM), sampled while it runs: the kernel's
    ru_maxrss would also count this Python process, whose memory the child had before exec.
    Sampling costs CPU, so timed runs do not watch memory.
    """
    executable = shutil.which(cmd[0]) or cmd[0]
    # The child's stderr goes to a file in memory: on the database's file system, ext4's
    # ordered mode would write it out at every fsync of the server, a cost per migration
    # that strata (which reports progress on stderr) pays and a silent client does not.
    scratch = "/dev/shm" if os.path.isdir("/dev/shm") else None
    with tempfile.NamedTemporaryFile("w", dir=scratch) as input_file, \
            tempfile.NamedTemporaryFile("r", dir=scratch) as error_file:
        input_file.write(stdin or "")
        input_file.flush()
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, input_file.name, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
            (os.POSIX_SPAWN_OPEN, 2, error_file.name, os.O_WRONLY, 0),
        ]
        previous = os.getcwd()
        os.chdir(cwd or previous)
        peak = None
        try:
            start = time.perf_counter()
            pid = os.posix_spawn(executable, cmd, os.environ, file_actions=actions)
            while True:
                if watch_memory:
                    peak = max(peak or 0, high_water_mark(pid) or 0)
                done, status = os.waitpid(pid, os.WNOHANG if watch_memory else 0)
                if done:
                    break
                time.sleep(0.0005)
            elapsed = time.perf_counter() - start
        finally:
            os.chdir(previous)
        if os.waitstatus_to_exitcode(status) != 0:
            raise Failed(error_file.read())
    return elapsed, peak / 1024 if peak else None


class Failed(Exception):
    """A measured command exited non-zero; its stderr is the message."""

    def reason(self):
        """The table cell for the failure: its message from the first line that says error
        (strata reports progress on stderr before the error, and its cause after it)."""
        lines = [line.strip() for line in str(self).splitlines() if line.strip()]
        first = next((i for i, line in enumerate(lines) if "error" in line.lower()), 0)
        return "failed: " + (" ".join(lines[first:])[:120] if lines else "no message")


def high_water_mark(pid):
    """VmHWM of a running process, in KiB."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def measure(runs, setup, cmd, stdin=None, cwd=None):
    """Median seconds over `runs` (calling `setup`, untimed, before each), and the peak
    memory of one more run; or the reason the command failed (reported in the table, as a
    database limit such as PostgreSQL's lock table is a finding, not a crash)."""
    times = []
    try:
        for _ in range(runs):
            setup()
            times.append(spawn(cmd, stdin, cwd, watch_memory=False)[0])
        setup()
        _, peak = spawn(cmd, stdin, cwd, watch_memory=True)
    except Failed as failure:
        return failure.reason()
    return statistics.median(times), peak or 0.0


def measure_in_turn(runs, setup, *jobs):
    """`measure` for several commands, each a `(cmd, stdin, cwd)`, run in turn (a, b, a,
    b, ...) with `setup` before each: a ratio of two of them then compares runs made under
    the same load, where timing all of one and then all of the other would let a drift in
    the machine's load skew it. A command that fails is reported as failed and not run
    again; the others go on."""
    times = [[] for _ in jobs]
    failed = [None for _ in jobs]

    def attempt(i, watch_memory):
        cmd, stdin, cwd = jobs[i]
        setup()
        try:
            return spawn(cmd, stdin, cwd, watch_memory)
        except Failed as failure:
            failed[i] = failure.reason()
            return None

    for _ in range(runs):
        for i in range(len(jobs)):
            if failed[i] is None and (timed := attempt(i, False)):
                times[i].append(timed[0])
    results = []
    for i in range(len(jobs)):
        peak = attempt(i, True) if failed[i] is None else None
        # The runs' times come along, so that two commands run in turn can be compared run
        # by run (see `paired_ratio`).
        results.append(failed[i] or (statistics.median(times[i]), (peak and peak[1]) or 0.0,
                                     times[i]))
    return results


def measure_interleaved(runs, *cmds, cwd=None):
    """`measure_in_turn` for commands that need no set-up and no input."""
    return measure_in_turn(runs, lambda: None, *[(cmd, None, cwd) for cmd in cmds])


def write_project(directory, migrations):
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(os.path.join(directory, "migrations"))
    with open(os.path.join(directory, "Cargo.toml"), "w") as f:
        f.write('[package]\nname = "bench"\n')
    with open(os.path.join(directory, "diesel.toml"), "w") as f:
        f.write("[migrations_directory]\ndir = \"migrations\"\n")
    for m in migrations:
        path = os.path.join(directory, "migrations", m.dir_name)
        os.makedirs(path)
        with open(os.path.join(path, "up.sql"), "w") as f:
            f.write(m.up)
        with open(os.path.join(path, "down.sql"), "w") as f:
            f.write(m.down)


def bench_workload(backend, label, migrations, tools, runs, diesel_runs, rows,
                   catalog_only=False, lint_only=False):
    project = os.path.join(backend.work, label)
    write_project(project, migrations)
    url = backend.url()

    def empty():
        backend.reset()

    def migrated():
        backend.reset()
        run([tools["strata"], "migration", "run", "--database-url", url], cwd=project)

    def empty_with_ledger():
        backend.reset()
        cmd, _ = backend.native(LEDGER_DDL)
        run(cmd, stdin=LEDGER_DDL)

    def record(command, limit_label, strata, limit, diesel):
        rows.append((backend.name, label, command, strata, limit_label, limit, diesel))
        show(rows[-1])

    def tool(name, *args):
        return [tools[name], *args, "--database-url", url]

    def nothing():
        pass

    if label != "noop" and (catalog_only or lint_only):
        migrated()
    if label != "noop" and not catalog_only:
        # migration lint --all against migration verify --all, in turn: both work in a
        # scratch database beside the configured one. lint runs each statement once and
        # reads the catalog and a snapshot after it; verify runs up, down and up again with
        # four snapshots per migration.
        strata, limit = measure_in_turn(
            runs, nothing, (tool("strata", "migration", "lint", "--all"), None, project),
            (tool("strata", "migration", "verify", "--all"), None, project))
        record("migration lint --all", "verify --all", strata, limit, None)
    if label != "noop" and not catalog_only and not lint_only:
        # migration run
        per_txn_cmd, per_txn = backend.native(native_script(backend, migrations, "up", False))
        strata, limit = measure_in_turn(runs, empty,
                                        (tool("strata", "migration", "run"), None, project),
                                        (per_txn_cmd, per_txn, None))
        one_cmd, one = backend.native(native_script(backend, migrations, "up", True))
        single = measure(runs, empty, one_cmd, stdin=one)
        diesel = (measure(diesel_runs, empty, tool("diesel", "migration", "run"), cwd=project)
                  if tools.get("diesel") else None)
        record("migration run", "per-txn", strata, limit, diesel)
        record("migration run (vs 1-txn)", "1-txn", strata, single, None)
        if backend.name != "mysql":  # MySQL's DDL commits at once: strata refuses the mode
            all_or_nothing = measure(runs, empty,
                                     tool("strata", "migration", "run", "--single-transaction"),
                                     cwd=project)
            record("migration run --single-transaction", "1-txn", all_or_nothing, single, None)

        # migration revert --all
        down_cmd, down = backend.native(native_script(backend, list(reversed(migrations)),
                                                      "down", False))
        strata, limit = measure_in_turn(
            runs, migrated, (tool("strata", "migration", "revert", "--all"), None, project),
            (down_cmd, down, None))
        diesel = (measure(diesel_runs, migrated, tool("diesel", "migration", "revert", "--all"),
                          cwd=project) if tools.get("diesel") else None)
        record("migration revert --all", "per-txn", strata, limit, diesel)

        # migration redo (the latest migration). A redo leaves the database as it found it,
        # so the database is migrated once and each run redoes the same migration.
        migrated()
        strata = measure(runs, nothing, tool("strata", "migration", "redo"), cwd=project)
        unverified = measure(runs, nothing, tool("strata", "migration", "redo", "--no-verify"),
                             cwd=project)
        last = migrations[-1]
        redo_sql = (native_script(backend, [last], "down", False)
                    + native_script(backend, [last], "up", False).replace(LEDGER_DDL, ""))
        redo_cmd, _ = backend.native(redo_sql)
        limit = measure(runs, nothing, redo_cmd, stdin=redo_sql)
        diesel = (measure(diesel_runs, nothing, tool("diesel", "migration", "redo"), cwd=project)
                  if tools.get("diesel") else None)
        record("migration redo (verifies: two snapshots)", "per-txn", strata, limit, None)
        record("migration redo --no-verify", "per-txn", unverified, limit, diesel)

    if label != "noop" and not lint_only:
        # print-schema: introspection and rendering (the database is still migrated)
        strata, limit = measure_interleaved(runs, tool("strata", "print-schema"),
                                            backend.dump(), cwd=project)
        diesel = (measure(diesel_runs, nothing, tool("diesel", "print-schema"), cwd=project)
                  if tools.get("diesel") else None)
        record("print-schema", "dump", strata, limit, diesel)
        catalog_cmd, catalog_sql = backend.catalog("print-schema")
        strata, limit = measure_in_turn(runs, nothing, (tool("strata", "print-schema"), None,
                                                        project),
                                        (catalog_cmd, catalog_sql, None))
        record("print-schema", "catalog", strata, limit, None)

        # One snapshot, as redo and verify take one before and after each step.
        if tools.get("snapshot-probe"):
            catalog_cmd, catalog_sql = backend.catalog("snapshot")
            strata, limit = measure_in_turn(runs, nothing,
                                            ([tools["snapshot-probe"], url], None, None),
                                            (catalog_cmd, catalog_sql, None))
            record("snapshot (as redo takes it)", "catalog", strata, limit, None)
    if label == "noop":
        migrated()
        # These commands take milliseconds, where one scheduling hiccup is a large part of
        # a run: at least 20 runs each.
        runs = max(runs, 20)
        strata, limit = measure_interleaved(runs, tool("strata", "migration", "run"),
                                            backend.read_ledger(), cwd=project)
        diesel = (measure(diesel_runs, nothing, tool("diesel", "migration", "run"), cwd=project)
                  if tools.get("diesel") else None)
        record("migration run (nothing pending)", "read ledger", strata, limit, diesel)
        # strata also reads every migration's files, to catch an edited one (checksums):
        # the native client reading the ledger while `cat` reads the same files.
        files = sorted(os.path.join(root, name)
                       for root, _, names in os.walk(os.path.join(project, "migrations"))
                       for name in names)
        ledger_cmd = " ".join(shlex.quote(part) for part in backend.read_ledger())
        with_files = ["sh", "-c", f"{ledger_cmd} >/dev/null && cat \"$@\" >/dev/null", "sh",
                      *files]
        limit = measure(runs, nothing, with_files)
        record("migration run (nothing pending)", "read ledger + cat files", strata, limit,
               None)
        # What start-up alone costs: the process, its dynamic libraries, no database.
        strata, limit = measure_interleaved(runs, [tools["strata"], "--version"],
                                            [backend.client_name, "--version"])
        record("start-up only (--version)", "client --version", strata, limit, None)
        # An application's start: the same 1,000 migrations compiled into it with
        # strata::embed_migrations!, checked (checksums included) and found up to date.
        app = build_noop_app(backend, project)
        if app:
            strata, limit = measure_interleaved(runs, [app, url], backend.read_ledger())
            record("application start (embedded, nothing pending)", "read ledger", strata,
                   limit, None)


def bench_squash(backend, label, migrations, tools, runs, rows):
    """`migration squash` of a whole chain (a `history` workload), without --write (the
    plan and its proof): it applies every migration in one scratch database and reads its
    image (schema and rows), then applies the squashed migration in a second one, compares,
    and runs its down.sql. The limit is the native client applying the chain once, the
    least any squash must do."""
    project = os.path.join(backend.work, label)
    write_project(project, migrations)
    url = backend.url()
    up_cmd, up = backend.native(native_script(backend, migrations, "up", False))
    squash = [tools["strata"], "migration", "squash", "--up-to", migrations[-1].version,
              "--database-url", url]
    strata, limit = measure_in_turn(runs, backend.reset, (squash, None, project),
                                    (up_cmd, up, None))
    rows.append((backend.name, label, "migration squash (plan + proof)", strata,
                 "per-txn run", limit, None))
    show(rows[-1])


def bench_bulk(backend, label, migrations, tools, runs, diesel_runs, rows):
    """`migration run` of one big migration, in turn with the native client running the
    same file in one transaction with its ledger row, as strata does."""
    project = os.path.join(backend.work, label)
    write_project(project, migrations)
    url = backend.url()
    native_cmd, native = backend.native(native_script(backend, migrations, "up", False))
    strata, limit = measure_in_turn(
        runs, backend.reset,
        ([tools["strata"], "migration", "run", "--database-url", url], None, project),
        (native_cmd, native, None))
    diesel = (measure(diesel_runs, backend.reset,
                      [tools["diesel"], "migration", "run", "--database-url", url], cwd=project)
              if tools.get("diesel") else None)
    rows.append((backend.name, label, "migration run", strata, "per-txn", limit, diesel))
    show(rows[-1])
    # Hundreds of MiB: gone before the next workload is written.
    shutil.rmtree(project)


CHECK_CONFIGS = ("none", "all_tables", "fk_related_tables")


def bench_cargo_check(tools, work, rows):
    """How long a cold `cargo check` of a crate holding a 1,000-table schema.rs takes, and
    its peak memory, for each allow_tables_to_appear_in_same_query_config: on wide-1000
    (every table connected by foreign keys, so fk_related_tables prints what all_tables
    does) and on the same tables in 100 clusters of 10 (where it prints 100 small groups).
    One run each: a check takes minutes and gigabytes."""
    crate = os.path.join(work, "check-crate")
    # allow_tables_to_appear_in_same_query! recurses once per table: a list of more than
    # 128 tables needs a higher limit than the default (strata's warning names it).
    manifest = write_crate(crate, "wide_schema",
                           'diesel = { version = "2.3", default-features = false, '
                           'features = ["sqlite", "32-column-tables"] }',
                           {"lib.rs": '#![allow(unused)]\n#![recursion_limit = "2048"]\n'
                                      'pub mod schema;\n',
                            "schema.rs": ""})
    # Not incremental: a cold check, and rustc would otherwise reload a dependency graph
    # of several GiB on every run.
    env = dict(os.environ, CARGO_TARGET_DIR=os.path.join(work, "check-target"),
               CARGO_INCREMENTAL="0")
    check = ["cargo", "check", "-q", "--manifest-path", manifest]
    schema_rs = os.path.join(crate, "src", "schema.rs")
    subprocess.run(check, env=env, check=True)  # builds diesel once, untimed
    backend = Sqlite(work)
    for label, group in (("wide-1000", None), ("wide-1000 in clusters of 10", 10)):
        project = os.path.join(work, "check-schema")
        write_project(project, wide(backend, 1000, group))
        backend.reset()
        url = backend.url()
        run([tools["strata"], "migration", "run", "--database-url", url], cwd=project)
        checked = {}
        for config in CHECK_CONFIGS:
            with open(os.path.join(project, "diesel.toml"), "w") as f:
                f.write(f'[print_schema]\nallow_tables_to_appear_in_same_query_config = '
                        f'"{config}"\n')
            schema = run([tools["strata"], "print-schema", "--database-url", url],
                         cwd=project)
            same = next((c for c, text in checked.items() if text[0] == schema), None)
            if same:
                result = checked[same][1]
                note = f"the same schema.rs as {same}"
            else:
                with open(schema_rs, "w") as f:
                    f.write(schema)
                result = measure_check(check, env)
                note = ""
            checked[config] = (schema, result)
            groups = schema.count("allow_tables_to_appear_in_same_query!(")
            # The ratio to `none` is what the allow_tables groups add to the tables.
            baseline = None if config == "none" else checked["none"][1]
            rows.append(("schema.rs", label,
                         f"cargo check, {config} ({groups} allow_tables group"
                         f"{'' if groups == 1 else 's'}){'; ' + note if note else ''}",
                         result, "none" if baseline else "", baseline, None))
            show(rows[-1])


def measure_check(cmd, env):
    """Seconds and peak MiB of one cold `cmd` (the rustc it runs is the peak), or why it
    failed."""
    started = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], env=env,
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        return "failed: " + (lines[0][:120] if lines else "no message")
    peak_kib = int(result.stderr.strip().splitlines()[-1])
    return elapsed, peak_kib / 1024


# ---------------------------------------------------------------- reporting

HEADER = ("| backend | workload | command | strata s | strata MiB | limit | limit s | "
          "strata/limit | diesel_cli s | diesel_cli MiB | strata/diesel_cli |")


def paired_ratio(strata, limit):
    """The median of strata's time over the limit's, run by run, when the two were run in
    turn (`measure_in_turn`): each pair ran under the same load, so a drift in the machine's
    speed over the minutes of a run (on the servers, how long a fsync takes) moves it less
    than the ratio of the two medians. None when there are no pairs."""
    if len(strata) < 3 or len(limit) < 3 or len(strata[2]) != len(limit[2]) or not strata[2]:
        return None
    return statistics.median(s / lim for s, lim in zip(strata[2], limit[2]))


def format_row(row):
    backend, workload, command, strata, limit_label, limit, diesel = row
    ok = lambda m: isinstance(m, tuple)  # noqa: E731
    cells = [backend, workload, command]
    cells += [f"{strata[0]:.3f}", f"{strata[1]:.1f}"] if ok(strata) else [strata, ""]
    cells += [limit_label or "", f"{limit[0]:.3f}" if ok(limit) else (limit or "")]
    ratio = ""
    if ok(strata) and ok(limit):
        ratio = f"{strata[0] / limit[0]:.2f}x"
        paired = paired_ratio(strata, limit)
        if paired is not None:
            ratio += f" (pairs {paired:.2f}x)"
    cells.append(ratio)
    if diesel is None:
        cells += ["", "", ""]
    elif ok(diesel):
        cells += [f"{diesel[0]:.3f}", f"{diesel[1]:.1f}",
                  f"{strata[0] / diesel[0]:.3f}x" if ok(strata) else ""]
    else:
        cells += [diesel, "", ""]
    return "| " + " | ".join(cells) + " |"


def show(row):
    print(format_row(row), flush=True)


START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def earlier_rows(path, measured):
    """Table rows of the previous run for (backend, workload) pairs not measured now, so
    that benchmarking one backend or workload does not erase the others' figures."""
    try:
        with open(path) as f:
            text = f.read()
    except FileNotFoundError:
        return []
    if START not in text or END not in text:
        return []
    block = text.split(START, 1)[1].split(END, 1)[0]
    kept = []
    for line in block.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or cells[0] in ("backend", "---") or cells[0].startswith("-"):
            continue
        if (cells[0], cells[1].replace(" (earlier)", "")) not in measured:
            if "earlier" not in cells[1]:
                cells[1] = f"{cells[1]} (earlier)"
            kept.append("| " + " | ".join(cells) + " |")
    return kept


def write_between_markers(path, table):
    """Replaces the generated part of `path` (between the markers), keeping the prose
    around it; writes a new file when there is none."""
    try:
        with open(path) as f:
            text = f.read()
    except FileNotFoundError:
        text = f"# Performance\n\n{START}\n{END}\n"
    if START not in text or END not in text:
        text = f"# Performance\n\n{START}\n{END}\n\n" + text
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    with open(path, "w") as f:
        f.write(f"{head}{START}\n{table}{END}{tail}")


def table_order(line):
    """Backends, then workloads, in a fixed order, whichever run measured them (the sort is
    stable, so commands keep the order they were measured in)."""
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    backends = ["sqlite", "postgres", "mysql", "schema.rs"]
    workload = cells[1].replace(" (earlier)", "")
    kind = next((i for i, k in enumerate(["many", "wide", "noop", "bulk"])
                 if workload.startswith(k)), 4)
    size = int("".join(c for c in workload.split()[0] if c.isdigit()) or 0)
    clustered = "clusters" in workload
    backend = backends.index(cells[0]) if cells[0] in backends else len(backends)
    return (backend, kind, size, clustered)


def write_report(args, version, rows):
    """Writes the table so far to the output file (after each backend, so that a run
    stopped part-way keeps what it measured)."""
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    bulk_option = f" --bulk-mib {args.bulk_mib}" if "bulk" in args.workloads else ""
    generated = io.StringIO()
    with generated as f:
        f.write(f"Measured {datetime.date.today().isoformat()} by `python3 bench/bench.py "
                f"--runs {args.runs} --diesel-runs {args.diesel_runs} --sizes {args.sizes} "
                f"--backends {args.backends} --workloads {args.workloads}"
                f"{bulk_option}` on "
                f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores "
                f"({cpu}); diesel_cli: {version}.\n\n")
        f.write("Seconds are the median of the runs; MiB the peak resident memory of the "
                "process. *limit* is the native client running the same SQL (see "
                "bench/bench.py). The project has no schema file, so run/revert/redo time the "
                "migrations alone. The run (against per-txn), revert --all, print-schema and "
                "noop rows run strata and the limit in turn (a, b, a, b, ...), so that both see "
                "the same load; noop rows over at least 20 runs. Those rows also give, as "
                "*pairs*, the median of strata's time over the limit's run by run, which a "
                "drift in the machine's speed during the run moves less.\n\n")
        kept = earlier_rows(args.output, measured={(r[0], r[1]) for r in rows})
        if kept:
            f.write("Rows for workloads this run did not measure are kept from the earlier "
                    "run this file held (marked *earlier*).\n\n")
        f.write(HEADER + "\n|" + "---|" * 11 + "\n")
        for line in sorted(kept + [format_row(row) for row in rows], key=table_order):
            f.write(line + "\n")
        table = f.getvalue()
    write_between_markers(args.output, table)
    print(f"written to {os.path.relpath(args.output, ROOT)}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--backends", default="sqlite,postgres,mysql")
    parser.add_argument("--workloads", default="many,wide,noop,squash",
                        help="which of many, wide, noop, squash and bulk to run (bulk only "
                        "when named: on the servers it takes tens of minutes)")
    parser.add_argument("--bulk-mib", default="10,100",
                        help="sizes of the bulk workload's up.sql, in MiB")
    parser.add_argument("--output", default=os.path.join(ROOT, "docs", "PERFORMANCE.md"))
    parser.add_argument("--diesel-runs", type=int, default=3,
                        help="runs for diesel_cli, the reference (its print-schema is slow)")
    parser.add_argument("--no-diesel", action="store_true", help="skip diesel_cli")
    parser.add_argument("--catalog-only", action="store_true",
                        help="for many and wide, only the print-schema and snapshot rows "
                        "(the workload is migrated once, untimed)")
    parser.add_argument("--lint-only", action="store_true",
                        help="for many and wide, only `migration lint --all` against "
                        "`migration verify --all`")
    parser.add_argument("--no-cargo-check", action="store_true",
                        help="skip timing `cargo check` of wide-1000's schema.rs")
    parser.add_argument("--cargo-check-only", action="store_true",
                        help="time only `cargo check` of wide-1000's schema.rs")
    args = parser.parse_args()

    print("building strata (release)...", file=sys.stderr)
    run(["cargo", "build", "--release", "-q", "-p", "strata"], cwd=ROOT)
    tools = {"strata": os.path.join(ROOT, "target", "release", "strata")}
    if not args.no_diesel and shutil.which("diesel"):
        tools["diesel"] = shutil.which("diesel")
        # diesel_cli prints "diesel", then "Version: 2.3.7" on a line of its own.
        words = run([tools["diesel"], "--version"]).replace(":", " ").split()
        version = next((w for w in words if w[:1].isdigit()), "unknown version")
        version = f"diesel_cli {version}"
    else:
        version = "not installed"
    sizes = [int(s) for s in args.sizes.split(",")]

    rows = []
    print(HEADER)
    print("|" + "---|" * 11)
    with tempfile.TemporaryDirectory(prefix="strata-bench") as work:
        probe = None if args.cargo_check_only or args.lint_only else build_snapshot_probe(work)
        if probe:
            tools["snapshot-probe"] = probe
        for name in [] if args.cargo_check_only else args.backends.split(","):
            backend = BACKENDS[name](work)
            workloads = args.workloads.split(",")
            for n in sizes if "many" in workloads else []:
                bench_workload(backend, f"many-{n}", many(backend, n), tools, args.runs,
                               args.diesel_runs, rows, args.catalog_only, args.lint_only)
            for t in sizes if "wide" in workloads else []:
                bench_workload(backend, f"wide-{t}", wide(backend, t), tools, args.runs,
                               args.diesel_runs, rows, args.catalog_only, args.lint_only)
            for n in sizes if "squash" in workloads else []:
                bench_squash(backend, f"history-{n}", history(backend, n), tools, args.runs,
                             rows)
            if "noop" in workloads:
                bench_workload(backend, "noop", many(backend, 1000), tools, args.runs,
                               args.diesel_runs, rows)
            for mib in [int(m) for m in args.bulk_mib.split(",")] if "bulk" in workloads else []:
                bench_bulk(backend, f"bulk-{mib}", bulk(backend, mib), tools, args.runs,
                           args.diesel_runs, rows)
            if hasattr(backend, "db"):
                backend.reset()
            write_report(args, version, rows)
        if not args.no_cargo_check:
            bench_cargo_check(tools, work, rows)
            write_report(args, version, rows)


if __name__ == "__main__":
    main()
