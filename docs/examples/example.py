# SPDX-License-Identifier: MIT
"""example.py — call libyibao from Python through ctypes (docs/ffi.md).
Usage: python3 example.py /path/to/libyibao.so"""
import ctypes, json, sys

lib = ctypes.CDLL(sys.argv[1] if len(sys.argv) > 1 else "libyibao.so")

class Error(ctypes.Structure):  # yb_error, as in yibao.h
    _fields_ = [("code", ctypes.c_int), ("line", ctypes.c_int), ("column", ctypes.c_int),
                ("source", ctypes.c_char * 512), ("path", ctypes.c_char * 256), ("text", ctypes.c_char * 512)]

vp = ctypes.c_void_p
lib.yb_tables_open.argtypes = [ctypes.POINTER(vp), ctypes.c_char_p, ctypes.POINTER(Error)]
lib.yb_engine_new.argtypes = [ctypes.POINTER(vp), vp, ctypes.POINTER(Error)]
lib.yb_estimate_json.argtypes = [ctypes.POINTER(ctypes.c_void_p), vp, ctypes.c_char_p, ctypes.c_size_t, vp, ctypes.POINTER(Error)]
lib.yb_free.argtypes = [vp]
lib.yb_engine_free.argtypes = [vp]
lib.yb_tables_free.argtypes = [vp]

err, tables, engine, out = Error(), vp(), vp(), ctypes.c_void_p()
if lib.yb_tables_open(ctypes.byref(tables), None, ctypes.byref(err)) or \
   lib.yb_engine_new(ctypes.byref(engine), tables, ctypes.byref(err)):
    sys.exit(err.text.decode())
claim = json.dumps({"insured": {"region": "宁波", "scheme": "resident", "person": "student", "tier": "A"},
                    "visit": {"date": "2023-06-01", "setting": "outpatient", "level": "community"},
                    "lines": [{"amount": "80", "class": "A"}]}, ensure_ascii=False).encode()
if lib.yb_estimate_json(ctypes.byref(out), engine, claim, len(claim), None, ctypes.byref(err)):
    sys.exit(f"{err.source.decode()}:{err.line}:{err.column}: {err.path.decode()}: {err.text.decode()}")
result = json.loads(ctypes.string_at(out.value).decode())
lib.yb_free(out)
print("hifp_pay", result["setlinfo"]["hifp_pay"], "psn_cash_pay", result["setlinfo"]["psn_cash_pay"])
lib.yb_engine_free(engine)
lib.yb_tables_free(tables)
