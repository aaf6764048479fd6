# SPDX-License-Identifier: MIT
"""tests/browser.py — the patient page in a real browser: starts `yibao serve` on a free
loopback port, has headless Chromium (Debian's `chromium`) load the page with the form
filled in from the address and submitted as a patient submits it, reads the figures the
page shows, and asserts they equal `yibao estimate` for the same input, to the fen. It
also checks the English toggle's labels and saves a screenshot (serve-page.png).
Usage: browser.py YIBAO_BIN OUT_DIR"""
import html.parser, json, os, re, shutil, subprocess, sys, tempfile, time, urllib.parse

Y, OUT = sys.argv[1], sys.argv[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    sys.exit("browser.py: chromium is not installed (apt-get install chromium)")

log = tempfile.NamedTemporaryFile(prefix="yb_browser_", suffix=".log", delete=False).name
srv = subprocess.Popen([Y, "serve", "--listen", "127.0.0.1:0", "--access-log", log],
                       stdout=subprocess.PIPE, text=True)
try:
    port = int(re.search(r"127\.0\.0\.1:(\d+)/", srv.stdout.readline()).group(1))
    profile = tempfile.mkdtemp(prefix="yb_chromium_")

    def chromium(*args, url):
        return subprocess.run([CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-proxy-server",
                               "--no-first-run", "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--virtual-time-budget=20000",
                               *args, url], capture_output=True, text=True, timeout=120)

    # A 宁波 resident adult, in hospital in 上海 unfiled, paying first and claiming back:
    # 50 000 in class A, 8 000 in class B with 10% paid first.
    form = {"insured": "宁波", "treated": "上海", "scheme": "resident", "person": "adult", "tier": "A",
            "setting": "inpatient", "level": "3", "filing": "none", "settlement": "manual",
            "date": "2025-06-01", "total": "50000", "classb": "8000", "classbp": "10%", "run": "1"}
    url = f"http://127.0.0.1:{port}/?" + urllib.parse.urlencode(form)
    dom = chromium("--dump-dom", url=url).stdout

    class Cells(html.parser.HTMLParser):
        """The text of every element with an id: the page's figures are td#fig-<field>."""
        def __init__(self):
            super().__init__()
            self.cells, self.stack = {}, []
        def handle_starttag(self, tag, attrs):
            self.stack.append(dict(attrs).get("id"))
        def handle_endtag(self, tag):
            if self.stack:
                self.stack.pop()
        def handle_data(self, data):
            for i in self.stack:
                if i:
                    self.cells[i] = self.cells.get(i, "") + data
    p = Cells()
    p.feed(dom)
    shown = {k[4:]: v.strip() for k, v in p.cells.items() if k.startswith("fig-")}

    cli = json.loads(subprocess.run(
        [Y, "estimate", "--json", "--insured", "宁波", "--treated", "上海", "--scheme", "resident", "--person", "adult",
         "--tier", "A", "--setting", "inpatient", "--level", "3", "--filing", "none", "--settlement", "manual",
         "--date", "2025-06-01", "--total", "50000", "--class-b", "8000@10%"],
        capture_output=True, text=True, check=True).stdout)["setlinfo"]
    failed = []
    for k in ["medfee_sumamt", "preselfpay_amt", "hifp_pay", "fund_pay_sumamt", "psn_part_amt", "psn_cash_pay"]:
        if shown.get(k) != cli[k]:
            failed.append(f"{k}: the page shows {shown.get(k)!r}, yibao estimate says {cli[k]!r}")
    if "垫付" not in p.cells.get("manual", ""):
        failed.append("no manual-reimbursement line (先在医院垫付 …)")
    if "跨省异地" not in p.cells.get("filing-advice", ""):
        failed.append("no filing advice for 上海")
    options = p.cells.get("options", "")
    if "未备案，直接结算" in options or "已备案，直接结算" not in options:
        failed.append(f"filing options wrong: {options!r}")
    if "数据依据" not in p.cells.get("trust", ""):
        failed.append("no reliability line")
    # English, and an error said in the patient's words at the field to change.
    dom_en = chromium("--dump-dom", url=url + "&lang=en").stdout
    if "Basic fund pays" not in dom_en or "Insured in" not in dom_en:
        failed.append("the English toggle did not switch the labels")
    bad = dict(form, insured="宁博")
    dom_bad = chromium("--dump-dom", url=f"http://127.0.0.1:{port}/?" + urllib.parse.urlencode(bad)).stdout
    if "是否是：宁波市" not in dom_bad:
        failed.append("a mistyped place got no suggestion on the page")
    os.makedirs(OUT, exist_ok=True)
    shot = os.path.join(OUT, "serve-page.png")
    chromium(f"--screenshot={shot}", "--window-size=1000,2200", url=url)
    if not os.path.exists(shot) or os.path.getsize(shot) < 10000:
        failed.append("no screenshot")
    for f in failed:
        print("FAIL", f)
    print(f"browser: {len(shown)} figures shown, {'none' if not failed else len(failed)} wrong; screenshot {shot}")
    sys.exit(1 if failed else 0)
finally:
    srv.terminate()
    srv.wait(timeout=30)
    os.unlink(log)
