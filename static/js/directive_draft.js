// The draft page: a proposal under the pointer or the keyboard lights up the words of the
// directive it came from, and brings them into view. No inline script: the CSP forbids it.
(function () {
  "use strict";
  function pieces(id) {
    return document.querySelectorAll('.draft-text .src[data-for~="' + id + '"]');
  }
  function show(event) {
    var proposal = event.target.closest("[data-source]");
    if (!proposal) { return; }
    document.querySelectorAll(".draft-text .src.on").forEach(function (el) { el.classList.remove("on"); });
    var found = pieces(proposal.getAttribute("data-source"));
    found.forEach(function (el) { el.classList.add("on"); });
    if (found.length) { found[0].scrollIntoView({ block: "nearest" }); }
  }
  function start() {
    var form = document.querySelector(".draft-form");
    if (!form) { return; }
    form.addEventListener("focusin", show);
    form.addEventListener("mouseover", show);
  }
  // Deferred: the page is parsed when this runs, so listen at once (a field focused before
  // DOMContentLoaded would otherwise light nothing).
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
