// Territories: each territory's roll-up (its reps and every territory
// below it), as a chart per measure and a tree table.
QP.register("territories", {
  render(ctx) {
    const v = ctx.view, h = QP.h, el = ctx.el;
    const measures = v.measures.filter((m) => m.rollup);
    el.appendChild(h("h1", null, "Territories"));
    el.appendChild(h("p", { class: "sub" }, v.territories.length + " territories · a territory's figures include the territories below it"));
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
