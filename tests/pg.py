# SPDX-License-Identifier: MIT
"""tests/pg.py — the PostgreSQL extension for real (docs/sql.md). Builds pg/ with PGXS
against the build's libyibao.a, installs it (into the server's directories: run as root,
as CI does), starts a private cluster (initdb and pg_ctl in a temporary directory, unix
socket only; as the postgres user when run as root), and:
  - settles every claim of tests/examples/ through SQL and asserts the figures the cases
    state, as `yibao check` does (visits chained by their ledger);
  - settles 100 000 generated claims in a parallel query (parallel workers forced on) and
    asserts every row equals `yibao batch --format csv`'s;
  - asserts that a bad claim raises an error carrying its JSON pointer, that no data is
    an error too, and yibao_settle_year and yibao_tables_version.
Usage: pg.py BUILD_DIR SRC_DIR"""
import csv, glob, io, json, os, pwd, shutil, subprocess, sys, tempfile

BUILD, SRC = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
configs = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_config"))
PG_CONFIG = os.environ.get("PG_CONFIG") or (configs[-1] if configs else shutil.which("pg_config"))
if not PG_CONFIG:
    sys.exit("pg.py: PostgreSQL is not installed (apt-get install postgresql postgresql-server-dev-15)")
BIN = subprocess.run([PG_CONFIG, "--bindir"], capture_output=True, text=True, check=True).stdout.strip()
YIBAO = os.path.join(BUILD, "yibao")
failed = []

# {=== Build, install, a private cluster
obj = os.path.join(BUILD, "pg")
os.makedirs(obj, exist_ok=True)
# with_llvm=no: no JIT bitcode, which would need clang and llvm of the server's build
make = ["make", "-s", "-f", os.path.join(SRC, "pg/Makefile"), f"VPATH={SRC}/pg", f"YIBAO_BUILD={BUILD}",
        f"PG_CONFIG={PG_CONFIG}", "with_llvm=no"]
subprocess.run(make, cwd=obj, check=True, stdout=subprocess.DEVNULL)
subprocess.run(make + ["install"], cwd=obj, check=True, stdout=subprocess.DEVNULL)

root = os.geteuid() == 0
tmp = tempfile.mkdtemp(prefix="yb_pg_")
tables_dir = os.path.join(tmp, "tables")  # cases' inline tables, readable by the server
os.makedirs(tables_dir)
as_pg = []
if root:  # initdb refuses root: the cluster belongs to the postgres user
    pw = pwd.getpwnam("postgres")
    os.chown(tmp, pw.pw_uid, pw.pw_gid)
    as_pg = ["runuser", "-u", "postgres", "--"]
data, log = os.path.join(tmp, "data"), os.path.join(tmp, "log")


def pg(*args, **kw):
    return subprocess.run(as_pg + list(args), capture_output=True, text=True, **kw)


