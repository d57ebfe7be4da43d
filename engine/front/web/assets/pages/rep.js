// One rep: each quota by month against its full amount (the gap is the
// ramp and the proration), the factors of every month, the explanation
// of the month clicked (#/rep/ID?m=MEASURE&p=PERIOD), and the rep's checks.
QP.register("rep", {
  hidden: true, // reached from the reps, not from the navigation
  render(ctx) {
    const v = ctx.view, h = QP.h, el = ctx.el;
    const id = ctx.args[0] || "";
    return QP.rep(id).then((d) => {
      if (!d) {
        el.appendChild(h("h1", null, "No rep \u201c" + id + "\u201d"));
        el.appendChild(h("p", { class: "muted" }, h("a", { href: "#/reps" }, "Back to the reps.")));
        return;
      }
      const r = d.row;
      el.appendChild(h("p", { class: "muted" }, h("a", { href: "#/reps" }, "Reps"), " / ", r.id));
      el.appendChild(h("h1", { id: "rep-name" }, r.name || r.id));
      const facts = [r.id];
      if (r.role) facts.push(r.role);
      if (r.territory) facts.push("territory " + r.territory);
      const sub = h("p", { class: "sub" }, facts.join(" · "));
      if (r.manager) sub.append(" · manager ", QP.repLink(r.manager));
      if (d.reports.length) sub.append(" · " + d.reports.length + " direct reports");
      el.appendChild(sub);

      (d.changes || []).forEach((c) => {
        const t = c.attrs.find((a) => a.name === "territory");
        if (t) sub.append(" · moves to territory " + t.value + " on " + c.from);
      });
      if ((d.changes || []).length) versionsCard(ctx, d);
      const sel = { m: ctx.params.get("m") || "", p: ctx.params.get("p") || "" };
      const team = (v.teams || []).find((t) => t.id === r.id);
      if (team) teamCard(ctx, team);
      if (!d.quotas.length && !team) el.appendChild(QP.card("", null, h("p", { class: "empty" }, "No quota applies to this rep.")));
      d.quotas.forEach((q) => quotaCard(ctx, d, q, sel));
      (d.actuals || []).forEach((a) => actualCard(ctx, a));
      if (QP.repPay) QP.repPay(ctx, r.id, d);

      if (d.reports.length) {
        const c = QP.card("span12", "Direct reports");
        c.appendChild(h("p", null, d.reports.map((x, i) => [i ? ", " : "", QP.repLink(x)])));
        el.appendChild(h("div", { class: "grid" }, c));
      }
      const cc = QP.card("span12", "Checks of this rep");
      cc.appendChild(QP.table([
        { title: "Check", get: (c) => h("a", { href: QP.link(["checks"], { check: c.check }) }, c.check) },
        { title: "Status", get: (c) => QP.pill(c.status === "fail" ? c.severity : c.status, c.status === "fail" ? c.severity : c.status) },
        { title: "Message", get: (c) => c.message || "", cls: () => "wrap" },
        { title: "Where", get: (c) => QP.at(c.at) },
      ], d.checks, { id: "rep-checks", empty: "No check looks at this rep." }));
      el.appendChild(h("div", { class: "grid" }, cc));
    });
  },
});

// teamCard shows a manager's team roll-up by month, one series a measure.
function teamCard(ctx, team) {
  const v = ctx.view, h = QP.h;
  const measures = v.measures.filter((m) => team.periods[m.name]);
  measures.forEach((m, i) => {
    const c = QP.card("span12", "Team " + m.name + (m.unit ? " (" + m.unit + ")" : "") + ": " + QP.human(team.reps, false) + " reps below");
    c.appendChild(h("div", { class: "steps" }, h("span", { class: "step" }, "Team total ", h("b", { class: "team-total" }, QP.amount(team.totals[m.name], m.unit))),
      v.quarters.map((q) => h("span", { class: "step" }, q.id + " ", h("b", null, QP.amount(q.periods.reduce((a, k) => a + team.periods[m.name][k], 0), m.unit))))));
    ctx.el.appendChild(h("div", { class: "grid" }, c));
    QP.chart(c, {
      type: "bar",
      data: { labels: v.periods, datasets: [{ label: "team " + m.name, data: team.periods[m.name], backgroundColor: QP.color(i) }] },
      options: { plugins: { legend: { display: false } } },
    }, { format: (x) => QP.amount(x, m.unit), label: "team " + m.name, size: "short" });
  });
}

