// The dashboard page: a unit's figures for a period, every one read from /graphql like any
// dashboard would. The unit and the period live in the URL (?unit=LA&period=2020-9), so a view
// can be shared; the pickers and a click on an office change it. The token, when reads need
// one, is kept in this browser's localStorage under the same key as the upload page's. Numbers
// are written the Vietnamese way, as thads's own report writes them (report/src/notation.rs).
// Everything is built with textContent: no text from the server is ever read as HTML.
(function () {
  "use strict";

  var TOKEN_KEY = "thads.token";
  var LEVELS = { NATION: 0, PROVINCE: 1, OFFICE: 2 };
  var COLOURS = { cases: "#1f5fbf", money: "#1e8e3e", target: "#b00020", pace: "#8a5a00", grey: "#9aa5b8" };
  var charts = {};

  function $(id) { return document.getElementById(id); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  // ---- Vietnamese notation -------------------------------------------------------------------

  function grouped(digits) {
    return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  // A number with `places` decimals: 59.1 → "59,10", 1234.5 → "1.234,50".
  function decimal(x, places) {
    var fixed = Math.abs(x).toFixed(places).split(".");
    var text = grouped(fixed[0]) + (fixed[1] ? "," + fixed[1] : "");
    return (x < 0 && Number(fixed.join("")) !== 0 ? "-" : "") + text;
  }

  function percent(x) { return x === null || x === undefined ? "—" : decimal(x, 2) + " %"; }
  function count(n) { return n === null || n === undefined ? "—" : decimal(n, 0); }

  // Đồng as a person writes them: billions with two decimals, millions with one, else đồng.
  function money(n) {
    if (n === null || n === undefined) { return "—"; }
    if (Math.abs(n) < 1e6) { return decimal(n, 0) + " đồng"; }
    var millions = Math.round(n / 1e5) / 10;
    if (Math.abs(millions) < 1000) { return decimal(millions, 1) + " triệu đồng"; }
    return decimal(Math.round(n / 1e7) / 100, 2) + " tỷ đồng";
  }

  // An office as a chart labels it, without the words every office's name opens with:
  // "Chi cục Thi hành án dân sự huyện Tân Trụ" → "huyện Tân Trụ".
  var OFFICE_PREFIX = /^(chi cục|phòng|cục)?\s*(thi hành án dân sự|thads)\s+/i;
  function shortName(name) {
    var short = name.replace(OFFICE_PREFIX, "");
    return short.length ? short : name;
  }

  function amount(measure, n) { return measure === "money" ? money(n) : count(n); }

  // The gap to the target in words: below it, or above.
  function gap(x) {
    if (x === null || x === undefined) { return "—"; }
    return x > 0 ? "thấp hơn " + percent(x) + " · below" : "vượt " + percent(-x) + " · above";
  }

  // ---- Access --------------------------------------------------------------------------------

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function token() { return (storage() && storage().getItem(TOKEN_KEY)) || ""; }

  function headers(extra) {
    var h = extra || {};
    if (token()) { h.Authorization = "Bearer " + token(); }
    return h;
  }

  function Refused(code, message) { this.code = code; this.message = message; }

  function gql(query, variables) {
    return fetch("/graphql", {
      method: "POST",
      headers: headers({ "Content-Type": "application/json" }),
      body: JSON.stringify({ query: query, variables: variables })
    }).then(function (r) {
      return r.json().catch(function () { throw new Refused("HTTP_" + r.status, r.statusText); });
    }).then(function (body) {
      if (body.errors && body.errors.length) {
        var e = body.errors[0];
        throw new Refused((e.extensions && e.extensions.code) || "ERROR", e.message);
      }
      return body.data;
    });
  }

  function say(vi, en, bad) {
    var status = $("status");
    status.textContent = "";
    status.appendChild(el("span", null, vi));
    if (en) { status.appendChild(el("span", "en", en)); }
    status.className = bad ? "bad" : "";
  }

  function refused(e) {
    if (e && (e.code === "UNAUTHENTICATED" || e.code === "FORBIDDEN")) {
      $("board").hidden = true;
      $("login").hidden = false;
      say(e.code === "FORBIDDEN" ? "Mã truy cập này không được xem số liệu." : "Cần mã truy cập để xem số liệu.",
          e.code === "FORBIDDEN" ? "This token may not read the statistics." : "A token is needed to read the statistics.",
          true);
      return;
    }
    say("Không tải được số liệu: " + ((e && e.message) || e), "The figures could not be loaded.", true);
  }

  // ---- The view: unit and period, in the URL -------------------------------------------------

  var view = { unit: null, year: null, months: null };
  var catalog = { periods: [], units: [] };

  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    view.unit = params.get("unit");
    var period = /^(\d{4})-(\d{1,2})$/.exec(params.get("period") || "");
    view.year = period ? Number(period[1]) : null;
    view.months = period ? Number(period[2]) : null;
  }

  function url(unit, year, months) {
    return "/dashboard?unit=" + encodeURIComponent(unit) + "&period=" + year + "-" + months;
  }

  // Opens another view; another period may have other units in force, so the pickers are
  // filled again.
  function go(unit, year, months) {
    var samePeriod = year === view.year && months === view.months;
    window.history.pushState(null, "", url(unit, year, months));
    show(!samePeriod);
  }

  // Draws the view the URL names, the periods and units read again first when `refill` is set.
  // The page says it is loading at once, so that nothing reads the previous view as this one.
  function show(refill) {
    readUrl();
    document.body.dataset.state = "loading";
    (refill ? loadCatalog() : Promise.resolve()).then(load).catch(failed);
  }

  function failed(e) {
    refused(e);
    document.body.dataset.state = "failed";
  }

  // The last day of a period: months after 1 October of the year before.
  function periodEnd(year, months) {
    var month = (9 + months) % 12;             // 0-based: October is 9
    var y = months <= 3 ? year - 1 : year;
    var last = new Date(Date.UTC(y, month + 1, 0));
    return last.toISOString().slice(0, 10);
  }

  function fillPickers() {
    var periodSelect = $("period");
    periodSelect.textContent = "";
    catalog.periods.forEach(function (p) {
      var option = el("option", null, p.label);
      option.value = p.year + "-" + p.months;
      option.selected = p.year === view.year && p.months === view.months;
      periodSelect.appendChild(option);
    });
    var unitSelect = $("unit");
    unitSelect.textContent = "";
    catalog.units.forEach(function (u) {
      var option = el("option", null, "\u00a0\u00a0".repeat(LEVELS[u.level] || 0) + u.name);
      option.value = u.code;
      option.selected = u.code === view.unit;
      unitSelect.appendChild(option);
    });
  }

  // The units in force at the period's end, each parent followed by its children.
  function ordered(units) {
    var children = {};
    var roots = [];
    units.forEach(function (u) {
      var parent = u.parent && u.parent.code;
      if (parent && units.some(function (x) { return x.code === parent; })) {
        (children[parent] = children[parent] || []).push(u);
      } else {
        roots.push(u);
      }
    });
    var out = [];
    function walk(list) {
      list.sort(function (a, b) { return a.code < b.code ? -1 : 1; });
      list.forEach(function (u) { out.push(u); walk(children[u.code] || []); });
    }
    walk(roots);
    return out;
  }

  function loadCatalog() {
    return gql("{ periods { year months label } }").then(function (data) {
      catalog.periods = data.periods.slice().sort(function (a, b) {
        return b.year - a.year || b.months - a.months;
      });
      var newest = catalog.periods[0];
      if (!newest) { throw new Refused("NO_DATA", "no report is stored yet"); }
      if (!catalog.periods.some(function (p) { return p.year === view.year && p.months === view.months; })) {
        view.year = newest.year;
        view.months = newest.months;
      }
      return gql("query ($at: Date) { units(at: $at) { code name level parent { code } } }",
                 { at: periodEnd(view.year, view.months) });
    }).then(function (data) {
      catalog.units = ordered(data.units);
      var known = catalog.units.some(function (u) { return u.code === view.unit; });
      if (!known) {
        var first = catalog.units.filter(function (u) { return u.level === "PROVINCE"; })[0] || catalog.units[0];
        view.unit = first && first.code;
      }
      window.history.replaceState(null, "", url(view.unit, view.year, view.months));
      fillPickers();
    });
  }

  // ---- The figures ---------------------------------------------------------------------------

  var MEASURE = "enforceable resolved rate target gapToTarget proratedTarget notEnforceable";

  // The figures, in two requests: each stays under the API's limit on a request's complexity
  // (every `stats` and `completeness` counts 50).
  function figuresQuery() {
    var filter = "filter: {units: [$unit]}";
    return "query ($period: PeriodInput!, $unit: String!, $year: Int!) {\n" +
      " unit(code: $unit) { code name level parent { code name parent { code name } } }\n" +
      " whole: stats(period: $period, " + filter + ") { officesExpected officesReported" +
      "  cases { " + MEASURE + " previousYear { rate } } money { " + MEASURE + " previousYear { rate } } }\n" +
      " offices: stats(period: $period, " + filter + ", groupBy: [OFFICE]) { unit { code name }" +
      "  cases { enforceable resolved rate target } money { enforceable resolved rate target } }\n" +
      " groups: stats(period: $period, " + filter + ", groupBy: [CASE_GROUP]) { caseType { code name }" +
      "  cases { enforceable resolved notEnforceable } money { enforceable resolved notEnforceable } }\n" +
      " types: stats(period: $period, " + filter + ", groupBy: [CASE_TYPE]) { caseType { code name parent { code } }" +
      "  cases { enforceable resolved notEnforceable } money { enforceable resolved notEnforceable } }\n" +
      " series(year: $year, " + filter + ") { period { months label }" +
      "  cases { rate proratedTarget monthAlone { rate } } money { rate proratedTarget monthAlone { rate } } }\n}";
  }

  // Which offices reported each month of the year up to the period's.
  function completenessQuery(months) {
    var parts = [];
    for (var m = 1; m <= months; m++) {
      parts.push("m" + m + ": completeness(period: {year: $year, months: " + m + "}, unit: $unit) " +
                 "{ unit { code name } form due timeliness daysLate received { at fileName } }");
    }
    return "query ($unit: String!, $year: Int!) {\n " + parts.join("\n ") + "\n}";
  }

  function load() {
    fillPickers();
    say("Đang tải số liệu…", "Loading…", false);
    document.body.dataset.state = "loading";
    var variables = { period: { year: view.year, months: view.months }, unit: view.unit, year: view.year };
    return Promise.all([
      gql(figuresQuery(), variables),
      gql(completenessQuery(view.months), { unit: view.unit, year: view.year })
    ]).then(function (answers) {
      $("login").hidden = true;
      $("board").hidden = false;
      render(answers[0], answers[1]);
      say("", "", false);
      document.body.dataset.state = "ready";
    }).catch(failed);
  }

  function setValue(key, text, value) {
    document.querySelectorAll('[data-key="' + key + '"]').forEach(function (node) {
      node.textContent = text;
      node.dataset.value = value === null || value === undefined ? "" : String(value);
    });
  }

  function render(data, received) {
    var unit = data.unit;
    $("title").textContent = unit ? unit.name : view.unit;
    document.title = (unit ? unit.name : view.unit) + " — thads";
    trail(unit);
    var whole = data.whole[0] || null;
    tiles(whole);
    var isOffice = unit && unit.level === "OFFICE";
    $("ranking-card").hidden = isOffice;
    if (!isOffice) { ranking(data.offices); }
    series(data.series);
    types(data.groups, data.types);
    completeness(received);
  }

  function trail(unit) {
    var nav = $("trail");
    nav.textContent = "";
    var chain = [];
    for (var u = unit && unit.parent; u; u = u.parent) { chain.unshift(u); }
    chain.forEach(function (u) {
      var a = el("a", null, u.name);
      a.href = url(u.code, view.year, view.months);
      nav.appendChild(a);
      nav.appendChild(document.createTextNode(" › "));
    });
    if (unit) { nav.appendChild(el("span", null, unit.name)); }
  }

  function tiles(whole) {
    ["cases", "money"].forEach(function (m) {
      var x = whole ? whole[m] : {};
      setValue(m + ".rate", percent(x.rate), x.rate);
      setValue(m + ".target", percent(x.target), x.target);
      setValue(m + ".proratedTarget", percent(x.proratedTarget), x.proratedTarget);
      setValue(m + ".gapToTarget", gap(x.gapToTarget), x.gapToTarget);
      var before = x.previousYear ? x.previousYear.rate : null;
      setValue(m + ".previousYear.rate", percent(before), before);
      setValue(m + ".resolved", amount(m, x.resolved), x.resolved);
      setValue(m + ".enforceable", amount(m, x.enforceable), x.enforceable);
    });
    setValue("officesReported", count(whole ? whole.officesReported : null), whole ? whole.officesReported : null);
    setValue("officesExpected", count(whole ? whole.officesExpected : null), whole ? whole.officesExpected : null);
  }

  // A chart drawn again over the same canvas.
  function chart(id, config) {
    if (charts[id]) { charts[id].destroy(); }
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options);
    charts[id] = new window.Chart($(id), config);
    return charts[id];
  }

  function percentAxis() {
    return { beginAtZero: true, suggestedMax: 100, ticks: { callback: function (v) { return decimal(v, 0) + " %"; } } };
  }

  function ranking(offices) {
    ["cases", "money"].forEach(function (m) {
      var rows = offices.filter(function (o) { return o[m].rate !== null; })
        .sort(function (a, b) { return a[m].rate - b[m].rate || (a.unit.code < b.unit.code ? -1 : 1); });
      var canvas = $("rank-" + m);
      canvas.parentNode.style.height = Math.max(220, 28 * rows.length + 60) + "px";
      chart("rank-" + m, {
        type: "bar",
        data: {
          labels: rows.map(function (o) { return shortName(o.unit.name); }),
          datasets: [
            { label: "Tỷ lệ · rate", data: rows.map(function (o) { return o[m].rate; }), backgroundColor: COLOURS[m] },
            { type: "line", label: "Chỉ tiêu · target", data: rows.map(function (o) { return o[m].target; }),
              borderColor: COLOURS.target, backgroundColor: COLOURS.target, pointStyle: "line", pointRadius: 10,
              borderWidth: 2, showLine: false }
          ]
        },
        options: {
          indexAxis: "y",
          scales: { x: percentAxis() },
          plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + percent(c.raw); } } } },
          onClick: function (event, elements) {
            if (elements.length) { go(rows[elements[0].index].unit.code, view.year, view.months); }
          }
        }
      });
    });
    rankingTable(offices);
  }

  function headRow(table, cells) {
    var tr = el("tr");
    cells.forEach(function (c) {
      var th = el("th", null, c[0]);
      if (c[1]) { th.appendChild(el("span", "en", c[1])); }
      tr.appendChild(th);
    });
    var thead = el("thead");
    thead.appendChild(tr);
    table.appendChild(thead);
  }

  function cell(tr, text, value) {
    var td = el("td", "num", text);
    td.dataset.value = value === null || value === undefined ? "" : String(value);
    tr.appendChild(td);
    return td;
  }

  function rankingTable(offices) {
    var table = $("ranking");
    table.textContent = "";
    headRow(table, [["Đơn vị", "Office"], ["Việc: có điều kiện", "Cases: enforceable"], ["xong", "resolved"],
      ["tỷ lệ", "rate"], ["chỉ tiêu", "target"], ["Tiền: có điều kiện", "Money: enforceable"], ["xong", "resolved"],
      ["tỷ lệ", "rate"], ["chỉ tiêu", "target"]]);
    var body = el("tbody");
    offices.slice().sort(function (a, b) {
      return (a.cases.rate === null) - (b.cases.rate === null) || a.cases.rate - b.cases.rate;
    }).forEach(function (o) {
      var tr = el("tr");
      tr.dataset.unit = o.unit.code;
      var name = el("td");
      var link = el("a", "office", o.unit.name);
      link.href = url(o.unit.code, view.year, view.months);
      link.addEventListener("click", function (event) {
        event.preventDefault();
        go(o.unit.code, view.year, view.months);
      });
      name.appendChild(link);
      tr.appendChild(name);
      ["cases", "money"].forEach(function (m) {
        cell(tr, amount(m, o[m].enforceable), o[m].enforceable).dataset.key = m + ".enforceable";
        cell(tr, amount(m, o[m].resolved), o[m].resolved).dataset.key = m + ".resolved";
        cell(tr, percent(o[m].rate), o[m].rate).dataset.key = m + ".rate";
        cell(tr, percent(o[m].target), o[m].target).dataset.key = m + ".target";
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
  }

  function series(rows) {
    var sorted = rows.slice().sort(function (a, b) { return a.period.months - b.period.months; });
    var labels = sorted.map(function (r) { return "T" + r.period.months; });
    ["cases", "money"].forEach(function (m) {
      chart("series-" + m, {
        type: "bar",
        data: {
          labels: labels,
          datasets: [
            { type: "line", label: "Lũy kế · cumulative", data: sorted.map(function (r) { return r[m].rate; }),
              borderColor: COLOURS[m], backgroundColor: COLOURS[m], spanGaps: false },
            { type: "line", label: "Tiến độ chỉ tiêu · pro-rata target",
              data: sorted.map(function (r) { return r[m].proratedTarget; }),
              borderColor: COLOURS.pace, borderDash: [6, 4], backgroundColor: COLOURS.pace },
            { label: "Riêng tháng · month alone",
              data: sorted.map(function (r) { return r[m].monthAlone ? r[m].monthAlone.rate : null; }),
              backgroundColor: COLOURS.grey }
          ]
        },
        options: {
          scales: { y: percentAxis() },
          plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + percent(c.raw); } } } }
        }
      });
    });
    var table = $("series");
    table.textContent = "";
    headRow(table, [["Kỳ", "Period"], ["Việc: lũy kế", "Cases: cumulative"], ["tiến độ", "pace"],
      ["riêng tháng", "month alone"], ["Tiền: lũy kế", "Money: cumulative"], ["tiến độ", "pace"], ["riêng tháng", "month alone"]]);
    var body = el("tbody");
    sorted.forEach(function (r) {
      var tr = el("tr");
      tr.dataset.months = r.period.months;
      tr.appendChild(el("td", null, r.period.label));
      ["cases", "money"].forEach(function (m) {
        var alone = r[m].monthAlone ? r[m].monthAlone.rate : null;
        cell(tr, percent(r[m].rate), r[m].rate).dataset.key = m + ".rate";
        cell(tr, percent(r[m].proratedTarget), r[m].proratedTarget).dataset.key = m + ".proratedTarget";
        cell(tr, percent(alone), alone).dataset.key = m + ".monthAlone.rate";
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
  }

  // Enforceable but not resolved.
  function unfinished(x) {
    return x.enforceable === null || x.resolved === null ? null : x.enforceable - x.resolved;
  }

  function types(groups, leaves) {
    var rows = [];
    groups.forEach(function (g) {
      rows.push({ row: g, group: true });
      leaves.filter(function (t) { return t.caseType.parent && t.caseType.parent.code === g.caseType.code; })
        .forEach(function (t) { rows.push({ row: t, group: false }); });
    });
    ["cases", "money"].forEach(function (m) {
      var shown = rows.filter(function (r) {
        var x = r.row[m];
        return !r.group && ((unfinished(x) || 0) > 0 || (x.notEnforceable || 0) > 0);
      });
      $("types-" + m).parentNode.style.height = Math.max(200, 28 * shown.length + 70) + "px";
      chart("types-" + m, {
        type: "bar",
        data: {
          labels: shown.map(function (r) { return r.row.caseType.name + " (" + r.row.caseType.parent.code + ")"; }),
          datasets: [
            { label: "Chưa xong · unfinished", data: shown.map(function (r) { return unfinished(r.row[m]); }),
              backgroundColor: COLOURS[m] },
            { label: "Chưa có điều kiện · not enforceable", data: shown.map(function (r) { return r.row[m].notEnforceable; }),
              backgroundColor: COLOURS.grey }
          ]
        },
        options: {
          indexAxis: "y",
          scales: { x: { stacked: true, ticks: { callback: function (v) { return m === "money" ? money(v) : count(v); } } },
                    y: { stacked: true } },
          plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + amount(m, c.raw); } } } }
        }
      });
    });
    var table = $("types");
    table.textContent = "";
    headRow(table, [["Loại việc", "Case type"], ["Việc chưa xong", "Cases unfinished"],
      ["chưa có điều kiện", "not enforceable"], ["Tiền chưa xong", "Money unfinished"], ["chưa có điều kiện", "not enforceable"]]);
    var body = el("tbody");
    rows.forEach(function (r) {
      var tr = el("tr", r.group ? "group" : null);
      tr.dataset.caseType = r.row.caseType.code;
      tr.appendChild(el("td", null, r.row.caseType.name));
      ["cases", "money"].forEach(function (m) {
        cell(tr, amount(m, unfinished(r.row[m])), unfinished(r.row[m])).dataset.key = m + ".unfinished";
        cell(tr, amount(m, r.row[m].notEnforceable), r.row[m].notEnforceable).dataset.key = m + ".notEnforceable";
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
  }

  function when(iso) {
    var d = new Date(iso);
    return isNaN(d) ? iso : d.toLocaleString("vi-VN");
  }

  // One form of one month in a word and a mark: on time, late (by how many days), overdue,
  // not due yet, or missing where no deadline applies.
  function judged(s) {
    var name = s.form === "CASES" ? "Mẫu 01" : "Mẫu 02";
    var due = s.due ? " (hạn " + s.due.split("-").reverse().join("/") + ")" : "";
    if (s.received) {
      var at = "nhận lúc " + when(s.received.at) + (s.received.fileName ? " (" + s.received.fileName + ")" : "");
      if (s.timeliness === "LATE") {
        return { mark: "✓+" + s.daysLate, late: true, text: name + ": " + at + ", trễ " + s.daysLate + " ngày" + due };
      }
      return { mark: "✓", text: name + ": " + at + (s.timeliness === "ON_TIME" ? ", đúng hạn" + due : "") };
    }
    if (s.timeliness === "OVERDUE") {
      return { mark: "✗", overdue: true, text: name + ": chưa gửi, quá hạn " + s.daysLate + " ngày" + due };
    }
    if (s.timeliness === "PENDING") { return { mark: "…", pending: true, text: name + ": chưa đến hạn" + due }; }
    return { mark: "—", text: name + ": chưa gửi" };
  }

  // The state of a month's cell: both forms received (on time or late), some, none (overdue,
  // pending, or missing where no deadline applies).
  function cellState(forms) {
    var got = forms.filter(function (f) { return f.status && f.status.received; });
    var marks = forms.map(function (f) { return f.judged; });
    if (got.length === forms.length) {
      return marks.some(function (j) { return j.late; }) ? "late" : "received";
    }
    if (got.length > 0) { return "partial"; }
    if (marks.some(function (j) { return j.overdue; })) { return "overdue"; }
    if (marks.some(function (j) { return j.pending; })) { return "pending"; }
    return "missing";
  }

  function completeness(data) {
    var offices = {};
    var order = [];
    for (var m = 1; m <= view.months; m++) {
      (data["m" + m] || []).forEach(function (s) {
        var code = s.unit ? s.unit.code : "?";
        if (!offices[code]) { offices[code] = { name: s.unit ? s.unit.name : code, months: {} }; order.push(code); }
        var month = offices[code].months[m] = offices[code].months[m] || {};
        month[s.form] = s;
      });
    }
    order.sort();
    var table = $("completeness");
    table.textContent = "";
    var head = [["Đơn vị", "Office"]];
    for (var h = 1; h <= view.months; h++) { head.push(["T" + h, null]); }
    headRow(table, head);
    var body = el("tbody");
    order.forEach(function (code) {
      var tr = el("tr");
      tr.dataset.unit = code;
      tr.appendChild(el("td", null, offices[code].name));
      for (var m = 1; m <= view.months; m++) {
        var month = offices[code].months[m];
        var td = el("td", "mark");
        td.dataset.months = m;
        if (!month) {
          td.dataset.state = "none";
        } else {
          var forms = ["CASES", "MONEY"].map(function (form) {
            var s = month[form];
            return { status: s, judged: s ? judged(s) : { mark: "", text: "" } };
          });
          td.textContent = forms.map(function (f) { return f.judged.mark; }).join(" / ");
          td.title = forms.map(function (f) { return f.judged.text; }).join("\n");
          td.dataset.state = cellState(forms);
        }
        tr.appendChild(td);
      }
      body.appendChild(tr);
    });
    table.appendChild(body);
  }

  // ---- Downloads ----------------------------------------------------------------------------

  function download(format) {
    var path = "/api/report?unit=" + encodeURIComponent(view.unit) + "&year=" + view.year + "&months=" + view.months +
      "&format=" + format;
    say("Đang tạo báo cáo…", "Making the report…", false);
    fetch(path, { headers: headers() }).then(function (r) {
      if (!r.ok) {
        return r.json().then(function (body) {
          var e = body.errors && body.errors[0];
          throw new Refused(e && e.extensions && e.extensions.code, e ? e.message : r.statusText);
        });
      }
      var name = /filename="?([^";]+)"?/.exec(r.headers.get("Content-Disposition") || "");
      return r.blob().then(function (blob) {
        var a = el("a");
        a.href = URL.createObjectURL(blob);
        a.download = name ? name[1] : "thads-report." + format;
        document.body.appendChild(a);
        a.click();
        a.remove();
        say("Đã tải báo cáo.", "The report was downloaded.", false);
      });
    }).catch(function (e) {
      say("Không tạo được báo cáo: " + ((e && e.message) || e), "The report could not be made.", true);
    });
  }

  // ---- Start ---------------------------------------------------------------------------------


  $("unit").addEventListener("change", function () { go($("unit").value, view.year, view.months); });
  $("period").addEventListener("change", function () {
    var parts = $("period").value.split("-");
    go(view.unit, Number(parts[0]), Number(parts[1]));
  });
  $("use-token").addEventListener("click", function () {
    var value = $("token").value.trim();
    if (storage()) { storage().setItem(TOKEN_KEY, value); }
    $("token").value = "";
    show(true);
  });
  document.querySelectorAll("#downloads button").forEach(function (b) {
    b.addEventListener("click", function () { download(b.dataset.format); });
  });
  window.addEventListener("popstate", function () { show(true); });

  show(true);
}());
