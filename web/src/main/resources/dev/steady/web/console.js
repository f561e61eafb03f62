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
  // one event carries every row that changed since the server's last look at the store
  source.addEventListener("rows", function (e) {
    JSON.parse(e.data).forEach(update);
  });
  source.addEventListener("run", function (e) {
    var info = JSON.parse(e.data);
    var banner = document.getElementById("banner");
    if (banner) {
      banner.textContent = info.banner;
      banner.className = "banner " + info.kind;
    }
    var resume = document.getElementById("resume-form");
    var stop = document.getElementById("stop-form");
    if (resume) { resume.hidden = info.state === "running" || info.allClear; }
    if (stop) { stop.hidden = info.state !== "running"; }
  });
})();

// Per-row details: opening a row's details loads that host's audit entries (identity, command,
// output digest, verification) for this run; built with textContent only.
(function () {
  "use strict";
  document.querySelectorAll("details[data-entries]").forEach(function (details) {
    details.addEventListener("toggle", function () {
      if (!details.open) { return; }
      fetch(details.getAttribute("data-entries"), { credentials: "same-origin" })
        .then(function (r) {
          var json = r.ok && (r.headers.get("Content-Type") || "").indexOf("application/json") === 0;
          return json ? r.json() : [];
        })
        .then(function (entries) {
          var list = details.querySelector("ul.entries");
          list.textContent = "";
          entries.forEach(function (e) {
            var li = document.createElement("li");
            li.textContent = e.at + " " + e.action + " ";
            var pre = document.createElement("pre");
            pre.textContent = e.data;
            li.appendChild(pre);
            list.appendChild(li);
          });
        })
        .catch(function () { /* logged out or offline: the link below still leads to the row's page */ });
    });
  });
})();
