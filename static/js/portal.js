// Behaviour shared by every page, kept out of the HTML so a strict Content-Security-Policy holds.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-submit-on-change]")) { event.target.form.submit(); }
  });

  // Narrow screens: the menu folds behind one button (CSS hides it only once this ran).
  var topbar = document.querySelector(".topbar");
  var toggle = topbar && topbar.querySelector(".nav-toggle");
  if (toggle) {
    toggle.hidden = false;
    topbar.classList.add("js-nav");
    var unread = topbar.querySelector(".notifications-link .badge");
    if (unread) { toggle.appendChild(document.createTextNode(" ")); toggle.appendChild(unread.cloneNode(true)); }
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      topbar.classList.toggle("open", open);
    });
  }

  // Tables stacked as cards on phones (class "stack"): each cell is labelled with its column.
  Array.prototype.forEach.call(document.querySelectorAll("table.stack"), function (table) {
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (row) {
      var column = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        if (cell.colSpan === 1 && heads[column]) { cell.setAttribute("data-label", heads[column]); }
        // An empty cell would leave a bare label on the card.
        if (!cell.textContent.trim() && !cell.querySelector("input, select, textarea, img")) {
          cell.classList.add("stack-empty");
        }
        column += cell.colSpan;
      });
    });
  });

  // Filter forms fold behind their summary on phones, so the list comes first; wide screens show them.
  var narrow = window.matchMedia("(max-width: 700px)");
  function foldFilters() {
    Array.prototype.forEach.call(document.querySelectorAll("details.filter-fold"), function (fold) {
      fold.open = !narrow.matches || fold.hasAttribute("data-keep-open");
    });
  }
  foldFilters();
  narrow.addEventListener("change", foldFilters);

  // A table wider than the screen scrolls inside itself: keyboard users must be able to reach it.
  function reachable() {
    Array.prototype.forEach.call(document.querySelectorAll("table.grid"), function (table) {
      if (table.scrollWidth > table.clientWidth + 1) { table.tabIndex = 0; }
      else { table.removeAttribute("tabindex"); }
    });
  }
  reachable();
  window.addEventListener("resize", reachable);
})();
