// Changes against the base revision (serve --base REF): the totals before
// and after, then the reps, territories, teams and goals that moved, the
// checks that newly fail or were fixed, and the rules and variables that
// changed. The data is `quotaplan diff --format json`.
QP.register("diff", {
  render(ctx) {
    const d = ctx.view.data.diff, h = QP.h, el = ctx.el;
    el.appendChild(h("h1", null, "Changes"));
    el.appendChild(h("p", { class: "sub" }, (d.base.label || "base") + " \u2192 " + (d.head.label || "head") + " · " + d.summary));
    const c = d.counts;
    const kpis = h("div", { class: "grid" });
    kpis.appendChild(QP.kpi("Quotas changed", QP.human(c.quotas_changed, false), c.reps_added + " reps added · " + c.reps_removed + " removed"));
    kpis.appendChild(QP.kpi("Goals changed", QP.human(c.goals_changed, false), c.territories_changed + " territories changed"));
    kpis.appendChild(QP.kpi("New check failures", QP.human(c.checks_new_failures, false), c.checks_fixed + " fixed · " + c.checks_still_failing + " still failing"));
    kpis.appendChild(QP.kpi("Rules changed", QP.human(c.rules_changed + c.blocks_added + c.blocks_removed, false), c.vars_changed + " variables changed"));
    el.appendChild(kpis);

    const totals = (d.totals || []).filter((t) => t.old !== 0 || t.new !== 0);
    if (totals.length) {
      const card = QP.card("span12", "Plan totals, base against head (% of base)");
      el.appendChild(h("div", { class: "grid" }, card));
      QP.chart(card, {
        type: "bar",
        data: {
          labels: totals.map((t) => t.measure),
          datasets: [
            { label: "base", data: totals.map(() => 100), backgroundColor: "#cfd6e2" },
            { label: "head", data: totals.map((t) => (t.old ? (t.new / t.old) * 100 : 0)), backgroundColor: "#2f6fde" },
          ],
        },
        options: { indexAxis: "y" },
      }, { format: (x) => QP.human(x, false) + "%", label: "totals", size: "short" });
      card.appendChild(QP.table([
        { title: "Measure", get: (t) => t.measure },
        { title: "Base", num: true, get: (t) => QP.amount(t.old, t.unit) },
        { title: "Head", num: true, get: (t) => QP.amount(t.new, t.unit) },
        { title: "Change", num: true, get: (t) => delta(t.delta, t.unit) },
        { title: "%", num: true, get: (t) => QP.human(t.percent, false) + "%" },
      ], totals));
    }
    const repRows = [];
    (d.reps || []).forEach((r) => (r.quotas || []).forEach((q) => repRows.push({ r: r, q: q })));
    section(el, "Reps", repRows, [
      { title: "Rep", get: (x) => (x.r.change === "removed" ? x.r.id : QP.repLink(x.r.id)) },
      { title: "Name", get: (x) => x.r.name || "" },
      { title: "", get: (x) => QP.pill(x.r.change === "added" ? "ok" : x.r.change === "removed" ? "under" : "info", x.r.change) },
      { title: "Measure", get: (x) => x.q.measure },
      { title: "Base", num: true, get: (x) => QP.amount(x.q.old, x.q.unit) },
      { title: "Head", num: true, get: (x) => QP.amount(x.q.new, x.q.unit) },
      { title: "Change", num: true, get: (x) => delta(x.q.delta, x.q.unit) },
      { title: "%", num: true, get: (x) => QP.human(x.q.percent, false) + "%" },
    ], "No rep's quota changed.");
    const rollRows = (list, kind) => {
      const out = [];
      (list || []).forEach((t) => (t.quotas || []).forEach((q) => out.push({ id: t.id, kind: kind, change: t.change, q: q })));
      return out;
    };
    section(el, "Territories and teams", rollRows(d.territories, "territory").concat(rollRows(d.teams, "team")), [
      { title: "", get: (x) => x.kind },
      { title: "Id", get: (x) => (x.kind === "team" ? QP.repLink(x.id) : x.id) },
      { title: "Measure", get: (x) => x.q.measure },
      { title: "Base", num: true, get: (x) => QP.amount(x.q.old, x.q.unit) },
      { title: "Head", num: true, get: (x) => QP.amount(x.q.new, x.q.unit) },
      { title: "Change", num: true, get: (x) => delta(x.q.delta, x.q.unit) },
    ], "No roll-up changed.");
    section(el, "Goals", d.goals || [], [
      { title: "Goal", get: (g) => g.id },
      { title: "Period", get: (g) => g.period || "" },
      { title: "Target", num: true, get: (g) => (g.target ? QP.amount(g.target.old, g.unit) + " \u2192 " + QP.amount(g.target.new, g.unit) : "") },
      { title: "Assigned", num: true, get: (g) => (g.assigned ? QP.amount(g.assigned.old, g.unit) + " \u2192 " + QP.amount(g.assigned.new, g.unit) : "") },
      { title: "Ratio", num: true, get: (g) => (g.ratio ? QP.ratio(g.ratio.old) + " \u2192 " + QP.ratio(g.ratio.new) : "") },
    ], "No goal changed.");
    section(el, "Checks", d.checks || [], [
      { title: "Check", get: (x) => x.check },
      { title: "Subject", get: (x) => x.subject || "plan" },
      { title: "Change", get: (x) => QP.pill(x.change === "new_failure" ? "under" : x.change === "fixed" ? "ok" : "below", x.change.replace("_", " ")) },
      { title: "Severity", get: (x) => x.severity },
      { title: "Message", get: (x) => x.message || "", cls: () => "wrap" },
    ], "No check changed.");
    section(el, "Rules and variables", (d.vars || []).map((x) => ({ kind: "variable", id: x.name, old: x.old, new: x.new, at: "" })).concat((d.rules || []).map((x) => ({ kind: x.block + (x.attribute ? "." + x.attribute : "") + " (" + x.change + ")", id: x.label, old: x.old, new: x.new, at: x.new_at || x.old_at || "" }))), [
      { title: "", get: (x) => x.kind },
      { title: "Name", get: (x) => x.id },
      { title: "Base", get: (x) => show(x.old), cls: () => "wrap" },
      { title: "Head", get: (x) => show(x.new), cls: () => "wrap" },
      { title: "Where", get: (x) => QP.at(x.at) },
    ], "No rule or variable changed.");
  },
});

function section(el, title, rows, cols, empty) {
  const c = QP.card("span12", title);
  c.appendChild(QP.table(cols, rows.slice(0, 500), { empty: empty }));
  if (rows.length > 500) c.appendChild(QP.h("p", { class: "muted" }, "… and " + (rows.length - 500) + " more."));
  el.appendChild(QP.h("div", { class: "grid" }, c));
}

function delta(v, unit) {
  const s = QP.amount(v, unit);
  return QP.h("span", { class: "delta " + (v > 0 ? "up" : v < 0 ? "down" : "") }, v > 0 ? "+" + s : s);
}

function show(v) {
  if (v === undefined || v === null) return "";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