r = pg(f"{BIN}/initdb", "-D", data, "-A", "trust", "-U", "yb", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8")
if r.returncode:
    sys.exit("initdb failed: " + r.stderr)
opts = f"-k {tmp} -c listen_addresses='' -c fsync=off -c max_worker_processes=8 -c max_parallel_workers=4"
r = pg(f"{BIN}/pg_ctl", "-D", data, "-l", log, "-o", opts, "-w", "start")
if r.returncode:
    sys.exit("pg_ctl start failed: " + r.stderr + open(log).read() if os.path.exists(log) else "")


def sql(text, *, ok=True, settings=()):
    """Runs SQL text in a fresh session; returns (rc, stdout, stderr)."""
    pre = "".join(f"SET {k} = '{v}';\n" for k, v in settings)
    r = pg(f"{BIN}/psql", "-h", tmp, "-U", "yb", "-d", "postgres", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
           input=pre + text)
    if ok and r.returncode:
        raise RuntimeError(f"SQL failed: {r.stderr}\n{text[:500]}")
    return r.returncode, r.stdout, r.stderr


def literal(s):
    return "'" + s.replace("'", "''") + "'"
# }===


try:
    sql("CREATE EXTENSION yibao;")
    _, out, _ = sql("SELECT yibao_tables_version();")
    if not out.startswith("yibao 0.2.0; tables sha256:"):
        failed.append(f"yibao_tables_version: {out!r}")

    # {=== The published and hand-worked examples, through SQL
    def get(doc, path):
        for k in path.split("."):
            if isinstance(doc, list):
                doc = doc[int(k)] if k.isdigit() and int(k) < len(doc) else None
            elif isinstance(doc, dict):
                doc = doc.get(k)
            else:
                return None
        return doc

    visits = cases = 0
    for f in sorted(glob.glob(os.path.join(SRC, "tests/examples/*.json"))):
        case = json.load(open(f, encoding="utf-8"))
        if case.get("status") != "pass":
            continue
        tables = case.get("tables") or ([case["table"]] if "table" in case else [])
        settings = ()
        if not (len(tables) == 1 and "ref" in tables[0]):
            d = os.path.join(tables_dir, case["id"])
            os.makedirs(d, exist_ok=True)
            for i, t in enumerate(tables):
                json.dump(t, open(os.path.join(d, f"t{i}.json"), "w", encoding="utf-8"), ensure_ascii=False)
            if root:
                for p in [d] + [os.path.join(d, x) for x in os.listdir(d)]:
                    os.chown(p, pwd.getpwnam("postgres").pw_uid, -1)
            settings = (("yibao.tables", d),)
        ledger = None
        cases += 1
        for n, v in enumerate(case["visits"]):
            if "claim" not in v:
                continue  # contributions: not part of the SQL API
            claim = dict(v["claim"])
            if ledger is not None and "year_to_date" not in claim:
                claim["year_to_date"] = ledger
            _, out, _ = sql(f"SELECT yibao_settle({literal(json.dumps(claim, ensure_ascii=False))}::jsonb);",
                            settings=settings)
            res = json.loads(out)
            ledger = res.get("year_to_date_after")
            visits += 1
            for k, want in v["expect"].items():
                got = get(res, k)
                if str(got) != str(want) and got != want:
                    failed.append(f"{os.path.basename(f)} visit {n}: {k} = {got!r}, the case says {want!r}")
    print(f"pg: {visits} visits of {cases} cases settled through SQL")
    # }===

    # {=== 100 000 claims in a parallel query, against yibao batch
    N = 100000
    claims, syn = os.path.join(tmp, "claims.jsonl"), os.path.join(tmp, "synthetic")
    subprocess.run([os.path.join(BUILD, "bench/yibao_bench"), "--seed", "3", "--n", str(N), "--jsonl", claims,
                    "--tables-out", syn], check=True, stdout=subprocess.DEVNULL)
    if root:
        for p in [claims, syn] + [os.path.join(syn, x) for x in os.listdir(syn)]:
            os.chown(p, pwd.getpwnam("postgres").pw_uid, -1)
    batch = subprocess.run([YIBAO, "batch", "--jobs", "2", "--format", "csv", "--tables", syn, claims],
                           capture_output=True, text=True)
    rows = list(csv.reader(io.StringIO(batch.stdout)))
    head, rows = rows[0], rows[1:]
    par = (("yibao.tables", syn), ("max_parallel_workers_per_gather", "2"), ("parallel_setup_cost", "0"),
           ("parallel_tuple_cost", "0"), ("min_parallel_table_scan_size", "0"), ("force_parallel_mode", "on"))
    # One claim a line, numbered as batch numbers them (a heap's order is no order).
    tsv = os.path.join(tmp, "claims.tsv")
    with open(claims, encoding="utf-8") as f, open(tsv, "w", encoding="utf-8") as out:
        for i, line in enumerate(f, 1):
            out.write(f"{i}\t{line.rstrip(chr(10)).replace(chr(92), chr(92) * 2)}\n")
    if root:
        os.chown(tsv, pwd.getpwnam("postgres").pw_uid, -1)
    sql(f"CREATE TABLE claims (id bigint PRIMARY KEY, claim jsonb NOT NULL);\n"
        f"COPY claims FROM {literal(tsv)};\nANALYZE claims;")
    cols = [c for c in head if c in ("medfee_sumamt", "hifp_pay", "fund_pay_sumamt", "psn_part_amt", "acct_pay",
                                     "psn_cash_pay", "inscp_scp_amt", "preselfpay_amt")]
    query = (f"SELECT s.{', s.'.join(cols)} FROM claims c, LATERAL yibao_settle_fields(c.claim) s ORDER BY c.id")
    _, plan, _ = sql("EXPLAIN " + query + ";", settings=par)
    if "Workers Planned" not in plan:
        failed.append("the query did not run in parallel:\n" + plan)
    _, out, _ = sql(f"COPY ({query}) TO STDOUT WITH (FORMAT csv, HEADER false);", settings=par)
    got = list(csv.reader(io.StringIO(out)))
    idx = [head.index(c) for c in cols]
    want = [[r[i] for i in idx] for r in rows if len(r) > 1 and r[1] != "error"]
    if len(got) != N or len(want) != N:
        failed.append(f"parallel query: {len(got)} rows, batch: {len(want)} settled rows, of {N}")
    diff = [i for i, (a, b) in enumerate(zip(got, want)) if a != b]
    if diff:
        failed.append(f"{len(diff)} rows differ from yibao batch, first: line {diff[0] + 1}: SQL {got[diff[0]]} batch {want[diff[0]]}")
    print(f"pg: {len(got)} rows settled in a parallel query, {len(got) - len(diff)} equal to yibao batch")
    # }===

    # {=== Errors, the year, and memory
    rc, _, err = sql("SELECT yibao_settle('{\"insured\": {\"region\": \"宁波\", \"scheme\": \"resident\"}, "
                     "\"visit\": {\"date\": \"2025-06-01\", \"setting\": \"inpatient\"}, "
                     "\"lines\": [{\"amount\": \"1.001\", \"class\": \"A\"}]}');", ok=False)
    if rc == 0 or "more than 2 decimals" not in err or "/lines/0/amount" not in err:
        failed.append("a bad amount did not raise an error with its pointer: " + err)
    rc, _, err = sql("SELECT yibao_settle_fields('{\"insured\": {\"region\": \"南京\", \"scheme\": \"resident\", "
                     "\"person\": \"adult\"}, \"visit\": {\"date\": \"2025-06-01\", \"setting\": \"inpatient\", "
                     "\"level\": \"3\"}, \"lines\": [{\"amount\": \"3000\", \"class\": \"A\"}]}');", ok=False)
    if rc == 0 or "无法估算" not in err:
        failed.append("no data for this care did not raise an error: " + err)
    # 宁波 resident adult, level 3, 2025: the deductible (1200) is paid once in the year:
    # (10000 − 1200) × 70% = 6160.00, then 10000 × 70% = 7000.00.
    _, out, _ = sql("SELECT r->'setlinfo'->>'hifp_pay' FROM yibao_settle_year("
                    "'{\"region\": \"宁波\", \"scheme\": \"resident\", \"person\": \"adult\", \"tier\": \"A\"}', "
                    "'[{\"visit\": {\"date\": \"2025-03-01\", \"setting\": \"inpatient\", \"level\": \"3\"}, "
                    "\"lines\": [{\"amount\": \"10000\", \"class\": \"A\"}]}, "
                    "{\"visit\": {\"date\": \"2025-06-01\", \"setting\": \"inpatient\", \"level\": \"3\"}, "
                    "\"lines\": [{\"amount\": \"10000\", \"class\": \"A\"}]}]') AS r;")
    if out.split() != ["6160.00", "7000.00"]:
        failed.append(f"yibao_settle_year: {out.split()}")
    # }===
finally:
    pg(f"{BIN}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop")
    shutil.rmtree(tmp, ignore_errors=True)

for f in failed:
    print("FAIL", f)
sys.exit(1 if failed else 0)
