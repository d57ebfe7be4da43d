// The overview: headline figures, goals against target and expected, quota
// by month stacked by territory (or role), and the check summary.
QP.register("overview", {
  render(ctx) {
    const v = ctx.view, h = QP.h, el = ctx.el;
    el.appendChild(h("h1", null, v.plan.title));
    const sub = [v.plan.start + " · " + v.plan.months + " months · " + v.plan.currency];
    if (v.scenario) sub.push("scenario " + v.scenario);
    el.appendChild(h("p", { class: "sub" }, sub.join(" · ")));

    const kpis = h("div", { class: "grid" });
    kpis.appendChild(QP.kpi("Reps", QP.human(v.summary.reps, false), (v.teams || []).length + " teams · " + (v.territories || []).length + " territories"));
    v.measures.filter((m) => m.rollup).slice(0, 2).forEach((m) => {
      const total = (v.total[m.name] || []).reduce((a, b) => a + b, 0);
      kpis.appendChild(QP.kpi(m.name + " quota", QP.amount(total, m.unit), "plan total, all periods"));
    });
    const goals = (v.goals || []).filter((g) => g.measure);
    const onTrack = goals.filter((g) => g.status === "on track").length;
    if (goals.length) kpis.appendChild(QP.kpi("Goals on track", onTrack + " of " + goals.length, "assigned at or above expected"));
    const failing = v.summary.errors + v.summary.warnings;
    kpis.appendChild(QP.kpi("Checks failing", String(failing), v.summary.errors + " errors · " + v.summary.warnings + " warnings · " + v.summary.passed + " passed"));
    el.appendChild(kpis);

    const row = h("div", { class: "grid" });
    if (goals.length) {
      const c = QP.card("span6", "Goals: assigned and expected, % of target");
      row.appendChild(c);
      QP.chart(c, {
        type: "bar",
        data: {
          labels: goals.map((g) => g.id + " (" + g.period + ")"),
          datasets: [
            { label: "Target", data: goals.map(() => 100), backgroundColor: "#cfd6e2" },
            { label: "Expected", data: goals.map((g) => (g.target ? (g.expected / g.target) * 100 : 0)), backgroundColor: "#f5a524" },
            { label: "Assigned", data: goals.map((g) => (g.target ? g.assigned * 100 / g.target : 0)), backgroundColor: "#2f6fde" },
          ],
        },
        options: { indexAxis: "y" },
      }, { format: (x) => QP.human(x, false) + "%", label: "goals", size: "short" });
    }
    const cc = QP.card(goals.length ? "span6" : "span12", "Check results");
    row.appendChild(cc);
    const s = v.summary;
    if (!(v.checks || []).length) cc.appendChild(h("p", { class: "empty" }, "The plan has no checks."));
    else QP.chart(cc, {
      type: "doughnut",
      data: { labels: ["errors", "warnings", "info", "passed", "waived"], datasets: [{ data: [s.errors, s.warnings, s.infos, s.passed, s.waived], backgroundColor: ["#f04438", "#f5a524", "#4d8df6", "#35c28a", "#cfd6e2"] }] },
      options: { plugins: { legend: { position: "right" } } },
    }, { label: "check results", size: "short" });
    el.appendChild(row);

    // One stacked chart a measure, by territory or by role (#/overview?by=role).
    const by = ctx.params.get("by") || "territory";
    const measures = [];
    (v.stacks || []).forEach((st) => {
      if (!measures.includes(st.measure)) measures.push(st.measure);
    });
    measures.forEach((name) => {
      const options = v.stacks.filter((x) => x.measure === name);
      const st = options.find((x) => x.by === by) || options[0];
      const m = QP.measure(name);
      const c = QP.card("span12", "Quota by month: " + name + " (" + (m.unit || "no unit") + "), by " + st.by);
      if (options.length > 1) {
        c.appendChild(h("div", { class: "toolbar" }, options.map((o) =>
          h("a", { class: "btn" + (o.by === st.by ? " on" : ""), href: QP.link(["overview"], { by: o.by }) }, "by " + o.by))));
      }
      el.appendChild(h("div", { class: "grid" }, c));
      QP.chart(c, {
        type: "bar",
        data: { labels: v.periods, datasets: st.series.map((s, i) => ({ label: s.label, data: s.periods, backgroundColor: QP.color(i), stack: "q" })) },
        options: { scales: { x: { stacked: true }, y: { stacked: true } } },
      }, { format: (x) => QP.amount(x, m.unit), label: "quota by month " + name });
    });

    if (goals.length || (v.goals || []).length) {
      const c = QP.card("span12", "Goals");
      c.appendChild(QP.table([
        { title: "Goal", get: (g) => g.id },
        { title: "Description", get: (g) => g.description || "", cls: () => "wrap" },
        { title: "Measure", get: (g) => g.measure || "-" },
        { title: "Period", get: (g) => g.period },
        { title: "Target", num: true, key: "target", get: (g) => QP.amount(g.target, g.unit) },
        { title: "Assigned", num: true, key: "assigned", get: (g) => (g.measure ? QP.amount(g.assigned, g.unit) : "-") },
        { title: "Ratio", num: true, get: (g) => (g.measure ? QP.ratio(g.ratio) : "-") },
        { title: "Expected", num: true, get: (g) => QP.amount(g.expected, g.unit) },
        { title: "Status", get: (g) => QP.pill(g.status === "on track" ? "ok" : g.status === "under" ? "under" : g.status === "below cushion" ? "below" : "info", g.status) },
      ], v.goals, { id: "goals" }));
      el.appendChild(h("div", { class: "grid" }, c));
    }
    const top = topFailures(v.checks);
    if (top.length) {
      const c = QP.card("span12", "Failing checks");
      c.appendChild(QP.table([
        { title: "Check", get: (r) => h("a", { href: QP.link(["checks"], { check: r.check }) }, r.check) },
        { title: "Severity", get: (r) => QP.pill(r.severity, r.severity) },
        { title: "Failing", num: true, get: (r) => QP.human(r.n, false) },
        { title: "First", get: (r) => r.first, cls: () => "wrap" },
      ], top));
      el.appendChild(h("div", { class: "grid" }, c));
    }
  },
});

function topFailures(checks) {
  const by = new Map();
  (checks || []).forEach((c) => {
    if (c.status !== "fail") return;
    const k = c.check;
    if (!by.has(k)) by.set(k, { check: k, severity: c.severity, n: 0, first: (c.subject ? c.subject + ": " : "") + c.message });
    by.get(k).n++;
  });
  return Array.from(by.values()).sort((a, b) => b.n - a.n || (a.check < b.check ? -1 : 1));
}
