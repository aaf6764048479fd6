// SPDX-License-Identifier: MIT
// The patient page of `yibao serve` (docs/http.md § The page): a form that becomes a claim,
// sent to /v1/estimate; the filing advice from /v1/filing and, for care away from home,
// the options side by side from /v1/compare. No library, no build step, works offline.
"use strict";

const EN = {
  title: "Medical insurance estimate", lede: "Enter where you are insured, where you are treated and the cost: see what the funds pay and what you pay. An estimate only; the insurer's settlement decides.",
  who: "Your insurance", insured: "Insured in", scheme: "Scheme", employee: "Employee", resident: "Resident",
  person: "Person", in_service: "In service", retired: "Retired", adult: "Adult resident", student: "Student",
  child: "Child", elderly: "Elderly resident", tier: "Contribution tier (residents, e.g. A, B; leave empty if none)",
  age: "Age (some regions need it)", where: "The visit", treated: "Treated in (empty: where insured)",
  setting: "Care", inpatient: "Inpatient", outpatient: "Outpatient", chronic: "Chronic-disease outpatient",
  level: "Hospital level", l3: "Level 3", l2: "Level 2", l1: "Level 1", lc: "Community / primary",
  filing: "Filing for care away from home", f_none: "Not filed (or at home)", f_temp: "Temporary trip",
  f_ref: "Referral", f_em: "Emergency", f_long: "Long-term residence", settlement: "Settlement",
  direct: "Settled directly", manual: "Pay first, claim back at home", date: "Date of the visit",
  cost: "Cost (yuan)", total: "Class A (in policy)", classb: "Class B", classbp: "Class B share paid first (e.g. 10%; empty: the catalogue's)",
  classc: "Class C (fully self-paid)", balance: "Personal account balance (optional)", go: "Estimate",
  slip: "Estimated settlement", filing_h: "Should you file first?", options: "Filing and settlement compared",
  params: "How it was computed, and the sources", print: "Print", foot: "yibao, an open estimator (MIT). Every figure names its source and how far to trust it.",
};
const ROWS = [
  ["medfee_sumamt", "医疗费总额", "Total cost"], ["fulamt_ownpay_amt", "全自费（丙类）", "Fully self-paid (class C)"],
  ["preselfpay_amt", "先行自付（乙类）", "Paid first (class B)"], ["inscp_scp_amt", "符合政策范围", "In policy"],
  ["act_pay_dedc", "起付线（个人先付）", "Deductible"], ["hifp_pay", "统筹基金支付", "Basic fund pays"],
  ["hifob_pay", "职工大额医疗费用补助", "Employee large-expense fund"], ["hifmi_pay", "大病保险支付", "Critical illness insurance"],
  ["cvlserv_pay", "公务员医疗补助", "Civil-servant subsidy"], ["maf_pay", "医疗救助", "Medical assistance"],
  ["oth_pay", "其他基金支付", "Other funds"], ["fund_pay_sumamt", "基金支付合计", "All funds pay"],
  ["psn_part_amt", "个人负担合计", "You pay in all"], ["acct_pay", "其中个人账户支付", "of which the personal account"],
  ["psn_cash_pay", "其中现金支付", "of which cash"],
];
const TRUST = {
  official: ["官方文件（医保局等政府网站或文件原文）", "official documents"],
  "third-party": ["第三方转载（非官方原文，可能与最新规定有出入）", "third-party copies of the rules (may differ from the latest)"],
  unverified: ["未经核实的网页（仅供参考）", "pages that could not be verified (indicative only)"],
};
const OPTS = [["filed", "direct", "已备案，直接结算", "filed, settled directly"],
              ["none", "direct", "未备案，直接结算", "not filed, settled directly"],
              ["none", "manual", "未备案，回参保地手工报销", "not filed, paid and claimed back at home"]];
let en = false;
const $ = (id) => document.getElementById(id);
const say = (zh, eng) => (en ? eng : zh);
// A library message is "中文 / English": the half in the page's language.
const half = (m) => { const i = (m || "").indexOf(" / "); return i < 0 ? m : en ? m.slice(i + 3) : m.slice(0, i); };

function setLang(toEn) {
  en = toEn;
  document.documentElement.lang = en ? "en" : "zh-CN";
  for (const el of document.querySelectorAll("[data-t]")) {
    if (!el.dataset.zh) el.dataset.zh = el.textContent;
    el.textContent = en ? EN[el.dataset.t] || el.dataset.zh : el.dataset.zh;
  }
  $("lang").textContent = en ? "中文" : "English";
  $("lang").setAttribute("aria-label", en ? "中文" : "English");
  if (last) render(last);
}

async function call(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) { init.headers["Content-Type"] = "application/json"; init.body = JSON.stringify(body); }
  const r = await fetch(path, init);
  const j = await r.json();
  if (!r.ok) throw j.error || { message: "HTTP " + r.status };
  return j;
}

