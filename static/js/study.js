// Study screen keyboard shortcuts: Space/Enter show the answer, 1-4 grade, U undoes.
// Buttons carry data-key; a shortcut clicks the matching visible button, so htmx
// (and the no-JavaScript fallbacks) stay in charge of what happens. A key pressed
// while a request or swap is under way waits for it, so fast typists lose nothing.
(function () {
  "use strict";
  var KEYS = { " ": "show", "Enter": "show", "1": "1", "2": "2", "3": "3", "4": "4", "u": "undo", "U": "undo" };
  var pending = null;

  function session() { return document.getElementById("study-session"); }

  function busy(root) {
    return root.matches(".htmx-settling, .htmx-swapping") ||
      root.querySelector(".htmx-request, .htmx-settling, .htmx-swapping, .htmx-added") !== null;
  }

  function press(key) {
    var root = session();
    if (!root) return false;
    var button = root.querySelector('[data-key="' + key + '"]:not([disabled])');
    if (!button) return false;
    button.click();
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
    var target = event.target;
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    var key = KEYS[event.key];
    var root = session();
    if (!key || !root) return;
    // Enter on another focused control keeps its own meaning (e.g. the Undo button).
    if (event.key === "Enter" && target && target.closest && target.closest("button, a") &&
        target.getAttribute("data-key") !== "show") return;
    if (busy(root)) {
      pending = key;
      event.preventDefault();
      return;
    }
    if (root.querySelector('[data-key="' + key + '"]')) {
      event.preventDefault();
      press(key);
    }
  });

  document.addEventListener("htmx:afterSettle", function () {
    if (!pending) return;
    var key = pending;
    pending = null;
    window.setTimeout(function () { press(key); }, 0);
  });
})();
