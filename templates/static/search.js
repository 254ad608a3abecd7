/* Search the build-time index (search/, see generator/search.py) in the reader's browser; nothing is sent
   anywhere. Each word typed is looked up in the one word file its first letters name; a row must hold every
   word typed (as the start of one of its words; a word shorter than the key, as a whole word); title matches
   rank first. Only the rows of the results shown are fetched. */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = script.getAttribute("data-root");
  var base = script.getAttribute("data-index");
  var form = document.querySelector("form.search");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var SHOWN = Number(script.getAttribute("data-shown"));
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  var files = {};
  var searches = 0;
  var manifest = null;  /* search/index.json: how the index is split */
  var found = [];  /* the current search's rows, best first */
  var CRC_TABLE = (function () {
    var table = [];
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
      table.push(c >>> 0);
    }
    return table;
  })();

  function crc32(text) {
    var bytes = new TextEncoder().encode(text);
    var crc = 0xFFFFFFFF;
    for (var i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xFF] ^ (crc >>> 8);
    return (crc ^ 0xFFFFFFFF) >>> 0;
  }

  function load(name) {
    if (!files[name]) {
      files[name] = fetch(base + name).then(function (response) {
        if (!response.ok) throw new Error(name + ": " + response.status);
        return response.json();
      }).catch(function (error) {
        delete files[name];  /* asked again, it is fetched again */
        throw error;
      });
    }
    return files[name];
  }

  function words(text) {
    var folded = text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    return folded.match(/[\p{L}\p{N}]+/gu) || [];
  }

  function inWords(iso) {
    var parts = iso.split("-");
    return Number(parts[2]) + " " + MONTHS[Number(parts[1]) - 1] + " " + parts[0];
  }

  /* The rows holding `word`, each with 3 when it is in the row's title, else 1. */
  function lookUp(word) {
    var letters = Array.from(word);
    var key = letters.slice(0, manifest.key).join("");
    var whole = letters.length < manifest.key;
    return load("words-" + crc32(key) % manifest.words + ".json").then(function (postings) {
      var scores = new Map();
      Object.keys(postings).forEach(function (indexed) {
        if (whole ? indexed !== word : indexed.lastIndexOf(word, 0) !== 0) return;
        postings[indexed].forEach(function (posting) {
          var row = posting >> 1, score = posting & 1 ? 3 : 1;
          if ((scores.get(row) || 0) < score) scores.set(row, score);
        });
      });
      return scores;
    });
  }

  function rank(perWord) {
    var totals = perWord[0];
    perWord.slice(1).forEach(function (scores) {
      var both = new Map();
      totals.forEach(function (total, row) {
        if (scores.has(row)) both.set(row, total + scores.get(row));
      });
      totals = both;
    });
    var hits = Array.from(totals.entries());
    hits.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return hits.map(function (hit) { return hit[0]; });
  }

  function rowsOf(numbers) {
    return Promise.all(numbers.map(function (row) {
      return load("rows-" + Math.floor(row / manifest.rows) + ".json").then(function (rows) {
        return rows[row % manifest.rows];
      });
    }));
  }

  /* Lists the next SHOWN of `found`; returns the first link added, or null when search `search` is not the current one. */
  function showMore(search) {
    var numbers = found.slice(list.children.length, list.children.length + SHOWN);
    return rowsOf(numbers).then(function (rows) {
      if (search !== searches) return null;
      var first = null;
      rows.forEach(function (row) {
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
        first = first || link;
      });
      more.hidden = list.children.length >= found.length;
      return first;
    });
  }

  function run(query) {
    var search = ++searches;  /* an answer to an earlier search that comes late is not shown */
    list.textContent = "";
    more.hidden = true;
    found = [];
    var typed = words(query);
    if (!typed.length) { status.textContent = ""; return; }
    status.textContent = "Searching…";
    load("index.json").then(function (loaded) {
      manifest = loaded;
      var skipped = new Set(manifest.skip);
      var looked = typed.filter(function (word) { return !skipped.has(word); });
      if (!looked.length) {
        if (search === searches) status.textContent = "Words as common as “" + typed[0] + "” are not searched: add a more telling word.";
        return null;
      }
      return Promise.all(looked.map(lookUp)).then(function (perWord) {
        if (search !== searches) return null;
        found = rank(perWord);
        return showMore(search).then(function () {
          if (search === searches) status.textContent = found.length === 1 ? "1 result" : found.length + " results";
        });
      });
    }).catch(function () {
      if (search === searches) status.textContent = "Search could not load. Try the countries or the archive instead.";
    });
  }

  more.addEventListener("click", function () {
    var search = searches;
    more.disabled = true;  /* until these rows are listed: a second click would ask for the same ones */
    showMore(search).then(function (first) { if (first) first.focus(); }).catch(function () {
      if (search === searches) status.textContent = "More results could not load. Try the search again.";
    }).then(function () { more.disabled = false; });
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    run(input.value);
  });
  var query = new URLSearchParams(location.search).get("q");
  if (query) { input.value = query; run(query); }
})();