// Places as the patient types: 宁, ning, 3302 → the places that begin so.
let timer = 0;
function suggest(input, list) {
  clearTimeout(timer);
  timer = setTimeout(async () => {
    const q = input.value.trim();
    if (!q) return;
    try {
      const j = await call("GET", "/v1/places?max=12&q=" + encodeURIComponent(q));
      list.replaceChildren(...j.places.map((p) => {
        const o = document.createElement("option");
        o.value = p.name;
        o.label = `${p.name}（${p.code}）` + (p.pool_name ? ` · ${p.pool_name}` : say(" · 暂无参数表", " · no table yet"));
        return o;
      }));
    } catch (e) { /* suggestions are a help, not a need */ }
  }, 150);
}

function claimOf(f) {
  const v = (k) => f.elements[k].value.trim();
  const ins = { region: v("insured"), scheme: v("scheme"), person: v("person"), filing: v("filing") };
  if (v("tier")) ins.tier = v("tier");
  if (v("age")) ins.age = Number.parseInt(v("age"), 10);
  const vis = { date: v("date"), setting: v("setting"), level: v("level"), settlement: v("settlement") };
  if (v("treated")) vis.region = v("treated");
  const lines = [];
  if (v("total")) lines.push({ amount: v("total"), class: "A" });
  if (v("classb")) { const b = { amount: v("classb"), class: "B" }; if (v("classbp")) b.selfpay_prop = v("classbp"); lines.push(b); }
  if (v("classc")) lines.push({ amount: v("classc"), class: "C" });
  const c = { insured: ins, visit: vis, lines };
  if (v("balance")) c.account_balance = v("balance");
  return c;
}

// The field a patient changes for an error at a claim path.
const FIELD = { "/insured/region": "insured", "/insured/tier": "tier", "/insured/age": "age", "/insured/person": "person",
  "/visit/region": "treated", "/visit/level": "level", "/visit/date": "date", "/lines": "total" };
function showError(e) {
  const f = Object.keys(FIELD).find((p) => (e.path || "").startsWith(p));
  const label = f ? document.querySelector(`label[for=${FIELD[f]}]`).textContent + say("：", ": ") : "";
  $("error").textContent = label + half(e.message || String(e));
  $("error").hidden = false;
  $("slip").hidden = true;
  $("filing-box").hidden = true;
  if (f) $(FIELD[f]).focus();
}

let last = null, sources = {};
async function sourcesOf(code, date) {
  if (!sources[code]) {
    try { sources[code] = (await call("GET", `/v1/regions/${code}?date=${date}`)).sources || {}; } catch (e) { sources[code] = {}; }
  }
  return sources[code];
}

function render(a) {
  const r = a.result, s = r.setlinfo;
  $("error").hidden = true;
  $("slip").hidden = false;
  $("headline").textContent = say(`${a.insuredName} → ${a.treatedName} · ${r.setlinfo.setl_time}`,
                                  `${a.insuredName} → ${a.treatedName} · ${r.setlinfo.setl_time}`);
  const body = $("figures").tBodies[0];
  body.replaceChildren(...ROWS.filter(([k], i) => i === 0 || k === "hifp_pay" || k === "fund_pay_sumamt" ||
      k === "psn_part_amt" || k === "psn_cash_pay" || (s[k] && s[k] !== "0.00")).map(([k, zh, eng]) => {
    const tr = document.createElement("tr");
    tr.id = "row-" + k;
    const th = document.createElement("th"); th.scope = "row"; th.textContent = say(zh, eng);
    const td = document.createElement("td"); td.id = "fig-" + k; td.textContent = s[k];
    tr.append(th, td);
    return tr;
  }));
  const m = r.manual;
  $("manual").textContent = m ? say(`手工报销：先在医院垫付 ${m.upfront_cash} 元，回参保地报销后退回 ${m.reimbursement} 元。`,
                                    `Manual: pay ${m.upfront_cash} at the hospital, get ${m.reimbursement} back at home.`) : "";
  $("warnings").replaceChildren(...(r.warnings || []).map((w) => { const li = document.createElement("li"); li.textContent = half(w); return li; }));
  const t = TRUST[r.trust.reliability] || ["（无）", "(none)"];
  $("trust").textContent = say(`数据依据：${t[0]}；最近核对于 ${r.trust.checked}。参数版本：${r.trust.editions.join("、")}`,
                               `Figures rest on: ${t[1]}; checked ${r.trust.checked}. Editions: ${r.trust.editions.join(", ")}`);
  $("steps").replaceChildren(...(r.explain || []).map((x) => {
    const li = document.createElement("li");
    li.textContent = en ? x.note_en || x.note : x.note;
    const src = x.source && a.sources[x.source];
    if (src) {
      const link = document.createElement("a");
      link.href = src.url || "#"; link.textContent = ` [${src.title}，${src.reliability}，${src.checked}]`;
      link.rel = "noopener"; li.append(link);
    }
    return li;
  }));
  renderFiling(a);
}

