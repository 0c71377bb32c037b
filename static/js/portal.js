// Behaviour shared by every page, kept out of the HTML so a strict Content-Security-Policy holds.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-submit-on-change]")) { event.target.form.submit(); }
  });
})();
