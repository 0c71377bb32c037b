// Report form: live percentage for ratios, and a warning before leaving with unsaved edits.
// Loaded as a file (no inline script) so a strict Content-Security-Policy can apply.
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form) { return; }

  // "1.234,5" → 1234.5, as staff type numbers; NaN when it is not a number.
  function parseVN(text) {
    var s = (text || "").trim().replace(/\s/g, "");
    if (!s) { return NaN; }
    if (s.indexOf(",") >= 0) { s = s.replace(/\./g, "").replace(",", "."); }
    else if (/^\d{1,3}(\.\d{3})+$/.test(s)) { s = s.replace(/\./g, ""); }
    return /^-?\d+(\.\d+)?$/.test(s) ? parseFloat(s) : NaN;
  }
  function formatPercent(x) {
    return x.toFixed(2).replace(".", ",").replace(/,?0+$/, "").replace(/,$/, "") + "%";
  }
  function updateRatio(box) {
    var n = parseVN(box.querySelector("[data-part=numerator]").value);
    var d = parseVN(box.querySelector("[data-part=denominator]").value);
    var out = box.querySelector("output.percent");
    out.textContent = (isFinite(n) && isFinite(d) && d > 0) ? formatPercent(100 * n / d) : "";
    out.classList.toggle("over", isFinite(n) && isFinite(d) && n > d);
  }
  Array.prototype.forEach.call(form.querySelectorAll("[data-ratio]"), function (box) {
    box.addEventListener("input", function () { updateRatio(box); });
    // Also at once: values the browser restores on reload (or the server filled) show theirs.
    updateRatio(box);
  });

  var dirty = false;
  function showUnsaved(on) {
    var note = document.querySelector("#report-status .unsaved-note");
    if (note) { note.hidden = !on; }
  }
  form.addEventListener("input", function () { dirty = true; showUnsaved(true); });
  form.addEventListener("change", function () { dirty = true; showUnsaved(true); });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    if (event.detail.elt === form && xhr && xhr.getResponseHeader("X-Report-Saved") === "1") {
      dirty = false; showUnsaved(false);
    }
  });
  form.addEventListener("submit", function () { dirty = false; });

  // The autosave always saves. htmx sends a form's request to the formaction of the button
  // last clicked in it, so an autosave fired after a click on "Gửi báo cáo" (its change event
  // comes 300 ms after the blur) would send the report a second time. While a sending is on
  // its way, autosaves are dropped: the sending carries every field anyway.
  var sending = false;
  var saveUrl = form.getAttribute("hx-post");
  function sends(elt) { return elt.form === form && elt.hasAttribute("formaction"); }
  document.body.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt !== form) { return; }
    if (sending) { event.preventDefault(); return; }
    event.detail.path = saveUrl;
  });
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    if (sends(event.detail.elt)) { sending = true; }
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    // Refused (the form shows why): the unit goes on editing, and autosave with it.
    if (sends(event.detail.elt) && !(xhr && xhr.getResponseHeader("HX-Redirect"))) { sending = false; }
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
})();
