// quotaplan web view: the core that every page script uses. It loads the
// view (from the server, or from the data a report inlines), routes the
// address after "#/" to a page script, draws charts with Chart.js, and in
// serve mode reloads the view whenever the server says the plan was
// evaluated again. Every string from the plan reaches the page as text
// (textContent), never as markup.
(function () {
  "use strict";

  const QP = (window.QP = { pages: {}, view: null, report: false });
  let charts = [];
  let bundle = null;

  // register adds a page: {render(ctx)}; the id is the one the Go side
  // registered (web.Register), and the navigation lists only the pages the
  // view names.
  QP.register = function (id, page) {
    QP.pages[id] = page;
  };

  // ---- numbers, as the terminal prints them (rules.Human, rules.FormatAmount)

  function plainDigits(a) {
    let s = String(a);
    if (!/e/i.test(s)) return s;
    const parts = s.split(/e/i);
    const e = Number(parts[1]);
    const wf = parts[0].split(".");
    const digits = wf[0] + (wf[1] || "");
    const point = wf[0].length + e;
    if (point <= 0) return "0." + "0".repeat(-point) + digits;
    if (point >= digits.length) return digits + "0".repeat(point - digits.length);
    return digits.slice(0, point) + "." + digits.slice(point);
  }

  function increment(s) {
    const b = s.split("");
    for (let i = b.length - 1; i >= 0; i--) {
      if (b[i] < "9") {
        b[i] = String.fromCharCode(b[i].charCodeAt(0) + 1);
        return b.join("");
      }
      b[i] = "0";
    }
    return "1" + b.join("");
  }

  // roundDigits rounds |v| to places decimals, halves away from zero, on
  // the shortest decimal text of v.
  function roundDigits(v, places) {
    const wf = plainDigits(Math.abs(v)).split(".");
    let whole = wf[0];
    let frac = wf[1] || "";
    if (frac.length > places) {
      const up = frac[places] >= "5";
      let all = whole + frac.slice(0, places);
      if (up) all = increment(all);
      whole = all.slice(0, all.length - places);
      frac = all.slice(all.length - places);
    }
    frac = frac.replace(/0+$/, "");
    return { neg: v < 0 && /[1-9]/.test(whole + frac), whole: whole, frac: frac };
  }

  QP.isCurrency = function (unit) {
    return typeof unit === "string" && /^[A-Z]{3}$/.test(unit);
  };

  // human is rules.Human: thousands separators, no decimals for a currency
  // amount of 100 or more, otherwise at most 2 decimals.
  QP.human = function (v, currency) {
    if (typeof v !== "number" || !isFinite(v)) return String(v);
    const places = currency && Math.abs(v) >= 100 ? 0 : 2;
    const r = roundDigits(v, places);
    const whole = r.whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return (r.neg ? "-" : "") + whole + (r.frac ? "." + r.frac : "");
  };

  // amount is rules.FormatAmount: "$1,302,000", "EUR 1,302,000", "348 meetings".
  QP.amount = function (v, unit) {
    const currency = QP.isCurrency(unit);
    const digits = QP.human(Math.abs(v), currency);
    const sign = v < 0 && digits !== "0" ? "-" : "";
    if (!unit) return sign + digits;
    if (!currency) return sign + digits + " " + unit;
    if (unit === "USD") return sign + "$" + digits;
    return sign + unit + " " + digits;
  };

  QP.measure = function (name) {
    return (QP.view.measures || []).find((m) => m.name === name) || { name: name, unit: "", currency: false };
  };
  // num formats a figure of a measure for a table cell (unit in the header).
  QP.num = function (v, measure) {
    return QP.human(v, QP.measure(measure).currency);
  };
  QP.amountOf = function (v, measure) {
    return QP.amount(v, QP.measure(measure).unit);
  };
  QP.ratio = function (v) {
    const r = roundDigits(v, 2);
    const frac = (r.frac + "00").slice(0, 2);
    return (r.neg ? "-" : "") + r.whole + "." + frac + "x";
  };
  QP.percent = function (v) {
    return QP.human(v * 100, false) + "%";
  };
  // percent1 is a share with one decimal, as `quotaplan attainment`
  // prints attainment: "61.4%".
  QP.percent1 = function (v) {
    return (v * 100).toFixed(1) + "%";
  };

  // money is an amount of pay as `quotaplan comp` prints it (web.Money):
  // whole amounts grouped ("9,000"), others with two decimals and no
  // separator ("1234.50", strconv's 'f' format: exact ties to even).
  QP.money = function (v) {
    if (typeof v !== "number" || !isFinite(v)) return String(v);
    if (Number.isInteger(v)) return QP.human(v, true);
    const s = Math.abs(v).toFixed(100).replace(/0+$/, "");
    const dot = s.indexOf(".");
    let keep = s.slice(0, dot) + s.slice(dot + 1, dot + 3).padEnd(2, "0");
    const rest = s.slice(dot + 3);
    const up = rest > "5" || (rest === "5" && (Number(keep[keep.length - 1]) % 2 === 1));
    if (up) keep = increment(keep);
    return (v < 0 ? "-" : "") + keep.slice(0, keep.length - 2) + "." + keep.slice(keep.length - 2);
  };

  // ---- DOM

  // h builds an element: h("a", {href: "#/reps", class: "on"}, "text", child).
  // Strings become text nodes; nothing is parsed as markup.
  function h(tag, props) {
    const el = document.createElement(tag);
    if (props) {
      for (const k of Object.keys(props)) {
        const v = props[k];
        if (v === undefined || v === null || v === false) continue;
        if (k === "class") el.className = v;
        else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
        else if (k === "text") el.textContent = v;
        else el.setAttribute(k, v === true ? "" : String(v));
      }
    }
    for (let i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }
  function append(el, c) {
    if (c === undefined || c === null || c === false) return;
    if (Array.isArray(c)) {
      c.forEach((x) => append(el, x));
      return;
    }
    el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  QP.h = h;

  QP.link = function (path, params) {
    let s = "#/" + path.map(encodeURIComponent).join("/");
    if (params) {
      const q = new URLSearchParams();
      for (const k of Object.keys(params)) if (params[k] !== undefined && params[k] !== "") q.set(k, params[k]);
      const qs = q.toString();
      if (qs) s += "?" + qs;
    }
    return s;
  };
  QP.repLink = function (id, text) {
    if (!id) return "-";
    return h("a", { href: QP.link(["rep", id]), class: "rep-link" }, text === undefined ? id : text);
  };

  QP.card = function (cls, title) {
    const c = h("section", { class: "card " + (cls || "") });
    if (title) c.appendChild(h("h2", null, title));
    for (let i = 2; i < arguments.length; i++) append(c, arguments[i]);
    return c;
  };
  QP.kpi = function (label, value, hint) {
    return QP.card("kpi span3", null, h("div", { class: "label" }, label), h("div", { class: "value" }, value), hint ? h("div", { class: "hint" }, hint) : null);
  };
  QP.pill = function (cls, text) {
    return h("span", { class: "pill " + cls }, text);
  };

  // table builds a table: cols [{title, num, get(row) -> text|Node, sort(row) -> value}].
  QP.table = function (cols, rows, opts) {
    opts = opts || {};
    const thead = h("tr");
    cols.forEach((c, i) => {
      let cls = (c.num ? "num " : "") + (opts.onSort && c.sort ? "sort " : "");
      if (opts.sortIndex === i) cls += opts.desc ? "desc" : "asc";
      thead.appendChild(h("th", { class: cls.trim(), onclick: opts.onSort && c.sort ? () => opts.onSort(i) : null, "data-col": c.key || null }, c.title));
    });
    const tbody = h("tbody");
    rows.forEach((r) => {
      const tr = h("tr", { class: (opts.rowClass && opts.rowClass(r)) || null, onclick: opts.onRow ? () => opts.onRow(r) : null });
      cols.forEach((c) => {
        tr.appendChild(h("td", { class: ((c.num ? "num " : "") + (c.cls ? c.cls(r) : "")).trim() || null, "data-col": c.key || null }, c.get(r)));
      });
      tbody.appendChild(tr);
    });
    if (rows.length === 0) tbody.appendChild(h("tr", null, h("td", { colspan: cols.length, class: "empty" }, opts.empty || "Nothing to show.")));
    return h("div", { class: "tablewrap" }, h("table", opts.id ? { id: opts.id } : null, h("thead", null, thead), tbody));
  };

  // ---- charts

  QP.palette = ["#2f6fde", "#35c28a", "#f5a524", "#8e6cef", "#ef5da8", "#17b3c9", "#e7683a", "#7a9a01", "#b5179e", "#5b6b82", "#a3b1c6"];

  // chart draws a Chart.js chart in a new canvas inside parent; unit
  // formats the value axis and tooltips.
  QP.chart = function (parent, cfg, opts) {
    opts = opts || {};
    const box = h("div", { class: "chart " + (opts.size || "") });
    const canvas = h("canvas", { role: "img", "aria-label": opts.label || "chart" });
    box.appendChild(canvas);
    parent.appendChild(box);
    const fmt = opts.format || ((v) => QP.human(v, false));
    const base = {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      plugins: {
        legend: { position: "bottom", labels: { boxWidth: 12, boxHeight: 12 } },
        tooltip: {
          callbacks: {
            label: (c) => {
              const v = c.parsed && typeof c.parsed === "object" ? (cfg.options && cfg.options.indexAxis === "y" ? c.parsed.x : c.parsed.y) : c.parsed;
              return (c.dataset.label ? c.dataset.label + ": " : "") + fmt(v);
            },
          },
        },
      },
    };
    const valueAxis = cfg.options && cfg.options.indexAxis === "y" ? "x" : "y";
    if (cfg.type === "bar" || cfg.type === "line") {
      base.scales = {};
      base.scales[valueAxis] = { beginAtZero: true, ticks: { callback: (v) => fmt(v) }, grid: { color: "#eef0f3" } };
      base.scales[valueAxis === "y" ? "x" : "y"] = { grid: { display: false } };
    }
    const merged = deepMerge(base, cfg.options || {});
    const c = new window.Chart(canvas, { type: cfg.type, data: cfg.data, options: merged });
    charts.push(c);
    return c;
  };
  function deepMerge(a, b) {
    const out = Array.isArray(a) ? a.slice() : Object.assign({}, a);
    for (const k of Object.keys(b)) {
      if (b[k] && typeof b[k] === "object" && !Array.isArray(b[k]) && a[k] && typeof a[k] === "object") out[k] = deepMerge(a[k], b[k]);
      else out[k] = b[k];
    }
    return out;
  }
  QP.color = function (i) {
    return QP.palette[i % QP.palette.length];
  };

  // ---- data

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then((r) =>
      r.json().then((body) => {
        if (!r.ok) throw new Error(body && body.error ? body.error : r.status + " " + r.statusText);
        return body;
      })
    );
  }
  QP.rep = function (id) {
    if (QP.report) return Promise.resolve(reportRep(id));
    return getJSON("/api/rep?id=" + encodeURIComponent(id)).catch(() => null);
  };
  // reportRep rebuilds a rep's detail from the compact form a report
  // carries (web.reportRep): the row and checks from the view, quarters
  // summed, factor rows as objects.
  let repIndex = null;
  function reportRep(id) {
    const c = bundle.reps[id];
    if (!c) return null;
    const v = QP.view;
    if (!repIndex || repIndex.view !== v) {
      repIndex = { view: v, rows: new Map(v.reps.map((r) => [r.id, r])) };
    }
    const cuts = [[1, "start"], [2, "end"], [4, "leave"]];
    return {
      row: repIndex.rows.get(id),
      reports: c.reports || [],
      actuals: (c.actuals || []).map((a) => {
        const n = v.periods.length, pad = (x) => (x || []).concat(Array(n - (x || []).length).fill(0));
        const cm = v.data.attainment && v.data.attainment.measures.find((m) => m.measure === a.m);
        return {
          measure: a.m, unit: QP.measure(a.m).unit, carries: !!a.c, as_of: v.data.attainment ? v.data.attainment.as_of : v.plan.as_of,
          actual: pad(a.a), qtd: pad(a.q), total: a.t || 0, to_date: a.d || 0, attainment: a.x === undefined ? null : a.x, ramped: !!a.r,
          history: a.h || 0, pipeline: cm && cm.pipeline ? pad(a.p) : null, forecast: cm && cm.forecast ? pad(a.f) : null,
        };
      }),
      changes: c.changes || [],
      checks: v.checks.filter((x) => x.subject === id),
      quotas: c.quotas.map((q) => ({
        measure: q.measure, unit: q.unit, block: q.block, total: q.total, full: q.full, periods: q.periods, restates: !!q.restates,
        lock: q.lock || null, adjustments: q.adjustments || [],
        quarters: v.quarters.map((x) => ({ id: x.id, value: x.periods.reduce((a, i) => a + q.periods[i], 0) })),
        factors: q.f ? q.f.map((f, i) => ({
          full: f[0], weight: f[1], ramp: f[2], tier: f[3], tenure: f[4], active: f[5], active_days: f[6], days: f[7],
          cut: cuts.filter((x) => f[8] & x[0]).map((x) => x[1]), prorated: f[9] === 1, unrounded: f[10], value: q.periods[i],
        })) : null,
      })),
    };
  }

  // explain returns the explanation tree of one figure, or null when the
  // report does not carry it.
  QP.explain = function (rep, measure, period) {
    if (QP.report) {
      const t = bundle.explain && bundle.explain[rep] && bundle.explain[rep][measure] && bundle.explain[rep][measure][period];
      return Promise.resolve(t || null);
    }
    const q = new URLSearchParams({ rep: rep, measure: measure, period: period });
    return getJSON("/api/explain?" + q.toString());
  };
  // source returns the lines around line of a plan file
  // (web.SourceExcerpt), or null when they are not at hand.
  QP.source = function (file, line) {
    if (QP.report) {
      const src = bundle.sources && bundle.sources[file];
      if (typeof src !== "string") return Promise.resolve(null);
      const lines = src.replace(/\n$/, "").split("\n");
      if (line < 1 || line > lines.length) return Promise.resolve(null);
      const first = Math.max(1, line - 12), last = Math.min(lines.length, line + 12);
      return Promise.resolve({ file: file, line: line, first: first, lines: lines.slice(first - 1, last).map((l) => l.replace(/\r$/, "")) });
    }
    return getJSON("/api/source?" + new URLSearchParams({ file: file, line: String(line) }).toString()).catch(() => null);
  };
  // at shows a place "file:line" as a link to its source excerpt.
  QP.at = function (at, cls) {
    if (!at) return "";
    return h("a", { href: QP.link(["source"], { at: at }), class: "at-link " + (cls || "") }, h("code", null, at));
  };
  QP.hasExplain = function () {
    return !QP.report || !!(bundle && bundle.explain);
  };

  function loadView() {
    if (QP.report) return Promise.resolve(bundle.view);
    return getJSON("/api/view");
  }

  // ---- routing

  function parseHash() {
    let s = location.hash.replace(/^#\/?/, "");
    let query = "";
    const qi = s.indexOf("?");
    if (qi >= 0) {
      query = s.slice(qi + 1);
      s = s.slice(0, qi);
    }
    const segs = s ? s.split("/").map((x) => {
      try {
        return decodeURIComponent(x);
      } catch (e) {
        return x;
      }
    }) : [];
    return { page: segs[0] || "overview", args: segs.slice(1), params: new URLSearchParams(query) };
  }
  QP.setParams = function (changes) {
    const r = parseHash();
    for (const k of Object.keys(changes)) {
      if (changes[k] === undefined || changes[k] === "" || changes[k] === null) r.params.delete(k);
      else r.params.set(k, changes[k]);
    }
    const qs = r.params.toString();
    const next = "#/" + [r.page].concat(r.args).map(encodeURIComponent).join("/") + (qs ? "?" + qs : "");
    if (next !== location.hash) history.replaceState(null, "", next);
    render();
  };

  function nav(current) {
    const el = document.getElementById("nav");
    el.textContent = "";
    (QP.view.pages || []).forEach((p) => {
      el.appendChild(h("a", { href: "#/" + p.id, class: p.id === current ? "on" : null, "data-page": p.id }, p.title));
    });
  }

  function banner(st) {
    const el = document.getElementById("banner");
    el.textContent = "";
    const live = document.getElementById("live");
    if (!QP.report) {
      live.className = "live " + (st.ok ? "ok" : "err");
      live.textContent = st.ok ? "live · evaluation " + st.seq : "invalid save · evaluation " + st.seq;
    }
    if (st.ok || (!st.diagnostics.length && !st.empty)) {
      el.hidden = true;
      return;
    }
    el.hidden = false;
    el.appendChild(h("h2", null, st.empty ? "The plan has no valid evaluation yet" : "The last save is invalid: the figures below are from the last valid evaluation"));
    const ul = h("ul");
    st.diagnostics.forEach((d) => {
      const at = d.file ? d.file + ":" + d.line + ":" + d.column : "";
      ul.appendChild(h("li", { class: "diag " + d.severity }, at ? h("span", { class: "at" }, at) : null, h("b", null, d.severity + ": " + d.summary), d.detail ? h("span", { class: "detail" }, d.detail) : null));
    });
    el.appendChild(ul);
  }

  let renderSeq = 0;
  function render() {
    const seq = ++renderSeq;
    charts.forEach((c) => c.destroy());
    charts = [];
    const r = parseHash();
    const v = QP.view;
    banner(v.status);
    document.getElementById("plan-title").textContent = v.plan ? v.plan.title : "";
    if (v.plan) document.title = (v.plan.title || v.plan.id) + " · quotaplan";
    const page = r.page === "rep" ? "reps" : r.page === "source" ? "checks" : r.page;
    nav(page);
    const main = document.getElementById("main");
    const out = h("div", { class: "page", "data-page": r.page });
    const known = (QP.pages[r.page] && QP.pages[r.page].hidden) || (v.pages || []).some((p) => p.id === r.page);
    const done = () => {
      if (seq !== renderSeq) return;
      main.textContent = "";
      main.appendChild(out);
      document.body.setAttribute("data-rendered", String(v.status.seq) + ":" + r.page);
    };
    if (v.status.empty) {
      out.appendChild(h("p", { class: "empty" }, "No figures to show until the plan is valid."));
      done();
      return;
    }
    if (!known || !QP.pages[r.page]) {
      out.appendChild(h("h1", null, "Page not found"));
      out.appendChild(h("p", { class: "muted" }, "This plan has no page \u201c" + r.page + "\u201d. ", h("a", { href: "#/overview" }, "Go to the overview.")));
      done();
      return;
    }
    const ctx = { view: v, args: r.args, params: r.params, el: out, draw: (fn) => fn() };
    // A page draws its charts into out before out is on the page; Chart.js
    // sizes them once they are attached.
    Promise.resolve().then(() => QP.pages[r.page].render(ctx)).then(done, (err) => {
      console.error("quotaplan: the page " + r.page + " could not be drawn: " + (err && err.stack ? err.stack : err));
      out.appendChild(h("p", { class: "empty" }, "This page could not be drawn: " + err.message));
      done();
    });
  }
  QP.render = render;

  function foot() {
    const v = QP.view;
    const el = document.getElementById("foot");
    el.textContent = "";
    if (!v.plan) return;
    const bits = [v.plan.title + " (" + v.plan.id + ")", v.plan.start + " · " + v.plan.months + " months · " + v.plan.currency];
    if (v.scenario) bits.push("scenario " + v.scenario);
    bits.push(QP.report ? "quotaplan report: a snapshot of the plan" : "quotaplan serve: read-only, follows every save");
    el.textContent = bits.join(" · ");
  }

  function reload() {
    return loadView().then((v) => {
      QP.view = v;
      foot();
      render();
    });
  }

  QP.start = function () {
    const inline = document.getElementById("qp-data");
    if (inline) {
      QP.report = true;
      bundle = JSON.parse(inline.textContent);
    }
    window.addEventListener("hashchange", render);
    reload().catch((err) => {
      document.getElementById("main").textContent = "Cannot load the plan: " + err.message;
    });
    if (!QP.report && window.EventSource) {
      const es = new EventSource("/api/events");
      es.addEventListener("update", (e) => {
        let seq = 0;
        try {
          seq = JSON.parse(e.data).seq;
        } catch (err) {
          return;
        }
        if (!QP.view || seq !== QP.view.status.seq) reload();
      });
    }
  };
})();