function quotaCard(ctx, d, q, sel) {
  const v = ctx.view, h = QP.h;
  const m = QP.measure(q.measure);
  const unit = q.unit || m.unit;
  const card = QP.card("span12", q.measure + (unit ? " (" + unit + ")" : "") + (q.restates ? " · restates other quotas, not rolled up" : ""));
  ctx.el.appendChild(h("div", { class: "grid" }, card));
  card.appendChild(h("div", { class: "steps" },
    h("span", { class: "step" }, "Plan total ", h("b", { class: "quota-total" }, QP.amount(q.total, unit))),
    h("span", { class: "step" }, "Full amount ", h("b", null, QP.amount(q.full, unit))),
    q.full ? h("span", { class: "step" }, "Carried ", h("b", null, QP.percent(q.total / q.full))) : null,
    q.quarters.map((x) => h("span", { class: "step" }, x.id + " ", h("b", null, QP.amount(x.value, unit))))));
  const f = q.factors || null;
  const full = f ? f.map((x) => x.full) : q.periods;
  const locked = new Set(q.lock ? q.lock.periods : []);
  const adjusted = new Map();
  (q.adjustments || []).forEach((a) => adjusted.set(a.period, (adjusted.get(a.period) || []).concat([a])));
  const marked = locked.size > 0 || adjusted.size > 0;
  const barColor = (p) => (p === sel.p && q.measure === sel.m ? "#1d4fb0" : locked.has(p) ? "#8a97ab" : "#2f6fde");
  QP.chart(card, {
    type: "bar",
    data: {
      labels: v.periods,
      datasets: [
        { type: "line", label: "Full monthly amount", data: full, borderColor: "#a3b1c6", borderDash: [5, 4], pointRadius: 0, fill: false, order: 0 },
        { label: "Quota", data: q.periods, backgroundColor: v.periods.map(barColor), borderColor: v.periods.map((p) => (adjusted.has(p) ? "#e7683a" : "rgba(0,0,0,0)")), borderWidth: v.periods.map((p) => (adjusted.has(p) ? 3 : 0)), order: 1 },
      ],
    },
    options: {
      onClick: (e, els) => {
        if (els && els.length) QP.setParams({ m: q.measure, p: v.periods[els[0].index] });
      },
    },
  }, { format: (x) => QP.amount(x, unit), label: "monthly quota " + q.measure });

  if (marked) {
    const lg = h("div", { class: "legend", id: "legend-" + q.measure },
      h("span", { class: "sw sw-quota" }), "computed by the rules",
      locked.size ? [h("span", { class: "sw sw-locked" }), h("b", null, "L"), " locked: the figure published in ", h("code", null, q.lock.file || "the published result")] : null,
      adjusted.size ? [h("span", { class: "sw sw-adjusted" }), h("b", null, "A"), " adjusted after rounding (see the adjustments below)"] : null);
    card.appendChild(lg);
  }
  const rows = v.periods.map((p, i) => ({ p: p, i: i, f: f ? f[i] : null, value: q.periods[i] }));
  const lockIndex = new Map((q.lock ? q.lock.periods : []).map((p, k) => [p, k]));
  const cols = [
    { title: "Month", key: "month", get: (r) => [r.p, locked.has(r.p) ? QP.pill("waived mark-l", "L") : null, adjusted.has(r.p) ? QP.pill("warning mark-a", "A") : null] },
    { title: "Full amount", num: true, get: (r) => QP.num(r.f ? r.f.full : r.value, q.measure) },
    { title: "Ramp", num: true, get: (r) => (r.f ? (r.f.tier ? QP.percent(r.f.ramp) + " · tier " + r.f.tier : r.f.tenure > 0 ? "100%" : "-") : "100%") },
    { title: "Active", num: true, get: (r) => (r.f ? r.f.active_days + "/" + r.f.days + " days" + (r.f.cut.length ? " (" + r.f.cut.join(", ") + ")" : "") : "all month") },
    { title: "Quota", num: true, key: "quota", get: (r) => QP.num(r.value, q.measure) },
    marked ? { title: "Locked or adjusted", key: "change", cls: () => "wrap", get: (r) => {
      const bits = [];
      if (locked.has(r.p)) {
        const now = q.lock.computed ? q.lock.computed[lockIndex.get(r.p)] : null;
        const pub = r.value - (adjusted.get(r.p) || []).reduce((x, a) => x + a.amount, 0);
        bits.push("published" + (now === null || now === undefined ? "" : now === pub ? "; the rules give the same now" : "; the rules give " + QP.num(now, q.measure) + " now"));
      }
      (adjusted.get(r.p) || []).forEach((a) => bits.push((a.amount >= 0 ? "+" : "") + QP.num(a.amount, q.measure) + ": " + a.reason));
      return bits.join(" · ");
    } } : null,
    { title: "", get: () => (QP.hasExplain() ? h("span", { class: "btn" }, "Explain") : "") },
  ];
  card.appendChild(QP.table(cols.filter((c) => c), rows, {
    id: "months-" + q.measure,
    onRow: (r) => QP.setParams({ m: q.measure, p: r.p }),
    rowClass: (r) => "clickable" + (q.measure === sel.m && r.p === sel.p ? " sel" : ""),
  }));
  if (!f) card.appendChild(h("p", { class: "muted" }, "Every month is the full monthly amount: no ramp and no partial month."));
  if ((q.adjustments || []).length) {
    card.appendChild(h("h3", null, "Adjustments"));
    card.appendChild(QP.table([
      { title: "Month", get: (a) => a.period },
      { title: "Adjustment", get: (a) => a.id },
      { title: "Amount", num: true, key: "amount", get: (a) => (a.amount >= 0 ? "+" : "") + QP.num(a.amount, q.measure) },
      { title: "Reason", key: "reason", get: (a) => a.reason, cls: () => "wrap" },
      { title: "Where", get: (a) => QP.at(a.at) },
    ], q.adjustments, { id: "adjustments-" + q.measure }));
  }
  if (q.measure === sel.m && sel.p) {
    const box = h("div", { class: "card tree", id: "explain" }, h("h3", null, "How " + sel.p + " was built"));
    card.appendChild(box);
    QP.explain(d.row.id, q.measure, sel.p).then((t) => {
      if (!t) {
        box.appendChild(h("p", { class: "muted" }, "This report does not carry explanations for plans of this size; the table above shows each month's factors, and quotaplan explain gives the full derivation."));
        return;
      }
      box.appendChild(h("ul", null, tree(t)));
    }, (err) => box.appendChild(h("p", { class: "muted" }, err.message)));
  }
}

