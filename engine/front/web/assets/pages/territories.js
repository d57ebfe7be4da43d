// Territories: each territory's roll-up (its reps and every territory
// below it), as a chart per measure and a tree table. With accounts, each
// territory's book first (as `quotaplan territories` measures it): the
// metric per rep of the territories without children against their mean,
// the balance, the book of every territory, and the accounts the carve
// moves away from the CRM's territory column (#/territories?metric=...).
QP.register("territories", {
  render(ctx) {
    const v = ctx.view, h = QP.h, el = ctx.el;
    const measures = v.measures.filter((m) => m.rollup);
    el.appendChild(h("h1", null, "Territories"));
    el.appendChild(h("p", { class: "sub" }, v.territories.length + " territories · a territory's figures include the territories below it"));
    if (v.data.territories) books(ctx, v.data.territories);
    const grid = h("div", { class: "grid" });
    measures.forEach((m, mi) => {
      let ts = v.territories.filter((t) => (t.totals[m.name] || 0) !== 0);
      if (!ts.length) return;
      const many = ts.length > 20;
      if (many) ts = ts.slice().sort((a, b) => b.totals[m.name] - a.totals[m.name] || (a.id < b.id ? -1 : 1)).slice(0, 20);
      const c = QP.card(measures.length > 1 ? "span6" : "span12", m.name + " by territory" + (many ? " (largest 20)" : ""));
      grid.appendChild(c);
      QP.chart(c, {
        type: "bar",
        data: { labels: ts.map((t) => t.id), datasets: [{ label: m.name, data: ts.map((t) => t.totals[m.name]), backgroundColor: QP.color(mi) }] },
        options: { plugins: { legend: { display: false } } },
      }, { format: (x) => QP.amount(x, m.unit), label: "territories " + m.name });
    });
    el.appendChild(grid);
    const totals = {};
    measures.forEach((m) => (totals[m.name] = (v.total[m.name] || []).reduce((a, b) => a + b, 0)));
    const cols = [
      { title: "Territory", get: (t) => t.id, cls: (t) => "indent" + Math.min(5, t.depth) },
      { title: "Name", get: (t) => t.name || "" },
      { title: "Reps", num: true, get: (t) => QP.human(t.reps, false) },
    ];
    measures.forEach((m) => {
      cols.push({ title: m.name + (m.unit ? " (" + m.unit + ")" : ""), num: true, key: "m:" + m.name, get: (t) => QP.num(t.totals[m.name] || 0, m.name) });
      cols.push({ title: "share", num: true, get: (t) => (totals[m.name] ? QP.percent((t.totals[m.name] || 0) / totals[m.name]) : "-") });
    });
    const c = QP.card("span12", "Territory tree");
    c.appendChild(QP.table(cols, v.territories, { id: "territories-table" }));
    el.appendChild(h("div", { class: "grid" }, c));
  },
});

