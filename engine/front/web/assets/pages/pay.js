// Pay: for each comp block, the payout curve (attainment -> payout
// factor, with its tiers and where the cap binds), the cost curve at
// uniform attainment (payout bars, cost of sale as a line: the figures of
// `quotaplan comp`), target pay against payout by period, and the reps'
// payouts in a table that sorts and pages. Its state is in the address,
// per comp: #/pay?sort_ae=tp&desc_ae=1&page_ae=2.
const PAY_PAGE = 50;

QP.register("pay", {
  render(ctx) {
    const d = ctx.view.data.pay, h = QP.h, el = ctx.el;
    el.appendChild(h("h1", null, "Pay"));
    el.appendChild(h("p", { class: "sub" }, "Compensation as of " + d.as_of + " · amounts in " + d.currency + " · a period is paid once it has ended"));
    const roles = new Map(ctx.view.reps.map((r) => [r.id, r]));
    d.comps.forEach((c) => compSection(ctx, d, c, roles));
  },
});

// payCell is a period's payout as the terminal shows it: "9,000 (150%)"
// once paid, "open" until then, "-" when the comp's measure has no
// actuals.
function payCell(c, row, k) {
  if (!c.paid) return "-";
  if (k < row.p.length) return QP.money(row.p[k]) + " (" + wholePercent(row.a[k]) + ")";
  return "open";
}

// wholePercent is a percent the data carries rounded (web.PayRow), as
// strconv prints it: "-0%" for a small negative attainment.
function wholePercent(r) {
  return (r < 0 || Object.is(r, -0) ? "-" : "") + Math.abs(r) + "%";
}

// tierWords names what a tier does to the curve.
function tierWords(t) {
  if (t.rate === 0) return "pays nothing";
  if (t.from < 1 && t.rate < 1) return "decelerator";
  if (t.from < 1 && t.rate > 1) return "catch-up";
  if (t.from >= 1 && t.rate > 1) return "accelerator";
  return "linear";
}

