// Attainment (a plan with actual, pipeline or forecast blocks): how the
// ramped reps are distributed over the attainment bands, the share at or
// above quota against the healthy 60-70%, quota to date against actual
// by month and per rep (a table that sorts, filters and pages), the
// forecast accuracy by month and the rows no rep was credited for. Its
// state is in the address: #/attainment?m=new_arr&sort=att&desc=1&page=2.
const PAGE = 50;
let HEALTHY = [0.6, 0.7]; // the view's data.attainment.healthy (web.HealthyFrom, HealthyTo)

QP.register("attainment", {
  render(ctx) {
    const v = ctx.view, h = QP.h, el = ctx.el, p = ctx.params;
    const d = v.data.attainment;
    HEALTHY = d.healthy;
    el.appendChild(h("h1", null, "Attainment"));
    if (!d.measures.length) {
      el.appendChild(h("p", { class: "empty" }, "No measure has actual, pipeline or forecast blocks."));
      return;
    }
    const am = d.measures.find((x) => x.measure === p.get("m")) || d.measures.find((x) => x.actual) || d.measures[0];
    const unit = am.unit;
    const amt = (x) => QP.amount(x, unit);
    el.appendChild(h("p", { class: "sub" }, "as of " + d.as_of + " · " + am.measure + (unit ? " (" + unit + ")" : "") +
      " · attainment is actual to date over quota to date (each month's quota times the share of it elapsed)"));
    if (d.measures.length > 1) {
      const sel = h("select", { id: "att-measure", "aria-label": "measure" }, d.measures.map((x) => h("option", { value: x.measure, selected: x === am }, x.measure)));
      sel.addEventListener("change", () => QP.setParams({ m: sel.value, page: "", sort: "" }));
      el.appendChild(h("div", { class: "toolbar" }, sel));
    }

    const kpis = h("div", { class: "grid" });
    kpis.appendChild(QP.kpi("Actual to date", amt(am.actual_total), "of " + amt(am.quota_to_date) + " quota to date"));
    kpis.appendChild(QP.kpi("Attainment", am.quota_to_date ? QP.percent1(am.actual_total / am.quota_to_date) : "-", am.fy ? QP.percent1(am.actual_total / am.fy) + " of the FY quota of " + amt(am.fy) : "reps with a quota"));
    if (am.actual) {
      kpis.appendChild(QP.kpi("At or above quota", QP.human(am.at_or_above, false) + " of " + QP.human(am.reps, false), am.reps ? QP.percent1(am.share) + " of ramped reps · healthy " + QP.human(HEALTHY[0] * 100, false) + "-" + QP.human(HEALTHY[1] * 100, false) + "%" : am.verdict));
      kpis.appendChild(QP.kpi("Median attainment", am.median === null ? "-" : QP.percent1(am.median), "ramped reps with a quota to date"));
    }
    el.appendChild(kpis);

    if (am.actual) {
      const row = h("div", { class: "grid" });
      const c = QP.card("span8", "Distribution of attainment: " + QP.human(am.reps, false) + " ramped reps with a quota to date");
      row.appendChild(c);
      QP.chart(c, {
        type: "bar",
        data: {
          labels: am.bands.map((b) => b.label),
          datasets: [{ label: "reps", data: am.bands.map((b) => b.reps), backgroundColor: am.bands.map((b) => (b.from >= 1 ? "#35c28a" : b.from >= 0.8 ? "#f5a524" : "#f04438")) }],
        },
        options: { plugins: { legend: { display: false } }, scales: { y: { ticks: { precision: 0 } } } },
      }, { label: "attainment distribution", size: "short", format: (x) => QP.human(x, false) });
      c.appendChild(h("p", { class: "muted" }, "Green: at or above quota; amber: 80-100%; red: below 80%. A rep is counted once ramped (ramp factor 1 and active every elapsed day)."));
      const g = QP.card("span4", "Share at or above quota");
      row.appendChild(g);
      QP.chart(g, {
        type: "bar",
        data: {
          labels: ["at or above"],
          datasets: [
            { label: "this plan", data: [am.share * 100], backgroundColor: healthy(am) ? "#35c28a" : "#2f6fde", grouped: false, barPercentage: 0.45, order: 1 },
            { label: "healthy " + QP.human(HEALTHY[0] * 100, false) + "-" + QP.human(HEALTHY[1] * 100, false) + "%", data: [[HEALTHY[0] * 100, HEALTHY[1] * 100]], backgroundColor: "rgba(53,194,138,0.22)", borderColor: "#35c28a", borderWidth: 1, grouped: false, barPercentage: 1, categoryPercentage: 1, order: 2 },
          ],
        },
        options: { indexAxis: "y", scales: { x: { min: 0, max: 100 } } },
      }, { label: "share at or above quota", size: "short", format: (x) => (Array.isArray(x) ? x.map((y) => QP.human(y, false) + "%").join("-") : QP.human(x, false) + "%") });
      g.appendChild(h("p", { id: "att-verdict", class: healthy(am) ? "" : "muted" }, am.reps ? QP.percent1(am.share) + ": " + am.verdict + "." : am.verdict + "."));
      el.appendChild(row);
    }

    if (am.months.length) {
      const c = QP.card("span12", "Quota to date against actual, by month");
      el.appendChild(h("div", { class: "grid" }, c));
      QP.chart(c, {
        type: "bar",
        data: {
          labels: am.months.map((x) => x.period),
          datasets: [
            { label: "Quota to date", data: am.months.map((x) => x.quota_to_date), backgroundColor: "#cfd6e2" },
            { label: "Actual", data: am.months.map((x) => x.actual), backgroundColor: "#2f6fde" },
          ],
        },
      }, { label: "monthly quota to date and actual", size: "short", format: amt });
    }

    repTable(ctx, am, amt);

    if (am.accuracy.length) {
      const c = QP.card("span12", "Forecast accuracy, by month");
      el.appendChild(h("div", { class: "grid" }, c));
      QP.chart(c, {
        type: "bar",
        data: {
          labels: am.accuracy.map((x) => x.period),
          datasets: [
            { label: "Forecast", data: am.accuracy.map((x) => x.forecast), backgroundColor: "#f5a524" },
            { label: "Actual", data: am.accuracy.map((x) => x.actual), backgroundColor: "#2f6fde" },
          ],
        },
      }, { label: "forecast accuracy", size: "short", format: amt });
      c.appendChild(QP.table([
        { title: "Month", get: (x) => x.period },
        { title: "Reps", num: true, get: (x) => QP.human(x.reps, false) },
        { title: "Forecast", num: true, key: "forecast", get: (x) => QP.num(x.forecast, am.measure) },
        { title: "Actual", num: true, key: "actual", get: (x) => QP.num(x.actual, am.measure) },
        { title: "Quota", num: true, get: (x) => QP.num(x.quota, am.measure) },
        { title: "Gap (points)", num: true, key: "gap", get: (x) => (x.gap_points === null ? "-" : Math.abs(x.gap_points) > 20 ? QP.pill("warning", x.gap_points.toFixed(1)) : x.gap_points.toFixed(1)) },
      ], am.accuracy, { id: "accuracy-table" }));
      c.appendChild(h("p", { class: "muted" }, "Gap: (forecast - actual) / quota, in points, over the reps who submitted a forecast for a month that has ended; above 20 points again and again, the win-rate or deal-size assumptions are off."));
    } else if (am.forecast) {
      el.appendChild(h("div", { class: "grid" }, QP.card("span12", "Forecast accuracy, by month", h("p", { class: "empty" }, "No forecast was submitted for a month that has ended."))));
    }

    const un = d.unassigned;
    const uc = QP.card("span12", "Rows credited to no rep");
    el.appendChild(h("div", { class: "grid" }, uc));
    if (!un.length) uc.appendChild(h("p", { class: "empty", id: "unassigned-none" }, "Every row was credited to a rep."));
    else {
      const sum = un.reduce((a, u) => a + u.amount, 0);
      uc.appendChild(h("p", { class: "sub" }, QP.human(un.length, false) + " rows, amounting to " + QP.human(sum, false) + ": they count for no rep until the export or the rep rule is fixed."));
      uc.appendChild(QP.table([
        { title: "Row", key: "row", get: (u) => u.row },
        { title: "Where", key: "at", get: (u) => QP.at(u.at) },
        { title: "Block", get: (u) => u.block },
        { title: "Amount", num: true, key: "amount", get: (u) => QP.num(u.amount, u.measure) },
        { title: "Reason", get: (u) => u.reason, cls: () => "wrap" },
      ], un.slice(0, 500), { id: "unassigned-table" }));
      if (un.length > 500) uc.appendChild(h("p", { class: "muted" }, "… and " + QP.human(un.length - 500, false) + " more; quotaplan attainment lists them all."));
    }
  },
});

