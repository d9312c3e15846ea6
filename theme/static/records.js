// The records table, filtered in the browser by the query string
// (?unit=ID&from=YYYY-MM-DD&to=YYYY-MM-DD&kind=&election=&region=&q=), so that a filtered
// view can be shared as a link. Without JavaScript the page is a plain paginated table.
// Text is only ever set with textContent: nothing from the data becomes markup.
(function () {
  "use strict";
  var form = document.getElementById("record-filter");
  if (!form || !window.fetch || !window.URLSearchParams) return;
  var FIELDS = ["unit", "from", "to", "kind", "election", "region", "q"];
  var SHOWN = 1000;
  var rowsBody = document.getElementById("record-rows");
  var count = document.getElementById("record-count");
  var pager = document.getElementById("record-pager");
  var csvLink = document.querySelector("#record-csv a");
  var index = null;
  form.hidden = false;

  function labels(select) {
    var found = {};
    for (var i = 0; i < select.options.length; i++) {
      found[select.options[i].value] = select.options[i].textContent;
    }
    return found;
  }
  var unitNames = labels(form.elements.unit);
  var kindNames = labels(form.elements.kind);
  var regionNames = labels(form.elements.region);

  function wanted() {
    var params = new URLSearchParams(window.location.search);
    var found = {};
    FIELDS.forEach(function (name) { found[name] = (params.get(name) || "").trim(); });
    return found;
  }

  function fill(filter) {
    FIELDS.forEach(function (name) { form.elements[name].value = filter[name]; });
  }

  function active(filter) {
    return FIELDS.some(function (name) { return filter[name] !== ""; });
  }

  // A row: [id, date, activity, shown unit id, kind, election, region, [unit ids and the
  // ids of the units above them]].
  function matches(row, filter) {
    var words = filter.q.toLowerCase().split(/\s+/).filter(Boolean);
    var text = (row[2] + " " + (unitNames[row[3]] || "")).toLowerCase();
    return (!filter.unit || row[7].indexOf(filter.unit) >= 0)
      && (!filter.from || row[1] >= filter.from)
      && (!filter.to || row[1] <= filter.to)
      && (!filter.kind || row[4] === filter.kind)
      && (!filter.election || row[5] === filter.election)
      && (!filter.region || row[6] === filter.region || row[6].indexOf(filter.region + ".") === 0)
      && words.every(function (word) { return text.indexOf(word) >= 0; });
  }

  function cell(tr, text, href, lang) {
    var td = document.createElement("td");
    if (lang) td.lang = lang;
    if (href) {
      var a = document.createElement("a");
      a.href = href;
      a.textContent = text;
      td.appendChild(a);
    } else {
      td.textContent = text;
    }
    tr.appendChild(td);
  }

  function sentence(text) { return text.charAt(0).toUpperCase() + text.slice(1); }

  function recordUrl(id) { return new URL(id + "/", form.action).href; }

  // As the site's CSV files: a cell a spreadsheet would run as a formula gets an apostrophe.
  function safe(value) {
    var text = String(value);
    if (/^[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]/.test(text) && !/^[+-]?[0-9]+(\.[0-9]+)?$/.test(text)) {
      text = "'" + text;
    }
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function csv(rows) {
    var lines = [["id", "date", "activity", "unit", "kind", "election", "region", "url"].join(",")];
    rows.forEach(function (row) {
      lines.push([row[0], row[1], row[2], unitNames[row[3]] || row[3], row[4], row[5], row[6],
                  recordUrl(row[0])].map(safe).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }

  function show(filter) {
    var found = index.filter(function (row) { return matches(row, filter); });
    while (rowsBody.firstChild) rowsBody.removeChild(rowsBody.firstChild);
    found.slice(0, SHOWN).forEach(function (row) {
      var tr = document.createElement("tr");
      cell(tr, row[1]);
      cell(tr, sentence(row[2]), recordUrl(row[0]), "id"); // activity names are Indonesian
      cell(tr, unitNames[row[3]] || row[3]);
      cell(tr, kindNames[row[4]] || row[4]);
      cell(tr, regionNames[row[6]] || row[6]);
      rowsBody.appendChild(tr);
    });
    count.textContent = found.length === 0 ? form.dataset.empty
      : form.dataset.count.replace("{n}", String(found.length));
    pager.hidden = true;
    var blob = new Blob([csv(found)], { type: "text/csv;charset=utf-8" });
    if (csvLink.href.indexOf("blob:") === 0) URL.revokeObjectURL(csvLink.href);
    csvLink.href = URL.createObjectURL(blob);
    csvLink.parentNode.hidden = false;
  }

  function apply(filter) {
    if (!active(filter)) return;
    if (index) { show(filter); return; }
    fetch(form.dataset.index).then(function (response) { return response.json(); })
      .then(function (data) { index = data.rows; show(filter); });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var params = new URLSearchParams();
    var filter = {};
    FIELDS.forEach(function (name) {
      filter[name] = form.elements[name].value.trim();
      if (filter[name]) params.set(name, filter[name]);
    });
    var query = params.toString();
    window.history.pushState(null, "", form.action + (query ? "?" + query : ""));
    if (active(filter)) apply(filter); else window.location.reload();
  });
  window.addEventListener("popstate", function () { var f = wanted(); fill(f); apply(f); });
  var initial = wanted();
  fill(initial);
  apply(initial);
}());
