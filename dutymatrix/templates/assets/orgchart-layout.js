// The org chart layout of the site's chart page, repeated from the build: the tidy tree
// of dutymatrix/render/tidy.py (van der Ploeg's non-layered Reingold–Tilford) and the leaf
// blocks and edges of dutymatrix/render/orgchart_place.py. With every department
// expanded it puts each card exactly where the build did (a browser test holds it to it).
//
//   window.dmChartLayout(nodes, rootId, compact, gaps) -> {shown, edges, width, height}
//   nodes: id -> {id, parent, w, h, hh (header height), kids: [ids], collapsed};
//   sets each shown node's x, y (its card's top-left corner).
(function () {
  "use strict";
  var G = null;
  var compact = false;

  function isLeaf(node) { return node.kids.length === 0; }

  // --- tidy tree (van der Ploeg), as in tidy.py -------------------------------------

  function tidyNode(width, height, anchor, children) {
    var t = { width: width, height: height, anchor: anchor, children: children, x: 0, y: 0,
              prelim: 0, mod: 0, shift: 0, change: 0, tl: null, tr: null,
              el: null, er: null, msel: 0, mser: 0 };
    t.el = t; t.er = t;
    return t;
  }

  function bottom(t) { return t.y + t.height; }

  function setExtremes(t) {
    if (!t.children.length) {
      t.el = t; t.er = t; t.msel = 0; t.mser = 0;
    } else {
      var first = t.children[0], last = t.children[t.children.length - 1];
      t.el = first.el; t.msel = first.msel; t.er = last.er; t.mser = last.mser;
    }
  }

  function updateSiblings(lowY, index, siblings) {
    while (siblings && lowY >= siblings.lowY) { siblings = siblings.next; }
    return { lowY: lowY, index: index, next: siblings };
  }

  function moveSubtree(t, i, si, dist) {
    var kid = t.children[i];
    kid.mod += dist; kid.msel += dist; kid.mser += dist;
    if (si !== i - 1) {
      var share = dist / (i - si);
      t.children[si + 1].shift += share;
      kid.shift -= share;
      kid.change -= dist - share;
    }
  }

  function separate(t, i, siblings) {
    var kids = t.children;
    var sr = kids[i - 1], mssr = kids[i - 1].mod;
    var cl = kids[i], mscl = kids[i].mod;
    var first = true;
    while (sr && cl) {
      if (bottom(sr) > siblings.lowY && siblings.next) { siblings = siblings.next; }
      var dist = (mssr + sr.prelim + sr.width) - (mscl + cl.prelim);
      if (dist > 0 || first) { mscl += dist; moveSubtree(t, i, siblings.index, dist); }
      first = false;
      var sy = bottom(sr), cy = bottom(cl);
      if (sy <= cy) {
        sr = sr.children.length ? sr.children[sr.children.length - 1] : sr.tr;
        if (sr) { mssr += sr.mod; }
      }
      if (sy >= cy) {
        cl = cl.children.length ? cl.children[0] : cl.tl;
        if (cl) { mscl += cl.mod; }
      }
    }
    if (!sr && cl) {
      var firstKid = kids[0], li = firstKid.el;
      li.tl = cl;
      var diffL = (mscl - cl.mod) - firstKid.msel;
      li.mod += diffL; li.prelim -= diffL;
      firstKid.el = kids[i].el; firstKid.msel = kids[i].msel;
    } else if (sr && !cl) {
      var kid = kids[i], ri = kid.er;
      ri.tr = sr;
      var diffR = (mssr - sr.mod) - kid.mser;
      ri.mod += diffR; ri.prelim -= diffR;
      kid.er = kids[i - 1].er; kid.mser = kids[i - 1].mser;
    }
    return siblings;
  }

  function firstWalk(t) {
    var kids = t.children;
    if (!kids.length) { setExtremes(t); return; }
    var siblings = updateSiblings(bottom(kids[0].el), 0, null);
    for (var i = 1; i < kids.length; i++) {
      var lowY = bottom(kids[i].er);
      siblings = separate(t, i, siblings);
      siblings = updateSiblings(lowY, i, siblings);
    }
    var first = kids[0], last = kids[kids.length - 1];
    var centre = (first.prelim + first.mod + first.anchor + last.prelim + last.mod +
                  last.anchor) / 2;
    t.prelim = centre - t.anchor;
    setExtremes(t);
  }

  function tidy(root) {
    var pending = [root], order = [];
    root.y = 0;
    while (pending.length) {  // y first, and a pre-order list for the walks
      var t = pending.pop();
      order.push(t);
      for (var i = 0; i < t.children.length; i++) {
        t.children[i].y = bottom(t);
        pending.push(t.children[i]);
      }
    }
    for (var k = order.length - 1; k >= 0; k--) { firstWalk(order[k]); }  // children first
    var stack = [[root, 0]];
    while (stack.length) {
      var top = stack.pop(), node = top[0], modsum = top[1] + top[0].mod;
      node.x = node.prelim + modsum;
      var shift = 0, delta = 0;
      node.children.forEach(function (child) {
        shift += child.shift;
        delta += shift + child.change;
        child.mod += delta;
      });
      node.children.forEach(function (child) { stack.push([child, modsum]); });
    }
  }

  // --- leaf blocks, composites and placement, as in orgchart_place.py ----------------

  function rowHeight(row) { return Math.max(row[0].h, row[1] ? row[1].h : 0); }

  function makeBlock(leaves) {
    var rows = [], i;
    for (i = 0; i < leaves.length; i += 2) { rows.push([leaves[i], leaves[i + 1] || null]); }
    var heights = rows.map(function (r) { return rowHeight(r) + G.stub; });
    var total = heights.reduce(function (a, b) { return a + b; }, 0) - G.stub;
    var widest = Math.max.apply(null, leaves.map(function (n) { return n.w; }));
    var ideal = Math.sqrt(G.block_aspect * total / (2 * widest + G.trunk));
    var count = 2 * Math.floor((ideal - 1) / 2 + 0.5) + 1;
    count = Math.max(1, Math.min(count, rows.length % 2 ? rows.length : rows.length - 1));
    var share = total / count;
    var units = [{ rows: [] }], height = 0;
    rows.forEach(function (row, k) {
      var last = units[units.length - 1];
      if (last.rows.length && height + heights[k] / 2 > share && units.length < count) {
        units.push({ rows: [] });
        height = 0;
      }
      units[units.length - 1].rows.push(row);
      height += heights[k];
    });
    var left = 0;
    units.forEach(function (unit) {
      unit.column = 0;
      unit.height = 0;
      unit.rows.forEach(function (row) {
        row.forEach(function (n) { if (n) { unit.column = Math.max(unit.column, n.w); } });
        unit.height += rowHeight(row);
      });
      unit.height += G.stub * (unit.rows.length - 1);
      unit.width = 2 * unit.column + G.trunk;
      unit.left = left;
      unit.trunk = left + unit.column + G.trunk / 2;
      left += unit.width + G.row;
    });
    return { units: units, width: left - G.row,
             height: Math.max.apply(null, units.map(function (u) { return u.height; })),
             anchor: units[Math.floor(units.length / 2)].trunk };
  }

  function composite(nodes, node) {
    var visible = node.collapsed ? [] : node.kids.map(function (id) { return nodes[id]; });
    var leaves = visible.filter(isLeaf);
    var comp = { node: node, block: null, row: visible,
                 left: -node.w / 2, right: node.w / 2, height: node.h };
    if (compact && leaves.length >= G.min_stack) {
      comp.block = makeBlock(leaves);
      comp.row = visible.filter(function (n) { return !isLeaf(n); });
      comp.left = Math.min(comp.left, -comp.block.anchor);
      comp.right = Math.max(comp.right, comp.block.width - comp.block.anchor);
      comp.height += G.block + comp.block.height;
    }
    // Nothing hangs in the row below this card: keep the top of that row clear under it,
    // or a cousin placed there would read as its child (as orgchart_place.py does).
    var reserve = comp.row.length ? 0 : G.level + 1;
    comp.t = tidyNode(comp.right - comp.left + G.row, G.level + comp.height + reserve,
                      -comp.left + G.row / 2, []);
    return comp;
  }

  function simplify(points) {
    var kept = [];
    points.forEach(function (p) {
      var last = kept[kept.length - 1];
      if (last && last[0] === p[0] && last[1] === p[1]) { return; }
      if (kept.length >= 2) {
        var a = kept[kept.length - 2], b = last;
        if ((a[0] === b[0] && b[0] === p[0]) || (a[1] === b[1] && b[1] === p[1])) {
          kept[kept.length - 1] = p;
          return;
        }
      }
      kept.push(p);
    });
    return kept;
  }

  function placeBlock(comp, anchor, cardBottom, out) {
    var block = comp.block, left = anchor - block.anchor, bar = cardBottom + G.block / 2;
    block.units.forEach(function (unit) {
      var trunk = left + unit.trunk, y = cardBottom + G.block;
      unit.rows.forEach(function (row) {
        row.forEach(function (leaf, side) {
          if (!leaf) { return; }
          var x = side === 0 ? trunk - G.trunk / 2 - leaf.w : trunk + G.trunk / 2;
          var stub = y + leaf.hh / 2, edgeX = side === 0 ? trunk - G.trunk / 2 : trunk + G.trunk / 2;
          out.cards.push([leaf, x, y]);
          out.edges.push([leaf, simplify([[anchor, cardBottom], [anchor, bar], [trunk, bar],
                                          [trunk, stub], [edgeX, stub]])]);
        });
        y += rowHeight(row) + G.stub;
      });
    });
  }

  function layout(nodes, rootId) {
    var comps = {}, order = [], pending = [nodes[rootId]];
    while (pending.length) {  // visible nodes, parents first
      var node = pending.pop();
      order.push(node);
      comps[node.id] = composite(nodes, node);
      if (!node.collapsed) {
        for (var i = node.kids.length - 1; i >= 0; i--) { pending.push(nodes[node.kids[i]]); }
      }
    }
    order.forEach(function (n) {
      comps[n.id].t.children = comps[n.id].row.map(function (k) { return comps[k.id].t; });
    });
    tidy(comps[rootId].t);
    var out = { cards: [], edges: [] };
    order.forEach(function (n) {
      var parent = n.parent === null || n.id === rootId ? null : comps[n.parent];
      if (parent && parent.block && isLeaf(n)) { return; }  // placed in its parent's block
      var comp = comps[n.id], t = comp.t;
      var anchor = t.x + t.anchor, top = t.y + G.level, cardBottom = top + n.h;
      out.cards.push([n, anchor - n.w / 2, top]);
      if (comp.block) { placeBlock(comp, anchor, cardBottom, out); }
      var bus = t.y + t.height + G.level / 2;
      comp.row.forEach(function (kid) {
        var kt = comps[kid.id].t, ka = kt.x + kt.anchor;
        out.edges.push([kid, simplify([[anchor, cardBottom], [anchor, bus], [ka, bus],
                                       [ka, kt.y + G.level]])]);
      });
    });
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    out.cards.forEach(function (c) { x0 = Math.min(x0, c[1]); y0 = Math.min(y0, c[2]); });
    out.cards.forEach(function (c) {
      c[0].x = c[1] - x0; c[0].y = c[2] - y0;
      x1 = Math.max(x1, c[0].x + c[0].w); y1 = Math.max(y1, c[0].y + c[0].h);
    });
    out.edges.forEach(function (e) {
      e[1] = e[1].map(function (p) { return [p[0] - x0, p[1] - y0]; });
    });
    return { shown: order, edges: out.edges, width: x1, height: y1 };
  }

  window.dmChartLayout = function (nodes, rootId, isCompact, gaps) {
    G = gaps;
    compact = isCompact;
    return layout(nodes, rootId);
  };
})();
