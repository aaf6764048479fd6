# SPDX-License-Identifier: MIT
"""tests/patient/cases.py — a patient at the terminal: issue 13's numbered findings, each
typed as a patient would type it, with what must now happen (exit code, words on the
screen, words that must not be there, a figure). Usage: cases.py YIBAO_BIN

Figures are hand-worked from the tables' cited values (docs/settlement.md), never
recomputed by the code under test:
  宁波 resident inpatient, level 3, 2025: deductible 1200; adult 70%, student 80%.
    10000 → adult (10000 − 1200) × 70% = 6160.00; student × 80% = 7040.00.
  深圳 employee contributions 2025: base floor 6733, individual 2% → 134.66 a month.
Dates are fixed (2025-06-01) where a figure is asserted; the questions about today
leave --date out on purpose."""
import json, os, subprocess, sys

Y = sys.argv[1]
ENV = {k: v for k, v in os.environ.items() if k not in ("YIBAO_TABLES", "LC_ALL", "LC_MESSAGES", "LANG")}
ENV["LANG"] = "C.UTF-8"
D = ["--date", "2025-06-01"]
NB_RES = ["--insured", "宁波", "--scheme", "居民", "--tier", "A", "--setting", "住院", "--level", "三级"]
failed = ran = 0


def case(n, why, args, rc, has=(), lacks=(), fig=None, env=None):
    """Run `yibao args`; assert the exit code, that every `has` is shown and no `lacks` is,
    that an error prints nothing on stdout, and fig = {field: "amount"} on --json."""
    global failed, ran
    ran += 1
    p = subprocess.run([Y] + args, capture_output=True, text=True, env=dict(ENV, **(env or {})), timeout=60)
    shown = p.stdout + p.stderr
    bad = []
    if p.returncode != rc:
        bad.append(f"exit {p.returncode}, expected {rc}")
    if rc != 0 and p.stdout:
        bad.append("an error printed on stdout")
    bad += [f"missing {h!r}" for h in has if h not in shown]
    bad += [f"shows {l!r}" for l in lacks if l in shown]
    if fig:
        r = json.loads(subprocess.run([Y] + args + ["--json"], capture_output=True, text=True, env=ENV).stdout)
        bad += [f"{k} = {r['setlinfo'].get(k)}, expected {v}" for k, v in fig.items() if r["setlinfo"].get(k) != v]
    if bad:
        failed += 1
        print(f"FAIL case {n} ({why}): yibao {' '.join(args)}\n  " + "\n  ".join(bad))
        print("  --- stdout\n" + p.stdout[:1500] + "  --- stderr\n" + p.stderr[:1500])


# 1. Patient words: 学生 is a student (80%), not an adult (70%); 居民/门诊/三级 accepted; help in Chinese.
case(1, "学生 settles as a student", ["estimate"] + NB_RES + ["--person", "学生", "--total", "10000"] + D,
     0, has=["7040.00", "80.00%"], fig={"hifp_pay": "7040.00"})
case(1, "成人 settles as an adult", ["estimate"] + NB_RES + ["--person", "成人", "--total", "10000"] + D,
     0, has=["6160.00"], fig={"hifp_pay": "6160.00"})
case(1, "an unknown person type is refused with the values known",
     ["estimate"] + NB_RES + ["--person", "学童", "--total", "100"] + D, 4, has=["--person", "可选"])
case(1, "help in Chinese with --lang zh", ["estimate", "--help", "--lang", "zh"], 0, has=["用法", "选项", "--tier"])
case(1, "help in Chinese in a Chinese locale", ["filing", "--help"], 0, has=["用法", "备案"],
     env={"LANG": "zh_CN.UTF-8"})
case(1, "the command list in Chinese in a Chinese locale", ["--help"], 0, has=["用法", "估算一次就医", "备案"],
     env={"LANG": "zh_CN.UTF-8"})
case(1, "help in English with --lang en", ["estimate", "--help", "--lang", "en"], 0, has=["usage"], lacks=["用法"])

# 2. Unknown is never zero: no data is refused (exit 3), naming region, care and date.
case(2, "南京 resident inpatient: no data, refused",
     ["estimate", "--insured", "南京", "--scheme", "resident", "--person", "adult", "--setting", "inpatient",
      "--level", "3", "--total", "3000"] + D, 3, has=["南京市", "住院", "2025-06-01", "无法估算"],
     lacks=["0.00"])
