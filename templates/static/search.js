/* Search the build-time index (search/index.json) in the reader's browser; nothing is sent anywhere.
   Rows are [kind, title, url, date, text]; every word typed must appear; title matches rank first. */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = script.getAttribute("data-root");
  var form = document.querySelector("form.search");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var rows = null;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function inWords(iso) {
    var parts = iso.split("-");
    return Number(parts[2]) + " " + MONTHS[Number(parts[1]) - 1] + " " + parts[0];
  }

  function score(row, words) {
    var title = fold(row[1]);
    var all = title + " " + fold(row[4]);
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      if (all.indexOf(words[i]) < 0) return 0;
      total += title.indexOf(words[i]) >= 0 ? 3 : 1;
    }
    return total;
  }

  function show(query) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) { status.textContent = ""; return; }
    var found = [];
    rows.forEach(function (row, order) {
      var s = score(row, words);
      if (s) found.push([s, order, row]);
    });
    found.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    status.textContent = found.length === 1 ? "1 result" : found.length + " results";
    found.slice(0, 50).forEach(function (hit) {
      var row = hit[2];
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + row[2];
      link.textContent = row[1];
      var meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = " · " + row[0] + (row[3] ? ", " + inWords(row[3]) : "");
      item.appendChild(link);
      item.appendChild(meta);
      list.appendChild(item);
    });
  }

  function run(query) {
    if (rows) { show(query); return; }
    status.textContent = "Searching…";
    fetch(script.getAttribute("data-index"))
      .then(function (response) { return response.json(); })
      .then(function (data) { rows = data; show(query); })
      .catch(function () { status.textContent = "Search could not load. Try the countries or the archive instead."; });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    run(input.value);
  });
  var query = new URLSearchParams(location.search).get("q");
  if (query) { input.value = query; run(query); }
})();
