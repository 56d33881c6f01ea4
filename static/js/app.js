// Serverless Study: the little JavaScript htmx cannot do. No inline handlers (CSP).
(function () {
  "use strict";

  // Sign-up: preselect the browser's time zone so study days start at the right hour.
  function presetTimeZone() {
    var select = document.querySelector("select[name=time_zone][data-detect]");
    if (!select || select.dataset.touched) return;
    try {
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (zone && select.querySelector('option[value="' + zone + '"]')) select.value = zone;
    } catch (e) { /* keep the server's default */ }
  }

  // After an htmx swap, move focus to the new content so keyboard and
  // screen-reader users land where the change happened.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    var focusable = target && target.querySelector("[data-autofocus]");
    if (focusable) focusable.focus();
  });

  document.addEventListener("DOMContentLoaded", presetTimeZone);
})();
