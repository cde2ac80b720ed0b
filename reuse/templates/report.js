/* reuse report: sorting, the threshold filter and passage navigation. The page is complete
   without it; this file is inlined verbatim and allowed by its hash in the Content-Security-Policy.
   It reads data only from the JSON block and data- attributes, and writes only text and classes. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  var data = {};
  var block = document.getElementById("report-data");
  if (block) { data = JSON.parse(block.textContent); }

  /* Sortable tables: a <button> in each column heading; aria-sort tells the order. */
  function cellValue(row, index, numeric) {
    var cell = row.children[index];
    var raw = cell ? (cell.getAttribute("data-v") || cell.textContent) : "";
    return numeric ? parseFloat(raw) || 0 : raw.toLowerCase();
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var heads = table.querySelectorAll("thead th");
    Array.prototype.forEach.call(heads, function (th, index) {
      var button = th.querySelector("button.sort");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var numeric = button.getAttribute("data-type") === "num";
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.forEach(function (row, k) { row._k = k; });
        rows.sort(function (a, b) {
          var x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
          var order = x < y ? -1 : x > y ? 1 : a._k - b._k;
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
        Array.prototype.forEach.call(heads, function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      });
    });
  });

  /* Threshold filter: hide pairs below it; count the clusters of submissions it would give. */
  var range = document.getElementById("threshold");
  function clusters(threshold) {
    var parent = {};
    function find(a) { while (parent[a] !== a) { a = parent[a] = parent[parent[a]]; } return a; }
    (data.pairs || []).forEach(function (p) {
      if (p[3] !== "peer" || p[2] < threshold) { return; }
      [p[0], p[1]].forEach(function (d) { if (!(d in parent)) { parent[d] = d; } });
      var a = find(p[0]), b = find(p[1]);
      if (a !== b) { parent[b] = a; }
    });
    var roots = {}, members = 0;
    Object.keys(parent).forEach(function (d) { roots[find(d)] = true; members += 1; });
    return [Object.keys(roots).length, members];
  }
  function applyThreshold() {
    var value = parseInt(range.value, 10) || 0;
    var threshold = value / 100, shown = 0, total = 0;
    document.getElementById("threshold-value").textContent = value + "%";
    Array.prototype.forEach.call(document.querySelectorAll("#pairs-table tbody tr[data-coverage]"), function (row) {
      total += 1;
      var keep = parseFloat(row.getAttribute("data-coverage")) >= threshold - 1e-9;
      row.hidden = !keep;
      if (keep) { shown += 1; }
    });
    var c = clusters(threshold - 1e-9);
    document.getElementById("filter-status").textContent = "Showing " + shown + " of " + total +
      " pairs. At " + value + "%, " + c[0] + " cluster" + (c[0] === 1 ? "" : "s") + " would link " + c[1] + " submissions.";
  }
  if (range) {
    range.addEventListener("input", applyThreshold);
    ["threshold-fail", "threshold-all"].forEach(function (id) {
      var button = document.getElementById(id);
      button.addEventListener("click", function () { range.value = button.getAttribute("data-value"); applyThreshold(); });
    });
    applyThreshold();
  }

  /* Passage navigation: j/n next, k/p previous. Scrolls the passage and its partner into view. */
  var badges = Array.prototype.slice.call(document.querySelectorAll("a.badge[data-nav]"));
  var current = -1;
  function partnerOf(badge) {
    var href = badge.getAttribute("href") || "";
    return href.charAt(0) === "#" ? document.getElementById(href.slice(1)) : null;
  }
  function scrollPane(el) {
    var pane = el.closest(".text");
    if (!pane) { return; }
    var offset = el.getBoundingClientRect().top - pane.getBoundingClientRect().top;
    pane.scrollTop += offset - pane.clientHeight / 3;
  }
  function go(index) {
    if (!badges.length) { return; }
    current = Math.max(0, Math.min(badges.length - 1, index));
    Array.prototype.forEach.call(document.querySelectorAll(".current"), function (el) { el.classList.remove("current"); });
    var badge = badges[current];
    var partner = partnerOf(badge);
    var samePair = partner && partner.closest("article") === badge.closest("article");
    badge.scrollIntoView({ block: "center" });
    scrollPane(badge);
    [badge, samePair ? partner : null].forEach(function (el) {
      if (!el) { return; }
      if (el !== badge) { scrollPane(el); }
      el.classList.add("current");
      var mark = el.nextElementSibling;
      if (mark && mark.tagName === "MARK") { mark.classList.add("current"); }
    });
    badge.focus({ preventScroll: true });
    if (history.replaceState) { history.replaceState(null, "", "#" + badge.id); }
  }
  function indexOfHash() {
    var id = location.hash.slice(1);
    for (var k = 0; k < badges.length; k += 1) {
      var partner = partnerOf(badges[k]);
      if (badges[k].id === id || (partner && partner.id === id)) { return k; }
    }
    return -1;
  }
  document.addEventListener("click", function (event) {
    var badge = event.target.closest && event.target.closest("a.badge");
    if (!badge) { return; }
    var k = badges.indexOf(badge);
    if (k < 0) { var partner = partnerOf(badge); k = partner ? badges.indexOf(partner) : -1; }
    if (k >= 0) { current = k; }
  });
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var tag = event.target && event.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (event.target && event.target.isContentEditable)) { return; }
    var key = event.key;
    if (key === "j" || key === "n") { event.preventDefault(); go(current < 0 ? Math.max(0, indexOfHash() + 1) : current + 1); }
    else if (key === "k" || key === "p") { event.preventDefault(); go(current < 0 ? Math.max(0, indexOfHash() - 1) : current - 1); }
  });

  /* Printing: open the collapsed passage lists so that the paper copy is complete. */
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
  });
})();
