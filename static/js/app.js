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
  // htmx fires afterSettle on the new content itself (also after an outerHTML swap).
  document.addEventListener("htmx:afterSettle", function (event) {
    var scope = event.target;
    if (!scope || !scope.isConnected || scope === document) return;
    var focusable = scope.matches("[data-autofocus]") ? scope : scope.querySelector("[data-autofocus]");
    if (focusable) focusable.focus();
  });

  // A boosted form (hx-boost) is a page visit: show whatever page the server answered, its error
  // pages too, as a plain form would. htmx leaves the old page in place on a 4xx or 5xx, so the
  // button would seem to do nothing.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.boosted && event.detail.xhr.status >= 400) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("DOMContentLoaded", presetTimeZone);
})();
