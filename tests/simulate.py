# SPDX-License-Identifier: MIT
"""tests/simulate.py — `yibao simulate` against the sum of per-claim differences. Table set
A is the benchmark's synthetic table; B is a copy with one ratio changed (the employee
inpatient first band, 80% → 85%). 20 000 generated claims are settled under each with
`yibao batch --format csv`; the change simulate reports — per group and in total, for
every amount — must equal the sum over the claims of (B − A), added exactly as decimals.
Usage: simulate.py BUILD_DIR"""
import collections, csv, decimal, io, json, os, shutil, subprocess, sys, tempfile

BUILD = sys.argv[1]
Y, BENCH = os.path.join(BUILD, "yibao"), os.path.join(BUILD, "bench", "yibao_bench")
tmp = tempfile.mkdtemp(prefix="yb_simulate_")
try:
    a, b, claims = os.path.join(tmp, "a"), os.path.join(tmp, "b"), os.path.join(tmp, "claims.jsonl")
    subprocess.run([BENCH, "--seed", "5", "--n", "20000", "--jsonl", claims, "--tables-out", a], check=True,
                   stdout=subprocess.DEVNULL)
    os.makedirs(b)
    (name,) = os.listdir(a)
    text = open(os.path.join(a, name), encoding="utf-8").read()
    doc = json.loads(text)
    bands = doc["editions"][0]["schemes"]["employee"]["inpatient"]["bands"]
    first = bands[0] if isinstance(bands, list) else bands["default"][0]
    assert first["ratio"] in ("0.80", "80%"), first
    first["ratio"] = "0.85"
    json.dump(doc, open(os.path.join(b, name), "w", encoding="utf-8"), ensure_ascii=False)

    def per_claim(tables):
        out = subprocess.run([Y, "batch", "--format", "csv", "--tables", tables, claims], capture_output=True,
                             text=True).stdout
        return list(csv.DictReader(io.StringIO(out)))

    ra, rb = per_claim(a), per_claim(b)
    assert len(ra) == len(rb) == 20000
    fields = ["hifp_pay", "fund_pay_sumamt", "psn_part_amt", "psn_cash_pay", "acct_pay"]
    D = decimal.Decimal
    total = collections.Counter()
    for x, y in zip(ra, rb):
        for f in fields:
            total[f] += D(y[f]) - D(x[f])
    sim = json.loads(subprocess.run([Y, "simulate", "--tables", a, "--against", b, "--jobs", "2", "--format", "json",
                                     claims], capture_output=True, text=True, check=True).stdout)
    failed = []
    for f in fields:
        got = D(sim["total"]["change"][f])
        if got != total[f]:
            failed.append(f"total {f}: simulate says {got}, the claims' differences add to {total[f]}")
    # the groups add up to the total, and the change is B − A in each
    for f in fields:
        s = sum(D(g["change"][f]) for g in sim["groups"])
        if s != D(sim["total"]["change"][f]):
            failed.append(f"groups' {f} changes add to {s}, not the total's")
        for g in sim["groups"]:
            if D(g["b"][f]) - D(g["a"][f]) != D(g["change"][f]):
                failed.append(f"group {g}: change is not b − a")
                break
    if total["hifp_pay"] <= 0:
        failed.append(f"raising a ratio did not raise the fund's payments ({total['hifp_pay']})")
    if sim["settled"] != [20000, 20000]:
        failed.append(f"settled {sim['settled']}")
    # the text and CSV forms run, and a missing --against is a usage error
    for fmt in ("text", "csv"):
        r = subprocess.run([Y, "simulate", "--tables", a, "--against", b, "--format", fmt, claims],
                           capture_output=True, text=True)
        if r.returncode or "total" not in r.stdout:
            failed.append(f"--format {fmt}: exit {r.returncode}")
    if subprocess.run([Y, "simulate", "--tables", a, claims], capture_output=True).returncode != 2:
        failed.append("no --against: not a usage error")
    for f in failed:
        print("FAIL", f)
    print(f"simulate: total hifp_pay change {total['hifp_pay']} over 20000 claims; "
          f"{'all equal' if not failed else str(len(failed)) + ' failures'}")
    sys.exit(1 if failed else 0)
finally:
    shutil.rmtree(tmp, ignore_errors=True)