function renderFiling(a) {
  const box = $("filing-box");
  if (!a.filing) { box.hidden = true; return; }
  box.hidden = false;
  const f = a.filing, lines = [];
  const place = { local: ["本地就医，无需备案", "care at home: no filing"], in_province: ["省内异地就医", "in-province care"],
                  cross_province: ["跨省异地就医", "cross-province care"] }[f.place] || [f.place, f.place];
  lines.push(say(place[0], place[1]));
  if (f.filing_needed === false) lines.push(say("无需事先备案", "no filing needed beforehand"));
  const cat = f.category && f.rules && f.rules.categories ? f.rules.categories[f.category] : null;
  if (cat && cat.validity_months) lines.push(say(`备案有效期原则上不少于 ${cat.validity_months} 个月`, `valid for at least ${cat.validity_months} months`));
  if (f.rules && f.rules.channels) lines.push(say("办理渠道：", "Where to file: ") + f.rules.channels.join(say("、", ", ")));
  $("filing-advice").replaceChildren(...lines.map((l) => { const p = document.createElement("p"); p.textContent = l; return p; }));
  const thead = $("options").tHead, tbody = $("options").tBodies[0];
  thead.replaceChildren(row(["", say("统筹基金支付", "Basic fund"), say("基金合计", "All funds"), say("个人负担", "You pay")], "th"));
  tbody.replaceChildren(...a.options.map((o) => row([say(o.zh, o.en), o.r.setlinfo.hifp_pay, o.r.setlinfo.fund_pay_sumamt, o.r.setlinfo.psn_part_amt])));
}

// A table row; its first cell names the row (a header cell, for screen readers too).
function row(cells, tag = "td") {
  const tr = document.createElement("tr");
  cells.forEach((c, i) => {
    const x = document.createElement(i === 0 ? "th" : tag);
    if (i === 0 && tag === "td") x.scope = "row";
    x.textContent = c;
    tr.append(x);
  });
  return tr;
}

async function submit(ev) {
  ev.preventDefault();
  const f = $("visit"), c = claimOf(f);
  $("answer").hidden = false;
  document.body.dataset.state = "busy";
  try {
    if (!c.insured.region) throw { message: "请填写参保地 / give where you are insured", path: "/insured/region" };
    if (!c.lines.length) throw { message: "请填写费用 / give the cost", path: "/lines" };
    const r = await call("POST", "/v1/estimate?explain=1", c);
    const a = { result: r, insuredName: f.elements.insured.value, treatedName: f.elements.treated.value || f.elements.insured.value, options: [] };
    a.sources = await sourcesOf(r.setlinfo.insuplc_admdvs, c.visit.date);
    if (c.visit.region) {
      a.filing = await call("GET", `/v1/filing?insured=${encodeURIComponent(c.insured.region)}&treated=${encodeURIComponent(c.visit.region)}&date=${c.visit.date}`);
      if (a.filing.place !== "local") {
        // Only the options that exist: unfiled cross-province care is not settled directly.
        const filed = c.insured.filing !== "none" ? c.insured.filing : "temporary";
        const opts = OPTS.filter((o) => !(o[0] === "none" && o[1] === "direct" && a.filing.place === "cross_province"));
        for (const o of opts) {
          const v = await call("POST", "/v1/compare", { claim: c, vary: { "insured.filing": [o[0] === "filed" ? filed : "none"], "visit.settlement": [o[1]] } });
          a.options.push({ zh: o[2], en: o[3], r: v.variants[0].result });
        }
      }
    }
    last = a;
    render(a);
  } catch (e) {
    last = null;
    showError(e);
  }
  document.body.dataset.state = "done";
}

function init() {
  $("date").value = new Date().toISOString().slice(0, 10);
  $("lang").addEventListener("click", () => setLang(!en));
  $("print").addEventListener("click", () => window.print());
  $("insured").addEventListener("input", () => suggest($("insured"), $("insured-list")));
  $("treated").addEventListener("input", () => suggest($("treated"), $("treated-list")));
  $("scheme").addEventListener("change", () => { $("person").value = $("scheme").value === "resident" ? "adult" : "in_service"; });
  $("visit").addEventListener("submit", submit);
  // A link may carry the form (?insured=宁波&total=10000…); with run=1 it is submitted as a
  // patient would submit it. The browser test uses this.
  const q = new URLSearchParams(location.search);
  for (const [k, v] of q) if ($("visit").elements[k]) $("visit").elements[k].value = v;
  if (q.get("lang") === "en") setLang(true);
  if (q.get("run") === "1") $("visit").requestSubmit();
}
init();
