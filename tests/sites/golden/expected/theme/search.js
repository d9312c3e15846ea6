// Search results from Pagefind's index, rendered as plain text (textContent only; the
// excerpt's markup is parsed by DOMParser, which runs nothing, and read as text).
// Record pages come first (Pagefind ranks within each group), then units, people and
// the about page; each result shows its kind, date and unit; data-per-page a page, the page
// number in the address (?q=...&page=2) so a page of results can be shared.
// Pagefind cannot load from file:// (browsers block the module): say so instead.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) { return; }
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var pager = document.getElementById("search-pager");
  if (window.location.protocol === "file:") {
    document.getElementById("search-offline").hidden = false;
    return;
  }
  var params = new URLSearchParams(window.location.search);
  var query = (params.get("q") || "").trim();
  document.getElementById("search-q").value = query;
  if (!query) { return; }
  var perPage = parseInt(box.dataset.perPage, 10); // set once, in search.html
  var pageNumber = Math.max(1, parseInt(params.get("page"), 10) || 1);
  var root = new URL(box.dataset.root, window.location.href);
  status.textContent = box.dataset.searching;
  // The index comes in shards (see generator/search.py): pagefind/ and pagefind/shard-N/.
  var shards = parseInt(box.dataset.shards, 10) || 1;

  function pageLink(number, text, rel) {
    var a = document.createElement("a");
    var target = new URLSearchParams({ q: query });
    if (number > 1) { target.set("page", String(number)); }
    a.href = "?" + target.toString();
    a.rel = rel;
    a.textContent = text;
    return a;
  }

  function showPager(total) {
    var pages = Math.ceil(total / perPage);
    if (pages < 2) { return; }
    pager.setAttribute("aria-label", box.dataset.pages);
    if (pageNumber > 1) { pager.appendChild(pageLink(pageNumber - 1, box.dataset.previous, "prev")); }
    var where = document.createElement("span");
    where.textContent = box.dataset.pageOf.replace("{n}", String(pageNumber))
      .replace("{total}", String(pages));
    pager.appendChild(where);
    if (pageNumber < pages) { pager.appendChild(pageLink(pageNumber + 1, box.dataset.next, "next")); }
    pager.hidden = false;
  }

  function show(item) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = item.url;
    var meta = item.meta || {};
    a.textContent = meta.title || item.url;
    li.appendChild(a);
    var facts = [meta.kind, meta.date, meta.unit].filter(Boolean);
    if (facts.length) {
      var meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = " · " + facts.join(" · ");
      li.appendChild(meta);
    }
    var p = document.createElement("p");
    p.textContent = new DOMParser().parseFromString(item.excerpt || "", "text/html").body.textContent;
    li.appendChild(p);
    list.appendChild(li);
  }

  import(new URL("pagefind/pagefind.js", root).href)
    .then(function (pagefind) {
      return pagefind.options({ baseUrl: root.pathname })
        .then(function () {
          var merged = [];
          for (var n = 1; n < shards; n += 1) {
            merged.push(pagefind.mergeIndex(new URL("pagefind/shard-" + n + "/", root).pathname,
                                            { baseUrl: root.pathname }));
          }
          return Promise.all(merged);
        })
        .then(function () {
          // Only record pages carry a filter value (one value keeps Pagefind's index
          // byte-identical between builds); the other pages are the rest of the hits.
          return Promise.all([
            pagefind.search(query, { filters: { page: "record" } }),
            pagefind.search(query)
          ]);
        });
    })
    .then(function (found) {
      var records = found[0].results;
      var isRecord = {};
      records.forEach(function (r) { isRecord[r.id] = true; });
      var results = records.concat(found[1].results.filter(function (r) { return !isRecord[r.id]; }));
      pageNumber = Math.min(pageNumber, Math.max(1, Math.ceil(results.length / perPage)));
      var start = (pageNumber - 1) * perPage;
      var shown = results.slice(start, start + perPage);
      return Promise.all(shown.map(function (r) { return r.data(); }))
        .then(function (items) { return { total: results.length, items: items }; });
    })
    .then(function (found) {
      status.textContent = (found.total ? box.dataset.found : box.dataset.none)
        .replace("{n}", String(found.total)).replace("{q}", function () { return query; });
      found.items.forEach(show);
      showPager(found.total);
    })
    .catch(function () {
      status.textContent = box.dataset.error;
      document.getElementById("search-offline").hidden = false;
    });
}());
