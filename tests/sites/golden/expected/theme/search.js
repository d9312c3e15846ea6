// Search results from Pagefind's index, rendered as plain text (no innerHTML).
// Pagefind cannot load from file:// (browsers block the module): say so instead.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) { return; }
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (window.location.protocol === "file:") {
    document.getElementById("search-offline").hidden = false;
    return;
  }
  var query = (new URLSearchParams(window.location.search).get("q") || "").trim();
  document.getElementById("search-q").value = query;
  if (!query) { return; }
  var root = new URL(box.dataset.root, window.location.href);
  status.textContent = box.dataset.searching;
  // The index comes in shards (see generator/search.py): pagefind/ and pagefind/shard-N/.
  var shards = parseInt(box.dataset.shards, 10) || 1;
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
        .then(function () { return pagefind.search(query); });
    })
    .then(function (found) {
      return Promise.all(found.results.slice(0, 30).map(function (r) { return r.data(); }));
    })
    .then(function (items) {
      status.textContent = (items.length ? box.dataset.found : box.dataset.none)
        .replace("{n}", String(items.length)).replace("{q}", query);
      items.forEach(function (item) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = item.url;
        a.textContent = (item.meta && item.meta.title) || item.url;
        var p = document.createElement("p");
        var excerpt = document.createElement("div");
        excerpt.innerHTML = item.excerpt; // parsed inert in a detached node, read as text only
        p.textContent = excerpt.textContent;
        li.appendChild(a);
        li.appendChild(p);
        list.appendChild(li);
      });
    })
    .catch(function () {
      status.textContent = box.dataset.error;
      document.getElementById("search-offline").hidden = false;
    });
}());
