// Study screen keyboard shortcuts: Space/Enter show the answer, 1-4 grade, U undoes.
// Buttons carry data-key; a shortcut clicks the matching visible button, so htmx
// (and the no-JavaScript fallbacks) stay in charge of what happens.
(function () {
  "use strict";
  var KEYS = { " ": "show", "Enter": "show", "1": "1", "2": "2", "3": "3", "4": "4", "u": "undo", "U": "undo" };

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    var target = event.target;
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    var key = KEYS[event.key];
    if (!key) return;
    var session = document.getElementById("study-session");
    if (!session) return;
    var button = session.querySelector('[data-key="' + key + '"]:not([disabled])');
    if (!button) return;
    // Enter on a focused control keeps its own meaning (e.g. the Undo button).
    if (event.key === "Enter" && target && target.closest && target.closest("button, a") && target !== button) return;
    event.preventDefault();
    button.click();
  });
})();
