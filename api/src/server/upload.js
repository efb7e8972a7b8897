// The upload page: the clerk pastes the office's token once (kept in this browser's
// localStorage), chooses or drops the workbooks, sends them to POST /api/imports and sees
// what became of each file, with every problem and its sheet and cell, in Vietnamese first
// and English beneath, both as the server words them (`messages` of each problem).
// Everything is built with textContent: no text from a file or the server is ever read as
// HTML.
(function () {
  "use strict";

  var TOKEN_KEY = "thads.token";

  var STATUS = {
    imported: ["Đã nhập", "Imported"],
    replaced: ["Đã nhập, thay cho báo cáo gửi trước", "Imported, replacing the earlier report"],
    unchanged: ["Đã có, không thay đổi", "Already there, unchanged"],
    rejected: ["Bị từ chối: không lưu gì của tệp này", "Rejected: nothing of this file was stored"],
    skipped: ["Bỏ qua", "Skipped"],
    consistent: ["Báo cáo tổng hợp khớp với số liệu các đơn vị đã gửi", "Consolidated report: equal to the sum of the offices' reports"],
    inconsistent: ["Báo cáo tổng hợp không khớp với số liệu các đơn vị đã gửi", "Consolidated report: differs from the sum of the offices' reports"]
  };

  // What became of each form's report, in a word.
  var FORM_STATUS = {
    imported: "đã nhập",
    replaced: "đã nhập, thay báo cáo trước",
    unchanged: "không đổi",
    rejected: "không nhập"
  };

  var FORMS = {
    cases: "Mẫu 01/TK-THA (việc)",
    money: "Mẫu 02/TK-THA (tiền)"
  };

  var REFUSALS = {
    401: ["Mã truy cập chưa được dán, bị gõ sai hoặc đã bị thu hồi.", "The token is missing, mistyped or revoked."],
    403: ["Mã truy cập này không được phép gửi báo cáo.", "This token may not upload reports."],
    408: ["Quá thời gian chờ: hãy gửi ít tệp hơn mỗi lần.", "The request took too long: send fewer files at a time."],
    413: ["Quá nhiều tệp hoặc quá lớn (tối đa 50 tệp, tổng 64 MB).", "Too many files, or too large (at most 50 files, 64 MB in all)."]
  };

  var $ = function (id) { return document.getElementById(id); };
  var tokenInput = $("token");
  var fileInput = $("files");
  var drop = $("drop");
  var chosenList = $("chosen");
  var sendButton = $("send");
  var statusLine = $("status");
  var results = $("results");
  var chosen = [];

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function both(vi, en) {
    var span = el("span", null, vi + " ");
    var english = el("span", "en", en);
    english.lang = "en";
    span.appendChild(english);
    return span;
  }

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function showTokenState() {
    var stored = storage() && storage().getItem(TOKEN_KEY);
    $("token-state").textContent = stored
      ? "Đã ghi nhớ mã trong trình duyệt này. — Remembered in this browser."
      : "Chưa có mã. — No token yet.";
  }

  tokenInput.value = (storage() && storage().getItem(TOKEN_KEY)) || "";
  showTokenState();
  tokenInput.addEventListener("input", function () {
    var value = tokenInput.value.trim();
    if (storage()) {
      if (value) { storage().setItem(TOKEN_KEY, value); } else { storage().removeItem(TOKEN_KEY); }
    }
    showTokenState();
  });
  $("forget").addEventListener("click", function () {
    tokenInput.value = "";
    if (storage()) { storage().removeItem(TOKEN_KEY); }
    showTokenState();
  });

  function choose(files) {
    chosen = Array.prototype.slice.call(files);
    chosenList.textContent = "";
    chosen.forEach(function (f) {
      chosenList.appendChild(el("li", null, f.name + " (" + Math.max(1, Math.round(f.size / 1024)) + " KB)"));
    });
  }

  fileInput.addEventListener("change", function () { choose(fileInput.files); });
  drop.addEventListener("dragover", function (e) { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", function () { drop.classList.remove("over"); });
  drop.addEventListener("drop", function (e) {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer && e.dataTransfer.files.length) { choose(e.dataTransfer.files); }
  });

  function say(vi, en, bad) {
    statusLine.textContent = "";
    statusLine.className = bad ? "bad" : "";
    statusLine.appendChild(both(vi, en));
  }

  function place(p) {
    var parts = [];
    if (p.sheet) { parts.push("trang \"" + p.sheet + "\""); }
    if (p.cell) { parts.push("ô " + p.cell); }
    if (p.row) { parts.push("dòng \"" + p.row + "\""); }
    if (p.column) { parts.push("cột (" + p.column.number + ") " + p.column.heading); }
    return parts.join(", ");
  }

  function problemItem(p) {
    var error = p.severity === "error";
    var li = el("li", error ? "error" : "warning");
    li.dataset.code = p.code;
    li.appendChild(el("span", "kind", error ? "Lỗi (error)" : "Cảnh báo (warning)"));
    var where = place(p);
    if (where) {
      li.appendChild(document.createTextNode(" · "));
      li.appendChild(el("span", "place", where));
    }
    li.appendChild(document.createTextNode(": "));
    // The server's messages, the one source of their wording: Vietnamese, English beneath.
    var messages = p.messages || { vi: p.message, en: p.message };
    var vietnamese = el("span", "vi", messages.vi);
    vietnamese.lang = "vi";
    li.appendChild(vietnamese);
    var english = el("span", "en", messages.en);
    english.lang = "en";
    li.appendChild(english);
    return li;
  }

  function fileCard(f) {
    var card = el("article", "file");
    card.dataset.status = f.status;
    var title = el("h3", null, f.path);
    var words = STATUS[f.status] || [f.status, f.status];
    var badge = el("span", "badge");
    badge.appendChild(both(words[0], words[1]));
    title.appendChild(badge);
    card.appendChild(title);
    var facts = [];
    if (f.unit) { facts.push("Đơn vị " + f.unit); }
    if (f.period) { facts.push(f.period.label); }
    (f.forms || []).forEach(function (form) {
      facts.push((FORMS[form.form] || form.form) + ": " + (FORM_STATUS[form.status] || form.status));
    });
    if (facts.length) { card.appendChild(el("p", "facts", facts.join(" · "))); }
    if (f.problems && f.problems.length) {
      var list = el("ul", "problems");
      f.problems.forEach(function (p) { list.appendChild(problemItem(p)); });
      card.appendChild(list);
    }
    return card;
  }

  function showOutcomes(body) {
    results.textContent = "";
    body.files.forEach(function (f) { results.appendChild(fileCard(f)); });
    var s = body.summary;
    var stored = s.imported + s.replaced;
    var vi = body.files.length + " tệp: " + stored + " đã nhập, " + s.unchanged + " không đổi, " + s.rejected + " bị từ chối.";
    var en = body.files.length + " files: " + stored + " imported, " + s.unchanged + " unchanged, " + s.rejected + " rejected.";
    if (body.dryRun) {
      vi += " Chỉ kiểm tra: chưa lưu gì.";
      en += " Check only: nothing was stored.";
    }
    say(vi, en, s.rejected + s.inconsistent > 0);
    statusLine.scrollIntoView({ block: "start" });
  }

  function showRefusal(status, body) {
    results.textContent = "";
    var words = REFUSALS[status] || ["Máy chủ không nhận yêu cầu.", "The server refused the request."];
    var detail = body && body.errors && body.errors[0] ? " (" + body.errors[0].message + ")" : "";
    say(words[0], words[1] + detail, true);
  }

  function send() {
    var token = tokenInput.value.trim();
    if (!token) { say("Hãy dán mã truy cập trước.", "Paste the token first.", true); return; }
    if (!chosen.length) { say("Hãy chọn ít nhất một tệp.", "Choose at least one file.", true); return; }
    var form = new FormData();
    chosen.forEach(function (f) { form.append("files", f, f.name); });
    if ($("dry-run").checked) { form.append("dryRun", "true"); }
    sendButton.disabled = true;
    say("Đang gửi và kiểm tra…", "Sending and checking…", false);
    fetch("/api/imports", {
      method: "POST",
      headers: { Authorization: "Bearer " + token },
      body: form
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (body) {
        if ((response.status === 200 || response.status === 422) && body && body.files) {
          showOutcomes(body);
        } else {
          showRefusal(response.status, body);
        }
      });
    }).catch(function () {
      say("Không kết nối được với máy chủ.", "Cannot reach the server.", true);
    }).then(function () {
      sendButton.disabled = false;
    });
  }

  sendButton.addEventListener("click", send);
})();
