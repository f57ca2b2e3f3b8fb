// Site search: the box in the navigation bar of every page. The index (search-index.js,
// written by the build) is loaded by a <script> element the first time the box is used —
// pages opened from file:// may not fetch() files, but they may load scripts.
// A result's link may end in #dm-find=kind:value; the page it opens highlights that item
// (a post, department, activity or duty text) and scrolls it into view.
(function () {
  "use strict";
  var me = document.currentScript;
  var root = (me && me.getAttribute("data-root")) || "";
  var RANK = { p: 0, d: 1, h: 2, r: 3, a: 4, u: 5 };
  var SHOWN = 30;

  function norm(text) {
    return (text || "").normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
  }

  // --- arriving at a result --------------------------------------------------------

  function attr(name, value) { return "[" + name + '="' + CSS.escape(value) + '"]'; }

  function findTarget(kind, value) {
    var found = null;
    if (kind === "post") { found = document.querySelector(attr("data-role", value)); }
    if (kind === "dept") { found = document.querySelector(attr("data-department", value)); }
    if (kind === "act") { found = document.querySelector(attr("data-activity", value)); }
    if (kind === "text") {
      var wanted = norm(value);
      var candidates = document.querySelectorAll("main li, main tr, main p");
      for (var i = 0; i < candidates.length && !found; i++) {
        if (norm(candidates[i].textContent).indexOf(wanted) !== -1) { found = candidates[i]; }
      }
    }
    return found || document.querySelector("main h1");
  }

  function reveal(element) {
    for (var up = element.parentElement; up; up = up.parentElement) {
      if (up.tagName === "DETAILS") { up.open = true; }
    }
    element.classList.add("dm-found");
    element.scrollIntoView({ block: "center" });
  }

  function arrive() {
    var match = /^#dm-find=(.*)$/.exec(location.hash);
    // The chart page shows its own boxes (assets/orgchart.js).
    if (!match || document.body.classList.contains("chart-page")) { return; }
    var hint = decodeURIComponent(match[1]);
    var colon = hint.indexOf(":");
    if (colon < 0) { return; }
    var previous = document.querySelectorAll(".dm-found");
    for (var i = 0; i < previous.length; i++) { previous[i].classList.remove("dm-found"); }
    var target = findTarget(hint.slice(0, colon), hint.slice(colon + 1));
    if (target) { reveal(target); }
  }

  // --- the index page: unfold or fold every department ------------------------------

  function wireDetailsButtons() {
    var buttons = document.querySelectorAll("[data-dm-details]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.addEventListener("click", function () {
        var open = button.getAttribute("data-dm-details") === "open";
        var all = document.querySelectorAll("#departments details");
        for (var i = 0; i < all.length; i++) { all[i].open = open; }
      });
    });
  }

  // --- the search box -------------------------------------------------------------

  var form = document.querySelector("form.dm-search");
  var input = document.getElementById("dm-search");
  var list = document.getElementById("dm-search-results");
  var index = null;
  var waiting = [];
  var active = -1;

  function load(then) {
    if (index) { then(); return; }
    waiting.push(then);
    if (waiting.length > 1) { return; }
    var script = document.createElement("script");
    script.src = root + "search-index.js";
    script.onload = function () {
      var data = window.DM_SEARCH_INDEX || { kinds: {}, items: [] };
      index = {
        kinds: data.kinds,
        items: data.items.map(function (it) {
          return { kind: it[0], label: it[1], context: it[2], href: it[3],
                   nLabel: norm(it[1]), hay: norm(it[1] + " " + it[4] + " " + it[2]) };
        })
      };
      waiting.splice(0).forEach(function (f) { f(); });
    };
    document.head.appendChild(script);
  }

  function score(item, query) {
    if (item.nLabel === query) { return 0; }
    if (item.nLabel.indexOf(query) === 0) { return 1; }
    if (item.nLabel.indexOf(query) !== -1) { return 2; }
    return 3;
  }

  function search(text) {
    var query = norm(text);
    var terms = query.split(" ");
    var hits = [];
    index.items.forEach(function (item) {
      for (var i = 0; i < terms.length; i++) {
        if (item.hay.indexOf(terms[i]) === -1) { return; }
      }
      hits.push({ item: item, score: score(item, query) });
    });
    hits.sort(function (a, b) {
      return a.score - b.score || RANK[a.item.kind] - RANK[b.item.kind] ||
        a.item.label.length - b.item.label.length ||
        (a.item.label < b.item.label ? -1 : a.item.label > b.item.label ? 1 : 0);
    });
    return hits;
  }

  function marked(text, query) {
    var span = document.createElement("span");
    span.className = "label";
    var at = query ? norm(text).indexOf(query) : -1;
    // NFKC and case folding keep CJK lengths, so the offsets are those of the text.
    if (at < 0 || norm(text).length !== text.length) {
      span.textContent = text;
      return span;
    }
    span.appendChild(document.createTextNode(text.slice(0, at)));
    var mark = document.createElement("mark");
    mark.textContent = text.slice(at, at + query.length);
    span.appendChild(mark);
    span.appendChild(document.createTextNode(text.slice(at + query.length)));
    return span;
  }

  function option(item, query) {
    var li = document.createElement("li");
    li.setAttribute("role", "option");
    var link = document.createElement("a");
    link.href = root + item.href;
    var kind = document.createElement("span");
    kind.className = "kind kind-" + item.kind;
    kind.textContent = index.kinds[item.kind] || item.kind;
    link.appendChild(kind);
    link.appendChild(marked(item.label, query));
    if (item.context) {
      var context = document.createElement("span");
      context.className = "context";
      context.textContent = item.context;
      link.appendChild(context);
    }
    li.appendChild(link);
    return li;
  }

  function note(text) {
    var li = document.createElement("li");
    li.className = "note";
    li.textContent = text;
    return li;
  }

  function show() {
    var query = norm(input.value);
    list.textContent = "";
    active = -1;
    if (!query) { list.hidden = true; return; }
    var hits = search(query);
    hits.slice(0, SHOWN).forEach(function (hit) { list.appendChild(option(hit.item, query)); });
    if (!hits.length) { list.appendChild(note(form.getAttribute("data-none"))); }
    if (hits.length > SHOWN) {
      list.appendChild(note(form.getAttribute("data-more").replace("{n}", hits.length - SHOWN)));
    }
    list.hidden = false;
    if (hits.length) { move(0); }
  }

  function options() { return list.querySelectorAll("li[role=option]"); }

  function move(to) {
    var all = options();
    if (!all.length) { return; }
    if (active >= 0 && all[active]) {
      all[active].classList.remove("active");
      all[active].removeAttribute("aria-selected");
    }
    active = (to + all.length) % all.length;
    all[active].classList.add("active");
    all[active].setAttribute("aria-selected", "true");
    all[active].scrollIntoView({ block: "nearest" });
  }

  function go() {
    var all = options();
    var chosen = all[active >= 0 ? active : 0];
    if (!chosen) { return; }
    var href = chosen.querySelector("a").href;
    list.hidden = true;
    if (href === location.href) { arrive(); } else { location.href = href; }
  }

  if (form && input && list) {
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { load(show); }, 60);
    });
    input.addEventListener("focus", function () { load(function () {}); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { move(active + 1); event.preventDefault(); }
      else if (event.key === "ArrowUp") { move(active - 1); event.preventDefault(); }
      else if (event.key === "Escape") { list.hidden = true; }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      load(function () { if (active < 0) { show(); } go(); });
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) { list.hidden = true; }
    });
  }

  wireDetailsButtons();
  window.addEventListener("hashchange", arrive);
  arrive();
})();