function compSection(ctx, d, c, roles) {
  const h = QP.h, el = ctx.el, p = ctx.params;
  const sec = h("section", { class: "comp", "data-comp": c.id });
  el.appendChild(sec);
  sec.appendChild(h("h2", { class: "comp-title" }, "Comp " + c.id + " · " + c.measure + " · paid by " + c.period, c.at ? [" ", QP.at(c.at)] : null));
  const paidPeriods = c.periods.filter((x) => x.payout !== null).length;
  sec.appendChild(h("div", { class: "grid" },
    QP.kpi("Reps", QP.human(c.reps, false)),
    QP.kpi("Target pay", QP.money(c.target_pay), "a year at 100% attainment"),
    QP.kpi("Paid to date", c.payout === null ? "-" : QP.money(c.payout), c.paid ? paidPeriods + " of " + c.periods.length + " periods paid" : "no actual block for " + c.measure),
    QP.kpi("Cost of sale at 100%", costAt(c, 1), "payout against bookings")));

  // The payout curve: a line on a linear attainment axis, the tiers'
  // starts and the cap marked.
  const cc = QP.card("span6", "Payout curve (attainment \u2192 payout factor)");
  const marks = c.tiers.filter((t) => t.from <= c.curve[c.curve.length - 1].a).map((t) => ({ x: t.from, y: factorAt(c, t.from) }));
  const sets = [
    { label: "payout factor", data: c.curve.map((q) => ({ x: q.a, y: q.f })), borderColor: QP.color(0), backgroundColor: QP.color(0), pointRadius: 0, borderWidth: 2, fill: false },
    { label: "tier starts", data: marks, borderColor: QP.color(2), backgroundColor: QP.color(2), showLine: false, pointRadius: 5 },
  ];
  if (c.cap_at !== null) sets.push({ label: "cap " + c.cap + "x binds", data: [{ x: c.cap_at, y: c.cap }], borderColor: QP.color(4), backgroundColor: QP.color(4), showLine: false, pointRadius: 6, pointStyle: "rectRot" });
  QP.chart(cc, {
    type: "line",
    data: { datasets: sets },
    options: {
      interaction: { mode: "nearest", intersect: false },
      scales: { x: { type: "linear", min: 0, ticks: { callback: (v) => QP.percent(v) }, title: { display: true, text: "attainment" } } },
      plugins: { tooltip: { callbacks: { title: (items) => (items.length ? "attainment " + QP.percent(items[0].parsed.x) : "") } } },
    },
  }, { format: (v) => QP.human(v, false) + "x", label: "payout curve " + c.id });
  cc.appendChild(QP.table([
    { title: "From", num: true, get: (t) => QP.percent(t.from) },
    { title: "Rate", num: true, get: (t) => QP.human(t.rate, false) },
    { title: "", get: (t) => tierWords(t) },
  ], c.tiers, { id: "pay-tiers-" + c.id }));
  cc.appendChild(h("p", { class: "muted", "data-cap": c.id }, c.cap === null ? "No cap: the curve keeps rising." :
    c.cap_at === null ? "Capped at " + QP.human(c.cap, false) + "x a period's target pay (the tiers never reach it)." :
      "Capped at " + QP.human(c.cap, false) + "x a period's target pay, reached at " + QP.percent(c.cap_at) + " attainment."));

  // The cost curve: payout bars, cost of sale as a line on its own axis.
  const kc = QP.card("span6", "Cost curve (every rep at the same attainment)");
  const currency = QP.isCurrency(c.unit);
  QP.chart(kc, {
    type: "bar",
    data: {
      labels: c.cost.map((x) => QP.percent(x.attainment)),
      datasets: [
        { label: "payout", data: c.cost.map((x) => x.payout), backgroundColor: QP.color(0), yAxisID: "y", order: 1 },
        { type: "line", label: currency ? "cost of sale" : "pay per unit", data: c.cost.map((x) => x.cost_of_sale), borderColor: QP.color(6), backgroundColor: QP.color(6), yAxisID: "y1", order: 0 },
      ],
    },
    options: {
      scales: { y1: { position: "right", beginAtZero: true, grid: { display: false }, ticks: { callback: (v) => (currency ? QP.percent(v) : QP.money(v)) } } },
      plugins: { tooltip: { callbacks: { label: (it) => it.dataset.label + ": " + (it.dataset.yAxisID === "y1" ? costText(it.parsed.y, currency) : QP.money(it.parsed.y)) } } },
    },
  }, { format: (v) => QP.money(v), label: "cost curve " + c.id });
  kc.appendChild(QP.table([
    { title: "Attainment", key: "attainment", num: true, get: (x) => String(x.attainment * 100) + "%" },
    { title: "Factor", key: "factor", num: true, get: (x) => x.factor.toFixed(2) },
    { title: "Payout", key: "payout", num: true, get: (x) => QP.money(x.payout) },
    { title: "Bookings", key: "bookings", num: true, get: (x) => QP.human(x.bookings, currency) },
    { title: "Cost of sale", key: "cos", num: true, get: (x) => costText(x.cost_of_sale, currency) },
  ], c.cost, { id: "pay-cost-" + c.id }));
  sec.appendChild(h("div", { class: "grid" }, cc, kc));

  // Target pay against payout by period.
  const pc = QP.card("span12", "Target pay against payout by " + c.period);
  QP.chart(pc, {
    type: "bar",
    data: {
      labels: c.periods.map((x) => x.id),
      datasets: [
        { label: "target pay", data: c.periods.map((x) => x.target_pay), backgroundColor: "#cfd6e2" },
        { label: "payout", data: c.periods.map((x) => x.payout), backgroundColor: QP.color(1) },
      ],
    },
  }, { format: (v) => QP.money(v), label: "target pay and payout " + c.id, size: "short" });
  sec.appendChild(h("div", { class: "grid" }, pc));

  // The reps.
  const ids = c.periods.map((x) => x.id);
  const cols = [
    { title: "Rep", key: "id", get: (r) => QP.repLink(r.id), sort: (r) => r.id },
    { title: "Name", key: "name", get: (r) => (roles.get(r.id) || {}).name || "", sort: (r) => (roles.get(r.id) || {}).name || "" },
    { title: "Role", key: "role", get: (r) => (roles.get(r.id) || {}).role || "-", sort: (r) => (roles.get(r.id) || {}).role || "" },
    { title: "Target pay", key: "tp", num: true, get: (r) => QP.money(r.tp), sort: (r) => r.tp },
  ];
  ids.forEach((pid, k) => cols.push({ title: pid, key: "p:" + pid, num: true, get: (r) => payCell(c, r, k), sort: (r) => (k < r.p.length ? r.p[k] : -Infinity) }));
  cols.push({ title: "Payout", key: "out", num: true, get: (r) => (c.paid ? QP.money(r.out) : "-"), sort: (r) => r.out });
  const sortKey = p.get("sort_" + c.id) || "", desc = p.get("desc_" + c.id) === "1";
  const si = cols.findIndex((x) => x.key === sortKey);
  let rows = c.rows;
  if (si >= 0) {
    const get = cols[si].sort;
    rows = rows.slice().sort((a, b) => {
      const x = get(a), y = get(b);
      const k = typeof x === "number" && typeof y === "number" ? (x === y ? 0 : x < y ? -1 : 1) : String(x).localeCompare(String(y));
      return (desc ? -k : k) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    });
  }
  const pages = Math.max(1, Math.ceil(rows.length / PAY_PAGE));
  const page = Math.min(Math.max(1, parseInt(p.get("page_" + c.id) || "1", 10) || 1), pages);
  const tc = QP.card("span12", "Reps: target pay and payouts to date");
  tc.appendChild(QP.table(cols, rows.slice((page - 1) * PAY_PAGE, page * PAY_PAGE), {
    id: "pay-table-" + c.id,
    sortIndex: si,
    desc: desc,
    onSort: (i) => QP.setParams({ ["sort_" + c.id]: cols[i].key, ["desc_" + c.id]: si === i && !desc ? "1" : "", ["page_" + c.id]: "" }),
    empty: "The comp applies to no rep that carries " + c.measure + ".",
  }));
  tc.appendChild(h("div", { class: "steps" },
    h("span", { class: "step" }, "Total target pay ", h("b", { class: "pay-total-tp" }, QP.money(c.target_pay))),
    h("span", { class: "step" }, "Total paid ", h("b", { class: "pay-total-out" }, c.payout === null ? "-" : QP.money(c.payout)))));
  tc.appendChild(h("div", { class: "pager" },
    h("button", { disabled: page <= 1, onclick: () => QP.setParams({ ["page_" + c.id]: String(page - 1) }) }, "Previous"),
    h("span", { id: "pay-page-" + c.id }, "page " + page + " of " + pages),
    h("button", { disabled: page >= pages, onclick: () => QP.setParams({ ["page_" + c.id]: String(page + 1) }) }, "Next")));
  sec.appendChild(h("div", { class: "grid" }, tc));
}