// books draws the territories' books by the metric of the address (the
// potential by default, when the accounts have one).
function books(ctx, d) {
  const v = ctx.view, h = QP.h, el = ctx.el;
  const want = ctx.params.get("metric");
  const bm = d.metrics.find((m) => m.id === want) || d.metrics.find((m) => m.id.includes("potential")) || d.metrics[0];
  if (!bm) return;
  const fmt = (x) => (bm.unit ? QP.amount(x, bm.unit) : QP.human(x, false));
  const cell = (x) => QP.human(x, QP.isCurrency(bm.unit));
  const label = bm.id === "accounts" ? "accounts" : bm.id;
  const names = new Map(v.territories.map((t) => [t.id, t.name]));
  const tool = h("div", { class: "toolbar" }, h("span", { class: "muted" }, "Book measured by"),
    d.metrics.map((m) => h("a", { href: QP.link(["territories"], { metric: m.id }), class: "btn" + (m === bm ? " on" : ""), "data-metric": m.id }, m.id === "accounts" ? "account count" : m.id)));
  el.appendChild(tool);

  const b = bm.balance;
  const kpis = h("div", { class: "grid" });
  kpis.appendChild(QP.kpi("Accounts", QP.human(d.accounts, false), d.unassigned ? QP.human(d.unassigned, false) + " in no territory" : "every one in a territory"));
  kpis.appendChild(QP.kpi("Balance (cv)", b.territories ? b.cv.toFixed(4) : "-", "spread of " + label + " per rep over " + b.territories + " territories without children"));
  kpis.appendChild(QP.kpi("Per rep: mean", b.territories ? fmt(b.mean) : "-", b.territories ? "min " + fmt(b.min) + " · max " + fmt(b.max) : "no territory has a counted rep"));
  kpis.appendChild(QP.kpi("Moves", QP.human(d.move_count, false), d.carved ? "accounts the carve moves from the CRM's territory" : "no carve: the territory column assigns"));
  el.appendChild(kpis);

  const leaves = bm.territories.filter((t) => t.balanced);
  const c = QP.card("span12", label + " per rep, territories without children");
  c.setAttribute("data-book", bm.id);
  el.appendChild(h("div", { class: "grid" }, c));
  QP.chart(c, {
    type: "bar",
    data: {
      labels: leaves.map((t) => t.id),
      datasets: [
        { label: label + " per rep", data: leaves.map((t) => t.per_rep), backgroundColor: leaves.map((t) => (b.mean && t.per_rep > b.mean * 1.25 ? "#f5a524" : b.mean && t.per_rep < b.mean * 0.75 ? "#8e6cef" : "#2f6fde")), order: 1 },
        { type: "line", label: "mean", data: leaves.map(() => b.mean), borderColor: "#5b6b82", borderDash: [5, 4], pointRadius: 0, fill: false, order: 0 },
      ],
    },
  }, { format: fmt, label: "book per rep" });
  c.appendChild(h("p", { class: "muted" }, "Amber: more than 25% above the mean per rep; violet: more than 25% below it. The balance (cv) is the population standard deviation of the per-rep figures over their mean: 0 is perfectly even. Reps counted: those that carry a quota, in the territory or below it."));

  const rows = bm.territories.map((t) => Object.assign({ depth: (v.territories.find((x) => x.id === t.id) || {}).depth || 0 }, t));
  const tc = QP.card("span12", "Books by " + label);
  el.appendChild(h("div", { class: "grid" }, tc));
  tc.appendChild(QP.table([
    { title: "Territory", key: "id", get: (t) => t.id, cls: (t) => "indent" + Math.min(5, t.depth) },
    { title: "Name", get: (t) => names.get(t.id) || "" },
    { title: "Accounts", key: "accounts", num: true, get: (t) => QP.human(t.accounts, false) },
    { title: bm.id === "accounts" ? "Metric" : bm.id + (bm.unit ? " (" + bm.unit + ")" : ""), key: "metric", num: true, get: (t) => cell(t.metric) },
    { title: "Reps", key: "reps", num: true, get: (t) => QP.human(t.reps, false) },
    { title: "Per rep", key: "per_rep", num: true, get: (t) => (t.reps ? cell(t.per_rep) : "-") },
    { title: "In balance", get: (t) => (t.balanced ? "yes" : t.leaf ? "no rep" : "") },
  ], rows, { id: "books-table" }));
  tc.appendChild(h("p", { class: "muted", id: "books-balance" }, b.territories + " territories · mean " + fmt(b.mean) + " · cv " + b.cv.toFixed(4) + " · min " + fmt(b.min) + " · max " + fmt(b.max) +
    (d.unassigned ? " · " + QP.human(d.unassigned, false) + " accounts in no territory (" + cell(bm.unassigned) + ")" : "")));

  const mc = QP.card("span12", "Moves against the CRM's territory column (" + QP.human(d.move_count, false) + ")");
  el.appendChild(h("div", { class: "grid" }, mc));
  if (!d.moves.length) {
    mc.appendChild(h("p", { class: "empty" }, d.carved ? "The carve keeps every account where the CRM has it." : "The plan has no carve: each account is where its territory column puts it."));
  } else {
    const flows = new Map();
    d.moves.forEach((m) => {
      const k = m.from + " → " + (m.to || "no territory");
      flows.set(k, (flows.get(k) || 0) + 1);
    });
    const fl = Array.from(flows.entries()).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 15);
    QP.chart(mc, {
      type: "bar",
      data: { labels: fl.map((x) => x[0]), datasets: [{ label: "accounts moved", data: fl.map((x) => x[1]), backgroundColor: "#17b3c9" }] },
      options: { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { ticks: { precision: 0 } } } },
    }, { label: "moves", size: fl.length > 6 ? "" : "short", format: (x) => QP.human(x, false) });
    mc.appendChild(QP.table([
      { title: "Account", key: "account", get: (m) => m.account },
      { title: "Name", get: (m) => m.name || "" },
      { title: "From (CRM)", key: "from", get: (m) => m.from },
      { title: "To (carve)", key: "to", get: (m) => m.to || "no territory" },
    ], d.moves.slice(0, 200), { id: "moves-table" }));
    if (d.move_count > 200) mc.appendChild(h("p", { class: "muted" }, "… and " + QP.human(d.move_count - 200, false) + " more; quotaplan territories lists them all."));
  }
  el.appendChild(h("h2", { class: "section" }, "Quota roll-ups"));
}
