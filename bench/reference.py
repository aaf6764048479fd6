#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""bench/reference.py: the benchmark's settlement in Python `decimal`, for comparison.

    reference.py TABLES_DIR IN.jsonl|-          settle: one JSON result per line on stdout
    reference.py --compare REF.jsonl BATCH.jsonl|-
                                                compare with `yibao batch` output

It settles the claims `yibao_bench --jsonl` writes against the synthetic table that
`yibao_bench --tables-out DIR` writes (region 990001; SYNTHETIC BENCHMARK DATA, not any
region's policy). It reads the table's JSON but knows only the features that table uses:
deductible by hospital level with a repeat-admission factor, a year-scope deductible net
of the ledger, bands on an axis that includes the deductible, an annual cap per cap group,
the class B catalogue default, rounding half_up at "fund", and an employee personal
account. Anything else is refused (exit 2).

Every amount is a decimal.Decimal; every rounding is ROUND_HALF_UP to the fen at the same
points as the engine (calc/settle/split.c, basic.c, layer.c):
  - each line: pric × cnt, (pric − pric_uplmt_amt) × cnt, (line − over-limit) × selfpay_prop;
  - the deductible × the repeat-admission factor;
  - the point where the cap binds: band start + (cap left − paid so far) / ratio;
  - the fund's payment, once, from the exact sum of the bands ("at": "fund").
Nothing else rounds: the remaining amounts are sums and differences of fen.

The result line has the setlinfo names of yibao's result (medfee_sumamt … balc) and
over_cap. --compare checks, line by line, that each of these fields equals yibao's
(setlinfo.*, psn_burden.over_cap) as a string; it prints the first mismatches and exits 1
when there is any.
"""
import decimal
import glob
import json
import os
import sys
from decimal import Decimal, ROUND_DOWN, ROUND_HALF_UP

decimal.getcontext().prec = 60  # products and sums here need < 30 digits: all exact
FEN = Decimal("0.01")
ZERO = Decimal(0)

FIELDS = ["medfee_sumamt", "fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt",
          "inscp_scp_amt", "act_pay_dedc", "hifp_pay", "fund_pay_sumamt", "psn_part_amt",
          "acct_pay", "psn_cash_pay", "balc"]


class Unsupported(Exception):
    pass


def fen(x):
    """x rounded half up to the fen."""
    return x.quantize(FEN, ROUND_HALF_UP)


def div_fen(n, d):
    """n / d rounded half up to the fen, exactly (n >= 0, d > 0): no double rounding."""
    q = (n / d).quantize(FEN, ROUND_DOWN)
    r = n - q * d  # exact
    step = FEN * d
    while r < 0:
        q, r = q - FEN, r + step
    while r >= step:
        q, r = q + FEN, r - step
    return q + FEN if 2 * r >= step else q


def ratio(s):
    """"80%" -> 0.80, "0.5" -> 0.5"""
    return Decimal(s[:-1]) / 100 if s.endswith("%") else Decimal(s)


def load_table(tables_dir, code):
    for path in sorted(glob.glob(os.path.join(tables_dir, "*.json"))):
        with open(path, encoding="utf-8") as f:
            t = json.load(f)
        if t.get("region", {}).get("code") == code:
            return t
    raise Unsupported("no table for region %s in %s" % (code, tables_dir))


class Benefit:
    """One scheme × setting of an edition, resolved once."""

    def __init__(self, b, setting):
        d = b.get("deductible", "0")
        if isinstance(d, dict):
            if d.get("by") != "level":
                raise Unsupported("deductible by %r" % d.get("by"))
            self.deductible = {k: Decimal(v) for k, v in d.items() if k != "by"}
        else:
            self.deductible = None
            self.deductible_flat = Decimal(d)
        default_scope = "admission" if setting == "inpatient" else "year"
        self.dscope = b.get("deductible_scope", default_scope)
        self.bscope = b.get("band_scope", default_scope)
        self.repeat = [Decimal(x) for x in b.get("repeat_admission", [])]
        self.bands = []
        lo = ZERO
        for band in b["bands"]:
            hi = Decimal(band["to"]) if "to" in band else None
            self.bands.append((lo, hi, ratio(band["ratio"])))
            lo = hi
        self.cap = Decimal(b["cap"]) if b.get("cap") is not None else None
        self.group = b.get("cap_group", setting)
        for k in b:
            if k not in ("deductible", "deductible_scope", "repeat_admission", "bands",
                         "band_scope", "cap", "cap_group"):
                raise Unsupported("benefit member %r" % k)

    def deductible_for(self, level):
        return self.deductible[level] if self.deductible is not None else self.deductible_flat


class Table:
    def __init__(self, t):
        if len(t["editions"]) != 1:
            raise Unsupported("more than one edition")
        ed = t["editions"][0]
        r = ed["rounding"]
        if r != {"unit": "0.01", "mode": "half_up", "at": "fund"}:
            raise Unsupported("rounding %r" % r)
        self.class_b = ratio(ed["catalog"]["class_b_selfpay"])
        self.benefit = {}
        self.account = {}
        for scheme, sc in ed["schemes"].items():
            for setting in ("inpatient", "outpatient"):
                if setting in sc:
                    self.benefit[scheme, setting] = Benefit(sc[setting], setting)
            self.account[scheme] = set(sc["account"]["pays"]) if "account" in sc else None


def settle(tab, c):
    ins, vis = c["insured"], c["visit"]
    scheme, setting = ins["scheme"], vis["setting"]
    year = int(vis["date"][:4])
    b = tab.benefit[scheme, setting]

    # Step 1: each line splits into four parts, each rounded to the fen.
    fulamt = overlmt = pre = inscp = ZERO
    for ln in c["lines"]:
        priced = "pric" in ln
        if priced:
            pric, cnt = Decimal(ln["pric"]), Decimal(ln["cnt"])
            det = fen(pric * cnt)
        else:
            det = Decimal(ln["amount"])
        cls = ln["class"]
        if cls == "C":
            fulamt += det
            continue
        ov = pr = ZERO
        if priced and "pric_uplmt_amt" in ln:
            up = Decimal(ln["pric_uplmt_amt"])
            if pric > up:
                ov = fen((pric - up) * cnt)
        if cls == "B":
            prop = ratio(ln["selfpay_prop"]) if "selfpay_prop" in ln else tab.class_b
            pr = fen((det - ov) * prop)
        overlmt += ov
        pre += pr
        inscp += det - ov - pr
    medfee = fulamt + overlmt + pre + inscp

    # The ledger counts only for a visit in its own year (no year given: any year).
    y = c.get("year_to_date")
    if y is not None and y.get("year", year) != year:
        y = None
    admissions = y.get("admissions", 0) if y else 0
    dedc_paid = Decimal(y.get("deductible_paid", {}).get(setting, "0")) if y else ZERO
    axis = Decimal(y.get("axis", {}).get(b.group, "0")) if y else ZERO
    fund_paid = Decimal(y.get("fund_paid", {}).get(b.group, "0")) if y else ZERO

    # Step 3: the deductible, times the repeat-admission factor, rounded to the fen.
    adm = vis.get("admission") or admissions + 1
    ded = b.deductible_for(vis["level"])
    if b.repeat:
        ded = fen(ded * b.repeat[min(adm, len(b.repeat)) - 1])
    open_ = max(ded - dedc_paid, ZERO) if b.dscope == "year" else ded
    dedc = min(inscp, open_)

    # Steps 4-5: bands on [a0 + deductible paid, a0 + in-policy), under the cap.
    a0 = axis if b.bscope == "year" else ZERO
    cap_left = max(b.cap - fund_paid, ZERO) if b.cap is not None else None
    s, t = a0 + dedc, a0 + inscp
    point = t
    hifp = ZERO
    if t > s:
        paid = ZERO  # exact
        capped = False
        for lo_b, hi_b, r in b.bands:
            lo = max(lo_b, s)
            hi = t if hi_b is None or hi_b >= t else hi_b
            if hi <= lo:
                continue
            band = (hi - lo) * r
            if cap_left is not None and paid + band > cap_left:
                point = min(lo + div_fen(cap_left - paid, r), hi)
                hifp = cap_left
                capped = True
                break
            paid += band
        if not capped:
            hifp = fen(paid)
            if cap_left is not None and hifp > cap_left:
                hifp = cap_left
    over_cap = t - point
    copay = inscp - dedc - hifp - over_cap

    # Step 7: personal part, account, cash.
    psn_part = medfee - hifp
    acct = ZERO
    has_bal = "account_balance" in c
    balc = Decimal(c["account_balance"]) if has_bal else ZERO
    pays = tab.account[scheme]
    if pays is not None and has_bal:
        burden = {"fulamt": fulamt, "overlmt": overlmt, "preselfpay": pre, "deductible": dedc,
                  "copay": copay, "over_cap": over_cap}
        payable = sum((burden[k] for k in pays), ZERO)
        acct = min(payable, balc)
        balc -= acct
    cash = psn_part - acct
    vals = [medfee, fulamt, overlmt, pre, inscp, dedc, hifp, hifp, psn_part, acct, cash, balc]
    out = {k: str(v.quantize(FEN)) for k, v in zip(FIELDS, vals)}
    out["over_cap"] = str(over_cap.quantize(FEN))
    return out


def run(tables_dir, src):
    tables = {}
    write = sys.stdout.write
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for line in src:
        if not line.strip():
            continue
        c = json.loads(line)
        code = c["insured"]["region"]
        tab = tables.get(code)
        if tab is None:
            tab = tables[code] = Table(load_table(tables_dir, code))
        write(dumps(settle(tab, c)))
        write("\n")


def compare(ref, got):
    n = bad = 0
    for n, (a, b) in enumerate(zip(ref, got), 1):
        a, b = json.loads(a), json.loads(b)
        if "setlinfo" not in b:
            diffs = ["yibao gave no result: %s" % json.dumps(b, ensure_ascii=False)]
        else:
            mine = dict(b["setlinfo"], over_cap=b["psn_burden"]["over_cap"])
            diffs = ["%s: decimal %s, yibao %s" % (k, a[k], mine.get(k))
                     for k in a if a[k] != mine.get(k)]
        if diffs:
            bad += 1
            if bad <= 5:
                print("MISMATCH line %d: %s" % (n, "; ".join(diffs)))
    rest_a, rest_b = next(ref, None), next(got, None)
    if rest_a is not None or rest_b is not None:
        print("MISMATCH: the files have different numbers of lines")
        bad += 1
    print("reference.py: %d/%d results identical (%d fields each)" %
          (n - bad if bad <= n else 0, n, len(FIELDS) + 1))
    return 1 if bad else 0


def main(argv):
    if len(argv) == 4 and argv[1] == "--compare":
        with open(argv[2], encoding="utf-8") as ref:
            got = sys.stdin if argv[3] == "-" else open(argv[3], encoding="utf-8")
            return compare(ref, got)
    if len(argv) != 3 or argv[1].startswith("--"):
        sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
        return 2
    src = sys.stdin if argv[2] == "-" else open(argv[2], encoding="utf-8")
    try:
        run(argv[1], src)
    except Unsupported as e:
        sys.stderr.write("reference.py: the table uses what this reference does not know: %s\n" % e)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
