// Checks: results per check as a chart, then the failures grouped by
// check, each with the place of its check block (file:line).
QP.register("checks", {
  render(ctx) {
    const v = ctx.view, h = QP.h, el = ctx.el;
    const only = ctx.params.get("check") || "";
    el.appendChild(h("h1", null, "Checks"));
    const s = v.summary;
    el.appendChild(h("p", { class: "sub" }, s.errors + " errors · " + s.warnings + " warnings · " + s.infos + " info · " + s.passed + " passed" + (s.waived ? " · " + s.waived + " waived" : "")));
    const groups = new Map();
    v.checks.forEach((c) => {
      if (!groups.has(c.check)) groups.set(c.check, { check: c.check, severity: c.severity, at: c.at, fail: [], pass: 0, waived: [] });
      const g = groups.get(c.check);
      if (c.status === "fail") g.fail.push(c);
      else if (c.status === "waived") g.waived.push(c);
      else g.pass++;
    });
    const list = Array.from(groups.values());
    const c = QP.card("span12", "Results by check");
    el.appendChild(h("div", { class: "grid" }, c));
    QP.chart(c, {
      type: "bar",
      data: {
        labels: list.map((g) => g.check),
        datasets: [
          { label: "failed", data: list.map((g) => g.fail.length), backgroundColor: list.map((g) => (g.severity === "error" ? "#f04438" : g.severity === "warning" ? "#f5a524" : "#4d8df6")), stack: "c" },
          { label: "waived", data: list.map((g) => g.waived.length), backgroundColor: "#cfd6e2", stack: "c" },
          { label: "passed", data: list.map((g) => g.pass), backgroundColor: "#35c28a", stack: "c" },
        ],
      },
      options: { indexAxis: "y", scales: { x: { stacked: true }, y: { stacked: true } } },
    }, { label: "checks", size: list.length > 8 ? "tall" : "short" });
    if (only) el.appendChild(h("p", null, "Showing check ", h("b", null, only), " · ", h("a", { href: "#/checks" }, "show all")));
    list.filter((g) => !only || g.check === only).forEach((g) => {
      const card = QP.card("span12 group", null);
      card.setAttribute("data-check", g.check);
      card.appendChild(h("h3", null, g.check, QP.pill(g.fail.length ? g.severity : "pass", g.fail.length ? g.fail.length + " failing" : "all passed"), QP.at(g.at)));
      if (g.fail.length || g.waived.length) {
        card.appendChild(QP.table([
          { title: "Subject", get: (r) => (isRep(v, r.subject) ? QP.repLink(r.subject) : r.subject || "plan") },
          { title: "Status", get: (r) => QP.pill(r.status === "fail" ? r.severity : "waived", r.status === "fail" ? r.severity : "waived (" + r.waiver + ")") },
          { title: "Message", get: (r) => r.message || "", cls: () => "wrap" },
          { title: "Where", get: (r) => QP.at(r.at) },
        ], g.fail.concat(g.waived).slice(0, 200)));
        if (g.fail.length + g.waived.length > 200) card.appendChild(h("p", { class: "muted" }, "… and " + (g.fail.length + g.waived.length - 200) + " more."));
      }
      if (g.pass) card.appendChild(h("p", { class: "muted" }, "Passed for " + QP.human(g.pass, false) + " subjects."));
      el.appendChild(h("div", { class: "grid" }, card));
    });
  },
});

let repSet = null, repSetOf = null;
function isRep(v, id) {
  if (repSetOf !== v) {
    repSet = new Set(v.reps.map((r) => r.id));
    repSetOf = v;
  }
  return repSet.has(id);
}