// factorAt is the factor of the curve's sample at attainment a.
function factorAt(c, a) {
  const q = c.curve.find((x) => x.a === a);
  return q ? q.f : null;
}

// costAt is the cost of sale at attainment a, when it is a cost point.
function costAt(c, a) {
  const x = c.cost.find((k) => k.attainment === a);
  return x ? costText(x.cost_of_sale, QP.isCurrency(c.unit)) : "-";
}

// costText is a cost of sale as `quotaplan comp` prints it: a percentage
// of the bookings with one decimal, or the pay per unit of a measure that
// is not money.
function costText(v, currency) {
  if (v === null || v === undefined) return "-";
  return currency ? QP.percent1(v) : QP.money(Math.round(v * 100) / 100) + " per unit";
}

// QP.repPay adds a card per comp of the rep to the rep page: its target
// pay, payout to date and each period's target pay against its payout.
QP.repPay = function (ctx, id, detail) {
  const d = ctx.view.data.pay, h = QP.h;
  if (!d) return;
  d.comps.forEach((c) => {
    const row = c.rows.find((r) => r.id === id);
    if (!row) return;
    // each period's target pay: target pay x quota(P) / quota(FY), to the
    // cent, from the rep's quota months (the engine's sum, in month order)
    const q = (detail.quotas || []).find((x) => x.measure === c.measure);
    const tps = c.periods.map((pp) => {
      if (!q || !q.total) return 0;
      const pq = pp.months.reduce((a, m) => a + q.periods[m], 0);
      return Math.round((row.tp * pq) / q.total * 100) / 100;
    });
    const card = QP.card("span12", "Pay · comp " + c.id + " on " + c.measure + ", paid by " + c.period);
    card.setAttribute("data-pay", c.id);
    card.appendChild(h("div", { class: "steps" },
      h("span", { class: "step" }, "Target pay ", h("b", { class: "pay-tp" }, QP.money(row.tp))),
      h("span", { class: "step" }, "Paid to date ", h("b", { class: "pay-out" }, c.paid ? QP.money(row.out) : "-")),
      h("span", { class: "step" }, "As of ", h("b", null, d.as_of))));
    QP.chart(card, {
      type: "bar",
      data: {
        labels: c.periods.map((x) => x.id),
        datasets: [
          { label: "target pay", data: tps, backgroundColor: "#cfd6e2" },
          { label: "payout", data: c.periods.map((x, k) => (k < row.p.length ? row.p[k] : null)), backgroundColor: QP.color(1) },
        ],
      },
    }, { format: (v) => QP.money(v), label: "pay " + c.id, size: "short" });
    card.appendChild(QP.table([
      { title: "Period", get: (k) => c.periods[k].id },
      { title: "Target pay", key: "tp", num: true, get: (k) => QP.money(tps[k]) },
      { title: "Payout (attainment)", key: "payout", num: true, get: (k) => payCell(c, row, k) },
    ], c.periods.map((_, k) => k), { id: "rep-pay-" + c.id }));
    ctx.el.appendChild(h("div", { class: "grid" }, card));
  });
};