function tree(n) {
  const h = QP.h;
  const li = h("li", null, h("span", { class: "lbl" }, n.label), n.value ? h("span", { class: "val" }, "= " + n.value) : null, n.at ? QP.at(n.at, "at") : null);
  if (n.rule) li.appendChild(h("code", { class: "rule" }, "rule: " + n.rule));
  if (n.note) li.appendChild(h("span", { class: "note" }, n.note));
  if (n.table && n.table.length) {
    const t = h("table");
    n.table.forEach((row, i) => t.appendChild(h("tr", null, row.map((c) => h(i ? "td" : "th", null, c)))));
    li.appendChild(h("div", { class: "tablewrap" }, t));
  }
  if (n.children && n.children.length) li.appendChild(h("ul", null, n.children.map(tree)));
  return li;
}

// actualCard shows a rep's credited figures of one measure (a plan with
// actual blocks): actual against quota to date by elapsed month, the
// attainment, and the pipeline and forecast when the plan has them.
function actualCard(ctx, a) {
  const v = ctx.view, h = QP.h;
  const amt = (x) => QP.amount(x, a.unit);
  const card = QP.card("span12", a.measure + (a.unit ? " (" + a.unit + ")" : "") + ": actual as of " + a.as_of);
  card.setAttribute("data-actual", a.measure);
  ctx.el.appendChild(h("div", { class: "grid" }, card));
  const elapsed = (v.data.attainment && v.data.attainment.elapsed) || v.periods.map(() => 1);
  const idx = v.periods.map((_, i) => i).filter((i) => elapsed[i] > 0);
  card.appendChild(h("div", { class: "steps" },
    h("span", { class: "step" }, "Actual to date ", h("b", { class: "actual-total" }, amt(a.total))),
    a.carries ? h("span", { class: "step" }, "Quota to date ", h("b", { class: "actual-qtd" }, amt(a.to_date))) : null,
    a.carries ? h("span", { class: "step" }, "Attainment ", h("b", { class: "actual-attainment" }, a.attainment === null ? "-" : QP.percent1(a.attainment))) : null,
    a.carries ? h("span", { class: "step" }, "Ramped ", h("b", null, a.ramped ? "yes" : "no")) : null,
    a.history ? h("span", { class: "step" }, "Last year ", h("b", null, amt(a.history))) : null,
    a.pipeline ? h("span", { class: "step" }, "Open pipeline ", h("b", null, amt(a.pipeline.reduce((x, y) => x + y, 0)))) : null));
  if (!a.carries) card.appendChild(h("p", { class: "muted" }, "Credited as a manager above the reps who closed the rows; this rep carries no " + a.measure + " quota."));
  const sets = [];
  if (a.carries) sets.push({ label: "Quota to date", data: idx.map((i) => a.qtd[i]), backgroundColor: "#cfd6e2" });
  sets.push({ label: "Actual", data: idx.map((i) => a.actual[i]), backgroundColor: "#35c28a" });
  if (a.forecast) sets.push({ type: "line", label: "Forecast", data: idx.map((i) => a.forecast[i]), borderColor: "#f5a524", pointRadius: 3, fill: false });
  QP.chart(card, { type: "bar", data: { labels: idx.map((i) => v.periods[i]), datasets: sets } },
    { format: amt, label: "actual " + a.measure, size: "short" });
  const cols = [
    { title: "Month", get: (i) => v.periods[i] },
    { title: "Elapsed", num: true, get: (i) => QP.percent(elapsed[i]) },
  ];
  if (a.carries) cols.push({ title: "Quota to date", num: true, key: "qtd", get: (i) => QP.num(a.qtd[i], a.measure) });
  cols.push({ title: "Actual", num: true, key: "actual", get: (i) => QP.num(a.actual[i], a.measure) });
  if (a.carries) cols.push({ title: "Attain.", num: true, get: (i) => (a.qtd[i] ? QP.percent1(a.actual[i] / a.qtd[i]) : "-") });
  if (a.forecast) cols.push({ title: "Forecast", num: true, get: (i) => QP.num(a.forecast[i], a.measure) });
  card.appendChild(QP.table(cols, idx, { id: "actuals-" + a.measure, empty: "No month has started by " + a.as_of + "." }));
}

// versionsCard lists a rep's versions: as declared, then each change from
// its first day with what it sets.
function versionsCard(ctx, d) {
  const h = QP.h, r = d.row;
  const declared = [["territory", r.territory], ["manager", r.manager], ["role", r.role]].filter((x) => x[1]).map((x) => x[0] + " " + x[1]).join(", ");
  const rows = [{ from: "start of the plan", sets: "as declared" + (declared ? ": " + declared : ""), at: "" }].concat(d.changes.map((c) => ({
    from: c.from, sets: c.attrs.map((a) => a.name + " = " + a.value).join(", "), at: c.at,
  })));
  const c = QP.card("span12", "Versions: the rep's changes during the year");
  c.appendChild(QP.table([
    { title: "From", key: "from", get: (x) => x.from },
    { title: "Sets", key: "sets", get: (x) => x.sets, cls: () => "wrap" },
    { title: "Where", get: (x) => QP.at(x.at) },
  ], rows, { id: "rep-versions" }));
  c.appendChild(h("p", { class: "muted" }, "From a change on, the rep's quota follows the new version (its territory, manager and attributes), and its figures roll up there; a locked month keeps its published figure."));
  ctx.el.appendChild(h("div", { class: "grid" }, c));
}
