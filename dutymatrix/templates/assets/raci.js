// RACI filter: rows whose activity or process matches; else the posts (columns) that match.
(function () {
  "use strict";
  var input = document.getElementById("raci-filter");
  var table = document.getElementById("raci-table");
  var counter = document.getElementById("raci-count");
  if (!input || !table) { return; }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var heads = Array.prototype.slice.call(table.tHead.querySelectorAll("th.holder"));

  function norm(text) { return (text || "").toLowerCase().replace(/\s+/g, " ").trim(); }

  function rowText(row) {
    var cells = row.querySelectorAll("th.activity, td.proc");
    var text = row.getAttribute("data-activity") || "";
    for (var i = 0; i < cells.length; i++) { text += " " + cells[i].textContent; }
    return norm(text);
  }

  function showColumn(col, visible) {
    var cells = table.querySelectorAll('[data-col="' + col + '"]');
    for (var i = 0; i < cells.length; i++) { cells[i].classList.toggle("hidden", !visible); }
  }

  function apply() {
    var query = norm(input.value);
    var shownRows = 0;
    var matchingCols = [];
    heads.forEach(function (th) {
      if (query && norm(th.textContent).indexOf(query) !== -1) {
        matchingCols.push(th.getAttribute("data-col"));
      }
    });
    var rowMatches = rows.filter(function (row) { return !query || rowText(row).indexOf(query) !== -1; });
    var useColumns = query && rowMatches.length === 0 && matchingCols.length > 0;
    heads.forEach(function (th) {
      var col = th.getAttribute("data-col");
      showColumn(col, !useColumns || matchingCols.indexOf(col) !== -1);
    });
    rows.forEach(function (row) {
      var visible;
      if (useColumns) {
        visible = matchingCols.some(function (col) {
          var cell = row.querySelector('td[data-col="' + col + '"]');
          return cell && cell.textContent.trim() !== "";
        });
      } else {
        visible = rowMatches.indexOf(row) !== -1;
      }
      row.classList.toggle("hidden", !visible);
      if (visible) { shownRows += 1; }
    });
    if (counter) { counter.textContent = query ? shownRows + " / " + rows.length : ""; }
  }

  input.addEventListener("input", apply);
  apply();
})();
