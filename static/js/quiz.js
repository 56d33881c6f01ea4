// Taking a quiz: the countdown (the deadline itself is kept by the server), and
// saving again after a lost connection. Answers are saved by htmx (hx-post on
// each question); no inline handlers (CSP).
(function () {
  "use strict";
  var ANNOUNCE_AT = { 600: "10 minutes left.", 300: "5 minutes left.", 60: "1 minute left.", 30: "30 seconds left." };

  function format(seconds) {
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return h ? h + ":" + pad(m) + ":" + pad(s) : m + ":" + pad(s);
  }

  function startTimer() {
    var timer = document.getElementById("quiz-timer");
    if (!timer || timer.dataset.started) return;
    timer.dataset.started = "true";
    var value = timer.querySelector(".timer-value");
    var announce = document.getElementById("timer-announce");
    // Seconds left as the server counted them, so a wrong clock here does not matter.
    var end = Date.now() + parseInt(timer.dataset.secondsLeft, 10) * 1000;
    var announced = {};
    var flushed = false;
    function tick() {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      value.textContent = format(left);
      timer.classList.toggle("is-low", left <= 60);
      Object.keys(ANNOUNCE_AT).forEach(function (at) {
        if (left <= +at && left > +at - 5 && !announced[at]) { announced[at] = true; announce.textContent = ANNOUNCE_AT[at]; }
      });
      if (left <= 3 && !flushed) { flushed = true; flushPending(); }
      if (left <= 0) {
        clearInterval(interval);
        announce.textContent = "Time is up. Submitting your saved answers.";
        var form = document.getElementById("timeout-form");
        // Give a last autosave a moment to land before the server closes the attempt.
        if (form) setTimeout(function () { form.submit(); }, 800);
      }
    }
    var interval = setInterval(tick, 1000);
    tick();
  }

  // Questions edited but not yet saved (their debounce has not fired).
  var dirty = new Set();
  function flushPending() {
    dirty.forEach(function (fieldset) { if (window.htmx) window.htmx.trigger(fieldset, "input"); });
  }

  document.addEventListener("input", function (event) {
    var fieldset = event.target.closest && event.target.closest("fieldset.quiz-question");
    if (fieldset) dirty.add(fieldset);
  });
  function afterSave(event) {
    var fieldset = event.detail.elt;
    if (!fieldset.matches || !fieldset.matches("fieldset.quiz-question")) return;
    var state = fieldset.querySelector(".save-state");
    if (event.type === "htmx:afterRequest" && event.detail.successful) {
      dirty.delete(fieldset);
      if (state) state.classList.remove("is-error");
      return;
    }
    // Lost connection or a server error: say so, and try again shortly.
    if (state) {
      state.classList.add("is-error");
      state.querySelector(".saved-text").textContent = "Not saved yet — retrying…";
    }
    setTimeout(function () { if (window.htmx) window.htmx.trigger(fieldset, "input"); }, 3000);
  }
  document.addEventListener("htmx:afterRequest", afterSave);
  document.addEventListener("htmx:sendError", afterSave);
  window.addEventListener("online", flushPending);
  // An answer given before htmx was wired up (a very quick first click) is saved now.
  window.addEventListener("load", flushPending);

  // With the page, or when the quiz page's Start brings the attempt in (hx-boost: no page load).
  document.addEventListener("DOMContentLoaded", startTimer);
  document.addEventListener("htmx:load", startTimer);
})();
