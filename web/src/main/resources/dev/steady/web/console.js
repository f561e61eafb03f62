// steady console: the live checklist. Rows are updated with textContent only (never innerHTML),
// from the server-sent events of /runs/ID/events; the banner text comes from the server as is.
(function () {
  "use strict";
  var table = document.getElementById("checklist");
  if (!table || !window.EventSource) { return; }
  var run = table.getAttribute("data-run");
  var source = new EventSource("/runs/" + encodeURIComponent(run) + "/events");
  function cell(row, cls) { return row.querySelector("." + cls); }
  function update(r) {
    var row = document.getElementById("row-" + r.pos);
    if (!row) { return; }
    var state = cell(row, "state");
    state.textContent = r.state;
    state.className = "state s-" + r.state.toLowerCase();
    cell(row, "exit").textContent = r.exit === null ? "" : String(r.exit);
    cell(row, "started").textContent = r.started;
    cell(row, "ended").textContent = r.ended;
    cell(row, "message").textContent = r.message || "details";
  }
  // A button is usable when the server says nothing against it; a role that may not use it keeps it
  // disabled with that reason (data-role-why), whatever the run does. The server refuses either way.
  function button(formId, reason) {
    var form = document.getElementById(formId);
    if (!form) { return null; }
    var btn = form.querySelector("button");
    var why = form.querySelector(".why");
    var because = form.getAttribute("data-role-why") || reason;
    btn.disabled = !!because;
    if (because) { btn.setAttribute("aria-describedby", why.id); } else { btn.removeAttribute("aria-describedby"); }
    why.textContent = because || "";
    why.hidden = !because;
    return form;
  }
  // one event carries every row that changed since the server's last look at the store
  source.addEventListener("rows", function (e) {
    JSON.parse(e.data).forEach(update);
  });
  source.addEventListener("run", function (e) {
    var info = JSON.parse(e.data);
    var banner = document.getElementById("banner");
    if (banner) {
      banner.className = "banner " + info.kind;
      document.getElementById("verdict").textContent = info.banner;
      document.getElementById("counts").textContent = info.counts;
    }
    var resume = button("resume-form", info.resume);
    var stop = button("stop-form", info.stop);
    if (resume) { resume.hidden = info.allClear; }
    if (stop) { stop.hidden = info.state !== "running"; }
  });
})();

// Per-row details: opening a row's details loads what that host's command printed (as text) and
// its audit entries for this run (key: value lines); built with textContent only.
(function () {
  "use strict";
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function stream(box, name, text, more) {
    if (!text && !more) { return; }
    box.appendChild(el("h4", null, name));
    box.appendChild(el("pre", "out", text));
    if (more > 0) { box.appendChild(el("p", "more", "\u2026 " + more.toLocaleString("en") + " more bytes not kept")); }
  }
  document.querySelectorAll("details[data-entries]").forEach(function (details) {
    details.addEventListener("toggle", function () {
      if (!details.open) { return; }
      fetch(details.getAttribute("data-entries"), { credentials: "same-origin" })
        .then(function (r) {
          var json = r.ok && (r.headers.get("Content-Type") || "").indexOf("application/json") === 0;
          return json ? r.json() : { entries: [], outputs: [] };
        })
        .then(function (d) {
          var out = details.querySelector("div.outputs");
          out.textContent = "";
          d.outputs.forEach(function (o) {
            var box = el("section", "output");
            box.appendChild(el("h3", null, o.title));
            stream(box, "stdout", o.stdout, o.stdoutMore);
            stream(box, "stderr", o.stderr, o.stderrMore);
            out.appendChild(box);
          });
          var list = details.querySelector("ul.entries");
          list.textContent = "";
          d.entries.forEach(function (e) {
            var li = el("li");
            li.appendChild(el("p", "head", e.at + " " + e.action));
            var dl = el("dl", "kv");
            e.data.forEach(function (kv) {
              var line = el("div");
              line.appendChild(el("dt", null, kv[0] + ":"));
              line.appendChild(document.createTextNode(" "));
              line.appendChild(el("dd", null, kv[1]));
              dl.appendChild(line);
            });
            li.appendChild(dl);
            list.appendChild(li);
          });
        })
        .catch(function () { /* logged out or offline: the link below still leads to the row's page */ });
    });
  });
})();