case(2, "宁波 employee chronic care: no data, refused",
     ["estimate", "--insured", "宁波", "--scheme", "职工", "--person", "在职", "--setting", "门特", "--level", "三级",
      "--total", "3000"] + D, 3, has=["宁波市", "门诊慢特病", "无法估算"])
case(2, "深圳 employee chronic care: no data, refused, the message before the table's place",
     ["estimate", "--insured", "深圳", "--scheme", "职工", "--setting", "门特", "--level", "三级", "--total", "1000"] + D,
     3, has=["深圳市", "无法估算", "参数表位置"])
case(2, "南充 employee: no data, refused",
     ["estimate", "--insured", "南充", "--scheme", "职工", "--setting", "住院", "--level", "三级", "--total", "1000"] + D,
     3, has=["南充市", "没有职工医保的数据"])
case(2, "上海 employee outpatient 2025-09-05 settles with a fund share, or is refused — never 0.00 silently",
     ["estimate", "--insured", "上海", "--scheme", "职工", "--person", "在职", "--setting", "门诊", "--level", "三级",
      "--total", "3000", "--date", "2025-09-05"], 0, lacks=["统筹基金支付                        0.00"])
case(2, "a date with no rules in force names --lenient",
     ["estimate"] + NB_RES + ["--person", "成人", "--total", "100", "--date", "2019-06-01"], 3,
     has=["没有生效的政策版本", "--lenient"])

# 3. Missing inputs are asked for by their flag, in plain words; defaults are said on the slip.
case(3, "no --tier", ["estimate", "--insured", "宁波", "--scheme", "居民", "--person", "成人", "--setting", "住院",
                      "--level", "三级", "--total", "100"] + D, 4, has=["缺少 --tier", "A、B"],
     lacks=[".json:", "(not given)"])  # no "330200-ningbo.json:1193:19: /editions/…" first
case(3, "no --age where the rules depend on it",
     ["estimate", "--insured", "北京", "--scheme", "职工", "--person", "退休", "--setting", "门诊", "--level", "三级",
      "--total", "1000"] + D, 4, has=["缺少 --age", "年龄"], lacks=["insured.age"])
case(3, "no --level: settled, and the slip says what was assumed",
     ["estimate", "--insured", "宁波", "--scheme", "居民", "--person", "成人", "--tier", "A", "--setting", "住院",
      "--total", "10000"] + D, 0, has=["未提供医院等级"])
case(3, "no cost: asked for, not a 0.00 estimate",
     ["estimate"] + NB_RES + ["--person", "成人"] + D, 2, has=["缺少费用", "--total"])
case(3, "--class-b without a ratio asks for one by its flag",
     ["estimate"] + NB_RES + ["--person", "成人", "--class-b", "50000"] + D, 4,
     has=["--class-b 金额@先行自付比例"], lacks=["selfpay_prop"])
case(3, "--class-b with a ratio: 10% paid first", ["estimate"] + NB_RES + ["--person", "成人", "--class-b", "50000@10%"] + D,
     0, has=["5000.00"], fig={"preselfpay_amt": "5000.00"})

# 4. Every place in China: names, counties, districts, pinyin, typos.
case(4, "treated in 温州 (no table: a place of treatment)",
     ["estimate"] + NB_RES + ["--person", "成人", "--treated", "温州", "--total", "10000"] + D, 0,
     has=["温州市（330300）", "省内异地"])
case(4, "treated in 乌鲁木齐", ["estimate"] + NB_RES + ["--person", "成人", "--treated", "乌鲁木齐", "--filing", "临时",
                                 "--total", "10000"] + D, 0, has=["乌鲁木齐市（650100）", "跨省异地"])
for place in ["慈溪", "余姚市", "海曙区", "ningbo", "330282"]:
    case(4, f"insured in {place} settles in 宁波's pool",
         ["estimate", "--insured", place, "--scheme", "居民", "--person", "成人", "--tier", "A", "--setting", "住院",
          "--level", "三级", "--total", "10000"] + D, 0, has=["宁波市"], fig={"hifp_pay": "6160.00"})
case(4, "a typo gets did-you-mean", ["estimate", "--insured", "宁博", "--scheme", "居民", "--setting", "住院",
                                     "--total", "100"] + D, 4, has=["是否是", "宁波市（330200）"])
case(4, "an insured place without a table says so by name",
     ["estimate", "--insured", "温州", "--scheme", "居民", "--setting", "住院", "--total", "100"] + D, 4,
     has=["温州市（330300）还没有参数表"])

