// A unit picker: a search box before each <select data-unit-picker> that keeps only the units
// whose name holds every typed word, with or without Vietnamese diacritics ("vinh yen" finds
// "Vĩnh Yên"). Without JavaScript the plain select still works.
(function () {
  "use strict";

  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function attach(select) {
    var search = document.createElement("input");
    search.type = "search";
    search.autocomplete = "off";
    search.className = "unit-search";
    search.placeholder = select.dataset.searchPlaceholder || "Tìm theo tên đơn vị…";
    search.setAttribute("aria-label", search.placeholder);
    select.parentNode.insertBefore(search, select);
    var options = Array.prototype.map.call(select.options, function (option) {
      return { option: option, text: fold(option.textContent) };
    });
    search.addEventListener("input", function () {
      var words = fold(search.value).split(" ").filter(Boolean);
      var first = null;
      options.forEach(function (item) {
        var shown = !item.option.value || words.every(function (w) { return item.text.indexOf(w) !== -1; });
        item.option.hidden = !shown;
        if (shown && item.option.value && first === null) { first = item.option; }
      });
      var current = select.options[select.selectedIndex];
      if (words.length && first && (!current || current.hidden || !current.value)) {
        first.selected = true;
      }
    });
  }

  document.querySelectorAll("select[data-unit-picker]").forEach(attach);
})();
