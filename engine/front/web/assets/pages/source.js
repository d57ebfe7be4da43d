// Source: the lines around a place of the plan (#/source?at=plan.hcl:161),
// where a check, a rule or a rep is written. Reached from every file:line
// of the other pages; a report carries the plan's HCL files for it.
QP.register("source", {
  hidden: true,
  render(ctx) {
    const h = QP.h, el = ctx.el;
    const at = ctx.params.get("at") || "";
    const i = at.lastIndexOf(":");
    const file = i > 0 ? at.slice(0, i) : at;
    const line = i > 0 ? parseInt(at.slice(i + 1), 10) : 0;
    el.appendChild(h("p", { class: "muted" }, h("a", { href: "#/checks" }, "Checks"), " / source"));
    el.appendChild(h("h1", null, file));
    return QP.source(file, line).then((ex) => {
      if (!ex) {
        el.appendChild(h("p", { class: "empty" }, "No line " + line + " of " + file + " to show here."));
        return;
      }
      el.appendChild(h("p", { class: "sub" }, "line " + ex.line));
      const rows = ex.lines.map((text, k) => ({ n: ex.first + k, text: text }));
      const c = QP.card("span12 source", null);
      c.appendChild(QP.table([
        { title: "", num: true, get: (r) => String(r.n), cls: () => "mono muted" },
        { title: "", get: (r) => h("code", null, r.text), cls: () => "code" },
      ], rows, { id: "source", rowClass: (r) => (r.n === ex.line ? "sel" : null) }));
      el.appendChild(h("div", { class: "grid" }, c));
    });
  },
});
