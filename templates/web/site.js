/* Search, bidang filter and column sorting for the published lists.
   Plain script on the page itself, so it works from disk (file://) and inside another site.
   Without it every row is shown, which is also what is printed. Rows stay under their bidang:
   sorting orders each bidang's rows, filtering hides a bidang with no row left. */
(function () {
  "use strict";
  var collator = new Intl.Collator("id", { numeric: true, sensitivity: "base" });

  function fold(text) {
    // Case and accents do not matter when searching: "Anak" finds "anak", "e" finds "é".
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function itemsOf(body) {
    return Array.prototype.filter.call(body.rows, function (row) {
      return !row.classList.contains("kelompok");
    });
  }

  function setUp(section) {
    var table = section.querySelector("table.daftar");
    if (!table) { return; }
    var bodies = Array.prototype.slice.call(table.tBodies);
    var rows = [];
    bodies.forEach(function (body) { rows = rows.concat(itemsOf(body)); });
    var texts = rows.map(function (row) {
      return fold(Array.prototype.map.call(row.cells, function (cell) { return cell.textContent; }).join("\n"));
    });
    var controls = section.querySelector(".kontrol");
    var search = controls.querySelector("input");
    var field = controls.querySelector("select");
    var status = controls.querySelector("[role=status]");
    var empty = section.querySelector(".kosong");
    var headers = Array.prototype.slice.call(table.tHead.querySelector("tr.kolom").cells);
    var shown = rows.length;
    var sorted = "";

    function announce() {
      status.textContent = shown + " dari " + rows.length + " informasi" + sorted;
    }

    function filter() {
      var words = fold(search.value).split(/\s+/).filter(Boolean);
      var chosen = field ? field.value : "";
      shown = 0;
      rows.forEach(function (row, index) {
        var match = (!chosen || row.getAttribute("data-bidang") === chosen) &&
          words.every(function (word) { return texts[index].indexOf(word) !== -1; });
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      bodies.forEach(function (body) {
        body.hidden = itemsOf(body).every(function (row) { return row.hidden; });
      });
      empty.hidden = shown > 0;
      announce();
    }

    function sortBy(column, direction) {
      bodies.forEach(function (body) {
        var items = itemsOf(body);
        var keys = items.map(function (row) { return row.cells[column].textContent.trim(); });
        var order = items.map(function (row, index) { return index; });
        order.sort(function (a, b) { return direction * collator.compare(keys[a], keys[b]) || a - b; });
        // Rows are moved while the body is detached: ten times faster on long lists.
        var next = body.nextSibling;
        table.removeChild(body);
        order.forEach(function (index) { body.appendChild(items[index]); });
        table.insertBefore(body, next);
      });
      headers.forEach(function (header) { header.removeAttribute("aria-sort"); });
      headers[column].setAttribute("aria-sort", direction > 0 ? "ascending" : "descending");
      sorted = ", diurutkan menurut " + headers[column].textContent.trim() +
        (direction > 0 ? " (naik)" : " (turun)") + " dalam setiap bidang";
      announce();
    }

    headers.forEach(function (header, column) {
      var button = document.createElement("button");
      button.type = "button";
      while (header.firstChild) { button.appendChild(header.firstChild); }
      var arrow = document.createElement("span");
      arrow.className = "arah";
      arrow.setAttribute("aria-hidden", "true");
      button.appendChild(arrow);
      header.appendChild(button);
      button.addEventListener("click", function () {
        sortBy(column, header.getAttribute("aria-sort") === "ascending" ? -1 : 1);
      });
    });
    search.addEventListener("input", filter);
    if (field) { field.addEventListener("change", filter); }
    controls.hidden = false;
  }

  Array.prototype.forEach.call(document.querySelectorAll(".dik-terbitan [data-daftar]"), setUp);
})();