function healthy(am) {
  return am.reps > 0 && am.share >= HEALTHY[0] && am.share <= HEALTHY[1];
}

// repTable: quota to date against actual per rep, the chart showing the
// rows of the table's page.
function repTable(ctx, am, amt) {
  const v = ctx.view, h = QP.h, p = ctx.params;
  const byID = new Map(v.reps.map((r) => [r.id, r]));
  const info = (r) => byID.get(r.id) || {};
  const cols = [
    { title: "Rep", key: "id", get: (r) => QP.repLink(r.id), sort: (r) => r.id },
    { title: "Role", key: "role", get: (r) => info(r).role || "-", sort: (r) => info(r).role },
    { title: "Manager", key: "manager", get: (r) => (info(r).manager ? QP.repLink(info(r).manager) : "-"), sort: (r) => info(r).manager },
    { title: "Quota to date", key: "qtd", num: true, get: (r) => (r.carries ? QP.num(r.qtd, am.measure) : "-"), sort: (r) => (r.carries ? r.qtd : -Infinity) },
    { title: "Actual", key: "actual", num: true, get: (r) => QP.num(r.actual, am.measure), sort: (r) => r.actual },
    { title: "Attain.", key: "att", num: true, get: (r) => (r.att === null ? "-" : r.att >= 1 ? QP.pill("pass", QP.percent1(r.att)) : QP.percent1(r.att)), sort: (r) => (r.att === null ? -Infinity : r.att) },
    { title: "FY quota", key: "fy", num: true, get: (r) => (r.carries ? QP.num(r.fy, am.measure) : "-"), sort: (r) => (r.carries ? r.fy : -Infinity) },
    { title: "Of FY", key: "offy", num: true, get: (r) => (r.carries && r.fy ? QP.percent1(r.actual / r.fy) : "-"), sort: (r) => (r.carries && r.fy ? r.actual / r.fy : -Infinity) },
    { title: "Ramped", key: "ramped", get: (r) => (r.carries ? (r.ramped ? "yes" : "no") : "-"), sort: (r) => (r.ramped ? 1 : 0) },
  ];
  if (am.pipeline) cols.push({ title: "Pipeline", key: "pipe", num: true, get: (r) => QP.num(r.pipe || 0, am.measure), sort: (r) => r.pipe || 0 });
  if (am.forecast) cols.push({ title: "Forecast", key: "fcst", num: true, get: (r) => QP.num(r.fcst || 0, am.measure), sort: (r) => r.fcst || 0 });

  const q = (p.get("q") || "").toLowerCase();
  let rows = am.rows;
  if (q) rows = rows.filter((r) => [r.id, info(r).name, info(r).role, info(r).territory, info(r).manager].some((s) => (s || "").toLowerCase().includes(q)));
  const sortKey = p.get("sort") || "";
  const desc = p.get("desc") === "1";
  const si = cols.findIndex((c) => c.key === sortKey);
  if (si >= 0) {
    const get = cols[si].sort;
    rows = rows.slice().sort((a, b) => {
      const x = get(a), y = get(b);
      const c = typeof x === "number" && typeof y === "number" ? (x === y ? 0 : x < y ? -1 : 1) : String(x || "").localeCompare(String(y || ""));
      return (desc ? -c : c) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    });
  }
  const pages = Math.max(1, Math.ceil(rows.length / PAGE));
  const page = Math.min(Math.max(1, parseInt(p.get("page") || "1", 10) || 1), pages);
  const shown = rows.slice((page - 1) * PAGE, page * PAGE);

  const carried = shown.filter((r) => r.carries);
  if (carried.length) {
    const c = QP.card("span12", "Quota to date and actual per rep" + (pages > 1 ? " (the reps of the table's page)" : ""));
    ctx.el.appendChild(h("div", { class: "grid" }, c));
    QP.chart(c, {
      type: "bar",
      data: {
        labels: carried.map((r) => r.id),
        datasets: [
          { label: "Quota to date", data: carried.map((r) => r.qtd), backgroundColor: "#cfd6e2" },
          { label: "Actual", data: carried.map((r) => r.actual), backgroundColor: carried.map((r) => (r.att !== null && r.att >= 1 ? "#35c28a" : "#2f6fde")) },
        ],
      },
      options: { onClick: (e, els) => { if (els && els.length) location.hash = QP.link(["rep", carried[els[0].index].id]); } },
    }, { label: "quota to date and actual per rep", format: amt, size: carried.length > 25 ? "tall" : "" });
  }

  const card = QP.card("span12", "Reps: quota to date against actual");
  const search = h("input", { type: "search", id: "att-filter", placeholder: "Filter by id, name, role, territory, manager", value: p.get("q") || "" });
  let timer = 0;
  search.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => QP.setParams({ q: search.value, page: "" }), 150);
  });
  card.appendChild(h("div", { class: "toolbar" }, search, h("span", { class: "muted", id: "att-count" }, QP.human(rows.length, false) + " of " + QP.human(am.rows.length, false) + " reps")));
  card.appendChild(QP.table(cols, shown, {
    id: "attainment-table",
    sortIndex: si,
    desc: desc,
    onSort: (i) => QP.setParams({ sort: cols[i].key, desc: si === i && !desc ? "1" : "", page: "" }),
    empty: "No rep matches the filter.",
  }));
  const total = am.quota_to_date ? QP.percent1(am.actual_total / am.quota_to_date) : "-";
  card.appendChild(h("p", { class: "muted", id: "att-total" }, "Reps with a quota: " + amt(am.quota_to_date) + " to date, " + amt(am.actual_total) + " actual, " + total + " attained."));
  const prev = h("button", { disabled: page <= 1, onclick: () => QP.setParams({ page: String(page - 1) }) }, "Previous");
  const next = h("button", { disabled: page >= pages, onclick: () => QP.setParams({ page: String(page + 1) }) }, "Next");
  card.appendChild(h("div", { class: "pager" }, prev, h("span", { id: "att-page" }, "page " + page + " of " + pages), next));
  ctx.el.appendChild(h("div", { class: "grid" }, card));
  if (q) setTimeout(() => {
    const s = document.getElementById("att-filter");
    if (s) {
      s.focus();
      s.setSelectionRange(s.value.length, s.value.length);
    }
  }, 0);
}
