// The interactive org chart (chart.html): pan and zoom, find a post, department or person,
// light up a chain of command up to the top, collapse and expand departments.
// The page holds the chart as inline SVG (drawn by the build) and its tree as JSON;
// collapsing lays the visible cards out again with orgchart-layout.js, the build's own
// algorithm. No network, no libraries: it works from file://.
(function () {
  "use strict";
  var view = document.getElementById("chart-view");
  var svg = view && view.querySelector("svg.dm-chart");
  var dataElement = document.getElementById("chart-data");
  if (!svg || !dataElement) { return; }
  var data = JSON.parse(dataElement.textContent);
  if (!data.nodes || !data.nodes.length) { return; }
  var me = document.currentScript;
  var hiddenText = (me && me.getAttribute("data-hidden")) || "{n}";
  var G = data.gaps;
  var NS = "http://www.w3.org/2000/svg";

  function sel(name, value) { return "[" + name + '="' + CSS.escape(value) + '"]'; }

  // --- the tree ---------------------------------------------------------------------

  var nodes = {};
  var rootId = data.nodes[0][0];
  data.nodes.forEach(function (n) {
    nodes[n[0]] = {
      id: n[0], parent: n[1], w: n[2], h: n[3], hh: n[4], kids: n[5], collapsed: false,
      el: svg.querySelector("g.dept-card" + sel("data-card", n[0])),
      edge: svg.querySelector("path.link" + sel("data-child", n[0])),
      depth: n[1] === null ? 0 : nodes[n[1]].depth + 1, x: 0, y: 0
    };
  });

  // --- drawing the layout -------------------------------------------------------------

  var extent = { width: data.size[0], height: data.size[1] };

  function pathData(points) {
    return points.map(function (p, i) {
      return (i ? "L" : "M") + p[0].toFixed(1) + " " + p[1].toFixed(1);
    }).join(" ");
  }

  function apply() {
    var result = window.dmChartLayout(nodes, rootId, data.compact, G);
    var shown = {};
    result.shown.forEach(function (n) { shown[n.id] = true; });
    Object.keys(nodes).forEach(function (id) {
      var n = nodes[id];
      if (n.el) {
        n.el.style.display = shown[id] ? "" : "none";
        if (shown[id]) { n.el.setAttribute("transform", "translate(" + n.x + " " + n.y + ")"); }
      }
      if (n.edge) { n.edge.style.display = "none"; }
      updateToggle(n);
    });
    result.edges.forEach(function (e) {
      if (e[0].edge) {
        e[0].edge.setAttribute("d", pathData(e[1]));
        e[0].edge.style.display = "";
      }
    });
    extent.width = data.origin[0] * 2 + result.width;  // the margin on both sides
    extent.height = data.origin[1] + result.height + data.origin[0];
    var hidden = Object.keys(nodes).length - result.shown.length;
    var status = document.getElementById("chart-status");
    if (status) { status.textContent = hidden ? hiddenText.replace("{n}", hidden) : ""; }
  }

  // --- collapse toggles ---------------------------------------------------------------

  function countBelow(node) {
    var n = 0, pending = node.kids.slice();
    while (pending.length) { n += 1; pending = pending.concat(nodes[pending.pop()].kids); }
    return n;
  }

  function addToggle(node) {
    if (!node.kids.length || !node.el) { return; }
    var g = document.createElementNS(NS, "g");
    g.setAttribute("class", "dm-toggle");
    g.setAttribute("data-toggle", node.id);
    g.setAttribute("role", "button");
    g.setAttribute("transform", "translate(" + node.w / 2 + " " + (node.h + 8) + ")");
    var circle = document.createElementNS(NS, "circle");
    circle.setAttribute("r", "7");
    var sign = document.createElementNS(NS, "text");
    sign.setAttribute("class", "dm-sign");
    sign.setAttribute("y", "4");
    sign.setAttribute("text-anchor", "middle");
    sign.setAttribute("font-size", "12");
    var count = document.createElementNS(NS, "text");
    count.setAttribute("class", "dm-count");
    count.setAttribute("x", "11");
    count.setAttribute("y", "4");
    count.setAttribute("font-size", "10");
    count.textContent = String(countBelow(node));
    g.appendChild(circle);
    g.appendChild(sign);
    g.appendChild(count);
    node.el.appendChild(g);
    node.toggle = g;
  }

  function updateToggle(node) {
    if (!node.toggle) { return; }
    node.toggle.querySelector(".dm-sign").textContent = node.collapsed ? "+" : "−";
    node.toggle.classList.toggle("collapsed", node.collapsed);
  }

  // --- the view: pan and zoom by the viewBox --------------------------------------------

  var camera = { x: 0, y: 0, s: 1 };

  function size() { return [view.clientWidth || 1, view.clientHeight || 1]; }

  function setCamera(x, y, s) {
    camera.s = Math.min(4, Math.max(0.05, s));
    camera.x = x; camera.y = y;
    var wh = size();
    svg.setAttribute("viewBox", [camera.x, camera.y, wh[0] / camera.s, wh[1] / camera.s]
      .map(function (v) { return v.toFixed(2); }).join(" "));
  }

  function zoomAt(factor, px, py) {
    var s = Math.min(4, Math.max(0.05, camera.s * factor));
    var wx = camera.x + px / camera.s, wy = camera.y + py / camera.s;
    setCamera(wx - px / s, wy - py / s, s);
  }

  function fit() {
    var wh = size();
    var s = Math.min(1, wh[0] / extent.width, Math.max(wh[1] / extent.height, 0.25));
    setCamera(-(wh[0] / s - extent.width) / 2, 0, s);
  }

  // The first view: as wide as fits, but never so small the titles cannot be read; the
  // top box centred, at the top.
  function start() {
    var wh = size(), top = nodes[rootId];
    var s = Math.min(1, Math.max(0.6, wh[0] / extent.width));
    var cx = extent.width * s <= wh[0] ? extent.width / 2 : data.origin[0] + top.x + top.w / 2;
    setCamera(cx - wh[0] / s / 2, 0, s);
  }

  function centreOn(box, minScale) {
    var wh = size(), s = Math.max(camera.s, minScale || 0);
    setCamera(box.cx - wh[0] / s / 2, box.cy - wh[1] / s / 2, s);
  }

  // --- finding boxes and chains ---------------------------------------------------------

  function cardOf(element) {
    var card = element.closest("g.dept-card");
    return card ? nodes[card.getAttribute("data-card")] : null;
  }

  function boxOf(element) {
    var node = cardOf(element), rect = element.querySelector("rect");
    var x = +rect.getAttribute("x"), y = +rect.getAttribute("y");
    var w = +rect.getAttribute("width"), h = +rect.getAttribute("height");
    var ox = data.origin[0] + node.x, oy = data.origin[1] + node.y;
    return { cx: ox + x + w / 2, cy: oy + y + h / 2 };
  }

  function clearMarks(name) {
    var marked = svg.querySelectorAll("." + name);
    for (var i = 0; i < marked.length; i++) { marked[i].classList.remove(name); }
  }

  function mark(selector) {
    var found = svg.querySelectorAll(selector);
    for (var i = 0; i < found.length; i++) { found[i].classList.add("dm-path"); }
  }

  function lightChain(element) {
    clearMarks("dm-path");
    var posts = [], seen = {};
    var post = element.hasAttribute("data-role") ? element : null;
    while (post && !seen[post.getAttribute("data-role")]) {
      var id = post.getAttribute("data-role");
      seen[id] = true;
      posts.push(post);
      var boss = post.getAttribute("data-boss");
      post = boss ? svg.querySelector("g" + sel("data-role", boss)) : null;
    }
    posts.forEach(function (p) {
      p.classList.add("dm-path");
      mark("path.report" + sel("data-role", p.getAttribute("data-role")));
    });
    var depts = {};
    var start = cardOf(element);
    posts.forEach(function (p) { var n = cardOf(p); if (n) { depts[n.id] = true; } });
    for (var n = start; n; n = n.parent === null ? null : nodes[n.parent]) {
      depts[n.id] = true;
      mark("path.link" + sel("data-child", n.id));
    }
    Object.keys(depts).forEach(function (id) {
      mark(sel("data-department", id));
      mark(sel("data-org", id));
    });
  }

  function expandTo(node) {
    var changed = false;
    for (var n = node.parent === null ? null : nodes[node.parent]; n;
         n = n.parent === null ? null : nodes[n.parent]) {
      if (n.collapsed) { n.collapsed = false; changed = true; }
    }
    if (changed) { apply(); }
  }

  function reveal(element) {
    expandTo(cardOf(element));
    clearMarks("dm-hit");
    element.classList.add("dm-hit");
    lightChain(element);
    centreOn(boxOf(element), 1);
  }

  // --- the chart's own search box ------------------------------------------------------------

  function norm(text) {
    return (text || "").normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
  }

  var entries = (data.find || []).map(function (e) {
    return { kind: e[0], target: e[1], label: e[2], context: e[3],
             nLabel: norm(e[2]), hay: norm(e[2] + " " + e[4] + " " + e[3]) };
  });
  var findInput = document.getElementById("chart-find");
  var findList = document.getElementById("chart-find-results");
  var findActive = 0;

  function matches(text) {
    var query = norm(text), terms = query.split(" ");
    return entries.filter(function (e) {
      return terms.every(function (t) { return e.hay.indexOf(t) !== -1; });
    }).sort(function (a, b) {
      var sa = a.nLabel === query ? 0 : a.nLabel.indexOf(query) === 0 ? 1 : 2;
      var sb = b.nLabel === query ? 0 : b.nLabel.indexOf(query) === 0 ? 1 : 2;
      return sa - sb || a.label.length - b.label.length;
    });
  }

  function targetOf(entry) {
    var name = entry.kind === "d" ? "data-department" : "data-role";
    return svg.querySelector("g" + sel(name, entry.target));
  }

  function choose(entry) {
    var target = entry && targetOf(entry);
    if (target) { reveal(target); }
    findList.hidden = true;
  }

  function showMatches() {
    var query = norm(findInput.value);
    findList.textContent = "";
    findActive = 0;
    if (!query) { findList.hidden = true; return; }
    var found = matches(query);
    found.slice(0, 20).forEach(function (entry, i) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      if (i === 0) { li.classList.add("active"); }
      var label = document.createElement("span");
      label.className = "label";
      label.textContent = entry.label;
      li.appendChild(label);
      if (entry.context) {
        var context = document.createElement("span");
        context.className = "context";
        context.textContent = entry.context;
        li.appendChild(context);
      }
      li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(entry); });
      li.entry = entry;
      findList.appendChild(li);
    });
    findList.hidden = !found.length;
  }

  function moveMatch(step) {
    var all = findList.querySelectorAll("li");
    if (!all.length) { return; }
    all[findActive].classList.remove("active");
    findActive = (findActive + step + all.length) % all.length;
    all[findActive].classList.add("active");
    all[findActive].scrollIntoView({ block: "nearest" });
  }

  if (findInput && findList) {
    findInput.addEventListener("input", showMatches);
    findInput.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { moveMatch(1); event.preventDefault(); }
      else if (event.key === "ArrowUp") { moveMatch(-1); event.preventDefault(); }
      else if (event.key === "Enter") {
        event.preventDefault();
        var all = findList.querySelectorAll("li");
        if (!all.length) { showMatches(); all = findList.querySelectorAll("li"); }
        if (all.length) { choose(all[Math.min(findActive, all.length - 1)].entry); }
      } else if (event.key === "Escape") { findList.hidden = true; }
    });
    findInput.addEventListener("blur", function () { findList.hidden = true; });
  }

  // --- pointer and buttons ----------------------------------------------------------------

  var drag = null;
  svg.addEventListener("pointerdown", function (event) {
    if (event.button !== 0) { return; }
    drag = { x: event.clientX, y: event.clientY, cx: camera.x, cy: camera.y, moved: false };
  });
  window.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) { return; }
    if (!drag.moved) { svg.classList.add("dragging"); }
    drag.moved = true;
    setCamera(drag.cx - dx / camera.s, drag.cy - dy / camera.s, camera.s);
  });
  window.addEventListener("pointerup", function () {
    if (drag && drag.moved) { svg.classList.remove("dragging"); drag.suppress = true; }
    setTimeout(function () { drag = null; }, 0);
  });
  view.addEventListener("wheel", function (event) {
    event.preventDefault();
    var box = view.getBoundingClientRect();
    zoomAt(Math.exp(-event.deltaY * 0.0015), event.clientX - box.left, event.clientY - box.top);
  }, { passive: false });

  svg.addEventListener("click", function (event) {
    if (drag && drag.suppress) { return; }
    var toggle = event.target.closest(".dm-toggle");
    if (toggle) {
      var node = nodes[toggle.getAttribute("data-toggle")];
      var before = { x: node.x, y: node.y };
      node.collapsed = !node.collapsed;
      apply();
      // Keep the clicked department where it was on the screen.
      setCamera(camera.x + node.x - before.x, camera.y + node.y - before.y, camera.s);
      return;
    }
    var box = event.target.closest("[data-role], [data-department], [data-org]");
    if (box) { lightChain(box); } else { clearMarks("dm-path"); clearMarks("dm-hit"); }
  });

  function setAll(collapsed, fromDepth) {
    Object.keys(nodes).forEach(function (id) {
      var n = nodes[id];
      n.collapsed = collapsed && n.depth >= fromDepth && n.kids.length > 0;
    });
    apply();
    fit();
  }

  var actions = {
    "zoom-in": function () { var wh = size(); zoomAt(1.25, wh[0] / 2, wh[1] / 2); },
    "zoom-out": function () { var wh = size(); zoomAt(0.8, wh[0] / 2, wh[1] / 2); },
    "fit": fit,
    "actual": function () { var wh = size(); zoomAt(1 / camera.s, wh[0] / 2, wh[1] / 2); },
    "expand": function () { setAll(false, 0); },
    "collapse": function () { setAll(true, 1); },
    "clear": function () { clearMarks("dm-path"); clearMarks("dm-hit"); }
  };
  Array.prototype.forEach.call(document.querySelectorAll("[data-chart]"), function (button) {
    button.addEventListener("click", function () { actions[button.getAttribute("data-chart")](); });
  });
  window.addEventListener("resize", function () { setCamera(camera.x, camera.y, camera.s); });

  // --- start ------------------------------------------------------------------------------

  svg.setAttribute("preserveAspectRatio", "xMinYMin meet");
  Object.keys(nodes).forEach(function (id) {
    var n = nodes[id];
    addToggle(n);
    n.collapsed = n.depth >= data.open_depth && n.kids.length > 0;
  });
  apply();
  start();
  // chart.html#dm-find=post:<id> or dept:<id> (from the site index): show that box.
  function arrive() {
    var match = /^#dm-find=(post|dept):(.+)$/.exec(decodeURIComponent(location.hash));
    if (!match) { return; }
    var name = match[1] === "post" ? "data-role" : "data-department";
    var target = svg.querySelector("g" + sel(name, match[2]));
    if (target) { reveal(target); }
  }
  arrive();
  window.addEventListener("hashchange", arrive);
  window.dmChart = { nodes: nodes, camera: camera, reveal: reveal,
                     apply: apply, setAll: setAll, extent: extent };
})();
