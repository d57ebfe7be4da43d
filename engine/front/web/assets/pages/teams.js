// Teams: the manager tree with each team's roll-up (the manager and
// everyone below), from the ledger.
QP.register("teams", {
  render(ctx) {
    const v = ctx.view, h = QP.h, el = ctx.el;
    const measures = v.measures.filter((m) => m.rollup);
    el.appendChild(h("h1", null, "Teams"));
    el.appendChild(h("p", { class: "sub" }, v.teams.length + " managers · each figure is the manager's team with everyone below it"));
    const grid = h("div", { class: "grid" });
    measures.forEach((m, mi) => {
      const teams = v.teams.filter((t) => (t.totals[m.name] || 0) !== 0).slice().sort((a, b) => b.totals[m.name] - a.totals[m.name]).slice(0, 15);
      if (!teams.length) return;
      const c = QP.card(measures.length > 1 ? "span6" : "span12", m.name + " by team" + (v.teams.length > 15 ? " (largest 15)" : ""));
      grid.appendChild(c);
      QP.chart(c, {
        type: "bar",
        data: { labels: teams.map((t) => t.name || t.id), datasets: [{ label: m.name, data: teams.map((t) => t.totals[m.name]), backgroundColor: QP.color(mi) }] },
        options: { indexAxis: "y", plugins: { legend: { display: false } } },
      }, { format: (x) => QP.amount(x, m.unit), label: "teams " + m.name });
    });
    el.appendChild(grid);
    const cols = [
      { title: "Manager", get: (t) => QP.repLink(t.id), cls: (t) => "indent" + Math.min(5, t.depth) },
      { title: "Name", get: (t) => t.name || "" },
      { title: "Reps below", num: true, get: (t) => QP.human(t.reps, false) },
    ];
    measures.forEach((m) => cols.push({ title: m.name + (m.unit ? " (" + m.unit + ")" : ""), num: true, key: "m:" + m.name, get: (t) => (m.name in t.totals ? QP.num(t.totals[m.name], m.name) : "-") }));
    const c = QP.card("span12", "Manager tree");
    c.appendChild(QP.table(cols, v.teams, { id: "teams-table", onRow: (t) => (location.hash = QP.link(["rep", t.id])), rowClass: () => "clickable" }));
    el.appendChild(h("div", { class: "grid" }, c));
  },
});
