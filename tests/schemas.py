# SPDX-License-Identifier: MIT
"""tests/schemas.py — validate the project's data against docs/schema/ (JSON Schema 2020-12):
every table in tables/, every case in tests/examples/ (with its inline tables and claims),
and the results of settling every case's claims (yibao estimate --json).
Usage: schemas.py YIBAO_BIN SRC_DIR"""
import glob, json, os, subprocess, sys, tempfile
import jsonschema

binary, src = sys.argv[1], sys.argv[2]
schemas = {}
for f in glob.glob(os.path.join(src, "docs/schema/*.schema.json")):
    s = json.load(open(f, encoding="utf-8"))
    schemas[s["$id"]] = s
def validator(name):
    sid = f"https://yibao.invalid/schema/{name}.schema.json"
    try:  # jsonschema ≥ 4.18
        from referencing import Registry, Resource
        reg = Registry().with_resources([(k, Resource.from_contents(v)) for k, v in schemas.items()])
        return jsonschema.Draft202012Validator(schemas[sid], registry=reg)
    except ImportError:  # Debian 12's 4.10
        res = jsonschema.RefResolver(base_uri=sid, referrer=schemas[sid], store=schemas)
        return jsonschema.Draft202012Validator(schemas[sid], resolver=res)
V = {n: validator(n) for n in ["yibao-table-2", "yibao-claim-1", "yibao-result-1", "yibao-case-1"]}
failed = checked = 0
def check(kind, doc, where):
    global failed, checked
    checked += 1
    errs = sorted(V[kind].iter_errors(doc), key=lambda e: list(e.absolute_path))
    for e in errs[:3]:
        print(f"{where}: /{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}")
    failed += bool(errs)
for f in sorted(glob.glob(os.path.join(src, "tables/*.json"))):
    check("yibao-table-2", json.load(open(f, encoding="utf-8")), f)
results = 0
for f in sorted(glob.glob(os.path.join(src, "tests/examples/*.json"))):
    case = json.load(open(f, encoding="utf-8"))
    check("yibao-case-1", case, f)
    for i, v in enumerate(case.get("visits", [])):
        if "claim" not in v:
            continue
        check("yibao-claim-1", v["claim"], f"{f}#/visits/{i}/claim")
        if case.get("table", {}).get("ref"):
            # A result of the project's tables: settle the claim and validate the result.
            with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as t:
                json.dump(v["claim"], t, ensure_ascii=False)
            p = subprocess.run([binary, "estimate", "--json", t.name], capture_output=True, text=True)
            os.unlink(t.name)
            if p.returncode == 0:
                check("yibao-result-1", json.loads(p.stdout), f"result of {f}#/visits/{i}")
                results += 1
# The schemas must also refuse: each of these is wrong in one place.
table = json.load(open(os.path.join(src, "tables/330200-ningbo.json"), encoding="utf-8"))
bad = [("yibao-table-2", dict(table, version=2), "an unknown top-level key"),
       ("yibao-table-2", dict(table, sources={}), "no sources"),
       ("yibao-claim-1", {"insured": {"region": "宁波", "scheme": "worker"}, "visit": {"date": "2023-06-01", "setting": "inpatient"}, "lines": []}, "an unknown scheme"),
       ("yibao-claim-1", {"insured": {"region": "宁波", "scheme": "resident"}, "visit": {"date": "2023-06-01", "setting": "inpatient"}}, "neither lines nor fees"),
       ("yibao-claim-1", {"insured": {"region": "宁波", "scheme": "resident"}, "visit": {"date": "2023-06-01", "setting": "inpatient"}, "lines": [{"amount": "1.234", "class": "A"}]}, "three decimals"),
       ("yibao-result-1", {"format": "yibao-result/1"}, "a result without setlinfo"),
       ("yibao-case-1", {"format": "yibao-case/1", "id": "x", "source": {"title": "t"}, "table": {"ref": "330200"}, "visits": [{"claim": {}, "expect": {}}], "status": "xfail"}, "xfail without a reason")]
t2 = json.loads(json.dumps(table))
t2["editions"][0]["schemes"]["resident"]["inpatient"]["deductible"] = 300
bad.append(("yibao-table-2", t2, "a JSON number for an amount"))
for kind, doc, why in bad:
    if V[kind].is_valid(doc):
        print(f"schema {kind} accepts {why}")
        failed += 1
    checked += 1
print(f"schemas: {checked} documents checked ({results} results, {len(bad)} refusals)")
print(f"{checked - failed} passed, {failed} failed")
sys.exit(1 if failed or results < 20 else 0)
