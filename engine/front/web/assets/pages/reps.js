// The reps: the distribution of quotas, then a table that sorts, filters
// and pages (fifty rows at a time, so ten thousand reps stay fast). Its
// state is in the address: #/reps?q=west&sort=new_arr&desc=1&page=2.
const PAGE = 50;

QP.register("reps", {
  render(ctx) {
    const v = ctx.view, h = QP.h, el = ctx.el, p = ctx.params;
    const measures = v.measures.map((m) => m.name);
    el.appendChild(h("h1", null, "Reps"));
    el.appendChild(h("p", { class: "sub" }, QP.human(v.reps.length, false) + " reps · click a rep for its months and how each was built"));

    const main = measures.includes(p.get("dist")) ? p.get("dist") : mostCarried(v.reps, measures);
    if (main) {
      const c = QP.card("span12", "Distribution of " + main + " quotas (plan total per rep)");
      if (measures.length > 1) {
        const sel = h("select", { id: "dist-measure", "aria-label": "measure" }, measures.map((m) => h("option", { value: m, selected: m === main }, m)));
        sel.addEventListener("change", () => QP.setParams({ dist: sel.value }));
        c.appendChild(h("div", { class: "toolbar" }, sel));
      }
      el.appendChild(h("div", { class: "grid" }, c));
      const vals = v.reps.map((r) => r.totals[main]).filter((x) => typeof x === "number" && x > 0);
      const bins = histogram(vals, 12);
      QP.chart(c, {
        type: "bar",
        data: { labels: bins.map((b) => QP.amount(b.lo, QP.measure(main).unit) + "+"), datasets: [{ label: "reps", data: bins.map((b) => b.n), backgroundColor: "#2f6fde" }] },
        options: { plugins: { legend: { display: false } } },
      }, { label: "quota distribution", size: "short" });
    }

    const cols = [
      { title: "Rep", key: "id", get: (r) => QP.repLink(r.id), sort: (r) => r.id },
      { title: "Name", key: "name", get: (r) => r.name, sort: (r) => r.name },
      { title: "Role", key: "role", get: (r) => r.role || "-", sort: (r) => r.role },
      { title: "Territory", key: "territory", get: (r) => r.territory || "-", sort: (r) => r.territory },
      { title: "Manager", key: "manager", get: (r) => (r.manager ? QP.repLink(r.manager) : "-"), sort: (r) => r.manager },
    ];
    measures.forEach((m) => {
      const unit = QP.measure(m).unit;
      cols.push({ title: m + (unit ? " (" + unit + ")" : ""), key: "m:" + m, num: true, get: (r) => (m in r.totals ? QP.num(r.totals[m], m) : "-"), sort: (r) => (m in r.totals ? r.totals[m] : -Infinity) });
    });
    cols.push({ title: "Checks", key: "checks", num: true, get: (r) => (r.checks ? QP.pill("warning", r.checks + " failing") : ""), sort: (r) => r.checks });

    const q = (p.get("q") || "").toLowerCase();
    const role = p.get("role") || "", terr = p.get("territory") || "";
    let rows = v.reps;
    if (role) rows = rows.filter((r) => r.role === role);
    if (terr) rows = rows.filter((r) => r.territory === terr);
    if (q) rows = rows.filter((r) => [r.id, r.name, r.role, r.territory, r.manager].some((s) => (s || "").toLowerCase().includes(q)));
    const sortKey = p.get("sort") || "";
    const desc = p.get("desc") === "1";
    const si = cols.findIndex((c) => c.key === sortKey);
    if (si >= 0) {
      const get = cols[si].sort;
      rows = rows.slice().sort((a, b) => {
        const x = get(a), y = get(b);
        const c = typeof x === "number" && typeof y === "number" ? x - y : String(x || "").localeCompare(String(y || ""));
        return (desc ? -c : c) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
      });
    }
    const pages = Math.max(1, Math.ceil(rows.length / PAGE));
    const page = Math.min(Math.max(1, parseInt(p.get("page") || "1", 10) || 1), pages);
    const shown = rows.slice((page - 1) * PAGE, page * PAGE);

    const card = QP.card("span12", null);
    const search = h("input", { type: "search", id: "rep-filter", placeholder: "Filter by id, name, role, territory, manager", value: p.get("q") || "" });
    let timer = 0;
    search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => QP.setParams({ q: search.value, page: "" }), 150);
    });
    const select = (id, label, values, current, key) => {
      const sel = h("select", { id: id, "aria-label": label },
        h("option", { value: "" }, "every " + label), values.map((x) => h("option", { value: x, selected: x === current }, x)));
      sel.addEventListener("change", () => QP.setParams({ [key]: sel.value, page: "" }));
      return sel;
    };
    const distinct = (get) => Array.from(new Set(v.reps.map(get).filter((x) => x))).sort();
    const roles = distinct((r) => r.role), terrs = distinct((r) => r.territory);
    card.appendChild(h("div", { class: "toolbar" }, search,
      roles.length > 1 ? select("rep-role", "role", roles, role, "role") : null,
      terrs.length > 1 ? select("rep-territory", "territory", terrs, terr, "territory") : null,
      h("span", { class: "muted", id: "rep-count" }, QP.human(rows.length, false) + " of " + QP.human(v.reps.length, false) + " reps")));
    card.appendChild(QP.table(cols, shown, {
      id: "reps-table",
      sortIndex: si,
      desc: desc,
      onSort: (i) => QP.setParams({ sort: cols[i].key, desc: si === i && !desc ? "1" : "", page: "" }),
      empty: "No rep matches the filter.",
    }));
    const prev = h("button", { disabled: page <= 1, onclick: () => QP.setParams({ page: String(page - 1) }) }, "Previous");
    const next = h("button", { disabled: page >= pages, onclick: () => QP.setParams({ page: String(page + 1) }) }, "Next");
    card.appendChild(h("div", { class: "pager" }, prev, h("span", { id: "rep-page" }, "page " + page + " of " + pages), next));
    el.appendChild(h("div", { class: "grid" }, card));
    if (q) setTimeout(() => {
      const s = document.getElementById("rep-filter");
      if (s) {
        s.focus();
        s.setSelectionRange(s.value.length, s.value.length);
      }
    }, 0);
  },
});

// histogram bins values into n bins of equal width from the smallest.
function histogram(vals, n) {
  if (!vals.length) return [];
  let lo = Infinity, hi = -Infinity;
  vals.forEach((x) => {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  });
  if (hi === lo) return [{ lo: lo, n: vals.length }];
  const w = (hi - lo) / n;
  const bins = Array.from({ length: n }, (_, i) => ({ lo: lo + i * w, n: 0 }));
  vals.forEach((x) => {
    bins[Math.min(n - 1, Math.floor((x - lo) / w))].n++;
  });
  return bins;
}

// mostCarried is the measure most reps carry (the first of those in name
// order on a tie).
function mostCarried(reps, measures) {
  let best = measures[0], n = -1;
  measures.forEach((m) => {
    const k = reps.reduce((a, r) => a + (m in r.totals ? 1 : 0), 0);
    if (k > n) {
      best = m;
      n = k;
    }
  });
  return best;
}
