/* SPDX-License-Identifier: MIT */
// example.js — Node without an FFI: stream claims through `yibao batch` (docs/ffi.md).
// Usage: node example.js /path/to/yibao
const { spawn } = require("child_process");
const readline = require("readline");

const yibao = spawn(process.argv[2] || "yibao", ["batch"]);
const claims = [80, 200, 5000].map((total) => ({
  insured: { region: "宁波", scheme: "resident", person: "student", tier: "A" },
  visit: { date: "2023-06-01", setting: "outpatient", level: "community" },
  lines: [{ amount: String(total), class: "A" }],
}));
const out = readline.createInterface({ input: yibao.stdout });
let n = 0;
out.on("line", (line) => {
  const r = JSON.parse(line); // one result (or {"error": …}) per claim, in order
  if (r.error) console.log("claim", n, "error", r.error.message);
  else console.log("claim", n, "hifp_pay", r.setlinfo.hifp_pay, "psn_cash_pay", r.setlinfo.psn_cash_pay);
  n++;
});
yibao.on("close", (code) => process.exit(code));
for (const c of claims) yibao.stdin.write(JSON.stringify(c) + "\n");
yibao.stdin.end();