# 5. filing: rows that settle, only options that exist, emergencies as filed, what is unknown said.
case(5, "宁波 → 上海: file first; unfiled care is paid and claimed back, never 'settled directly'",
     ["filing", "--insured", "宁波", "--treated", "上海"], 0,
     has=["跨省异地", "临时外出就医人员备案", "已备案，直接结算", "未备案，回参保地手工报销", "变更或取消备案",
          "手工报销所需材料", "示例假定"],
     lacks=["未备案，直接结算", "/editions", "hifp_pay"])
case(5, "an emergency counts as filed, with no worse unfiled row beside it",
     ["filing", "--insured", "宁波", "--treated", "北京", "--reason", "急诊"], 0,
     has=["急诊抢救视同已备案", "急诊视同已备案，直接结算"], lacks=["未备案，回参保地手工报销"])
case(5, "in-province: unfiled care may still be settled directly",
     ["filing", "--insured", "宁波", "--treated", "温州"], 0, has=["省内异地", "未备案，直接结算"])
case(5, "at home: no filing", ["filing", "--insured", "宁波", "--treated", "慈溪"], 0,
     has=["无需备案", "本地就医，直接结算"], lacks=["未备案"])
case(5, "a resident's example asks for nothing the patient cannot know",
     ["filing", "--insured", "宁波", "--treated", "上海", "--scheme", "居民", "--reason", "转诊"], 0,
     has=["城乡居民医保", "档次 A", "转诊"])

# 6. The account: a region without an account rule says so instead of ignoring the balance.
case(6, "深圳 employee with --balance", ["estimate", "--insured", "深圳", "--scheme", "职工", "--person", "在职",
                                          "--setting", "住院", "--level", "三级", "--total", "10000",
                                          "--balance", "3000"] + D, 0, has=["没有个人账户支付规则"])
case(6, "--family-balance is taken and answered",
     ["estimate", "--insured", "宁波", "--scheme", "职工", "--person", "在职", "--setting", "住院", "--level", "三级",
      "--total", "10000", "--balance", "3000", "--family-balance", "2000"] + D, 0, has=["个人账户"])

# 7. The slip: Chinese labels, field names only with --codes, warnings in its language, caps said.
slip = ["estimate"] + NB_RES + ["--person", "成人", "--total", "10000"] + D
case(7, "Chinese labels, no field names", slip, 0, has=["统筹基金支付", "个人负担合计", "数据依据"],
     lacks=["hifp_pay", "psn_cash_pay"])
case(7, "--codes adds the national field names", slip + ["--codes"], 0, has=["统筹基金支付", "hifp_pay"])
case(7, "English slip, English warnings", ["estimate", "--insured", "深圳", "--scheme", "职工", "--person", "在职",
                                           "--setting", "住院", "--level", "三级", "--total", "10000",
                                           "--balance", "3000", "--lang", "en"] + D, 0,
     has=["basic fund", "no personal-account rule"], lacks=["没有个人账户支付规则"])
case(7, "the annual cap binding is said",
     ["estimate"] + NB_RES + ["--person", "成人", "--total", "900000"] + D, 0, has=["超过统筹基金的年度支付限额"])
case(7, "contrib says the base was raised to the floor", ["contrib", "--region", "深圳", "--base", "1000"] + D, 0,
     has=["低于缴费基数下限", "6733.00", "134.66", "数据依据"])
case(7, "contrib says the base was lowered to the ceiling", ["contrib", "--region", "深圳", "--base", "1000000"] + D,
     0, has=["高于缴费基数上限"])

case(7, "the unfiled warning whole, in English", ["estimate"] + NB_RES + ["--person", "成人", "--treated", "上海",
                                                   "--total", "10000", "--lang", "en"] + D, 0,
     has=["otherwise pay and claim back manually"], lacks=["未备案"])
case(7, "the unfiled warning whole, in Chinese", ["estimate"] + NB_RES + ["--person", "成人", "--treated", "上海",
                                                   "--total", "10000"] + D, 0,
     has=["否则先自付再回参保地手工报销"], lacks=["not filed"])

# Today: a patient's first question has no --date.
case("today", "宁波 resident, today", ["estimate", "--insured", "宁波", "--scheme", "居民", "--person", "学生",
                                      "--tier", "A", "--setting", "门诊", "--level", "社区", "--total", "80"], 0,
     has=["宁波市", "数据依据", "参数版本"])

print(f"patient: {ran - failed} of {ran} cases pass")
sys.exit(1 if failed else 0)
