// Reading tools of detail pages: font size (大/中/小, remembered) and print.
// The page works without this script; the buttons only add convenience.
(function () {
  "use strict";
  var KEY = "portal-font-size";
  var SIZES = { large: "font-large", medium: "", small: "font-small" };

  function applySize(target, size, buttons) {
    Object.keys(SIZES).forEach(function (name) {
      if (SIZES[name]) target.classList.remove(SIZES[name]);
    });
    if (SIZES[size]) target.classList.add(SIZES[size]);
    buttons.forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.fontSize === size));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var target = document.querySelector("[data-font-target]");
    var buttons = Array.prototype.slice.call(document.querySelectorAll("[data-font-size]"));
    if (target && buttons.length) {
      var saved = null;
      try { saved = window.localStorage.getItem(KEY); } catch (e) { /* storage may be blocked */ }
      applySize(target, SIZES.hasOwnProperty(saved) ? saved : "medium", buttons);
      buttons.forEach(function (button) {
        button.addEventListener("click", function () {
          applySize(target, button.dataset.fontSize, buttons);
          try { window.localStorage.setItem(KEY, button.dataset.fontSize); } catch (e) { /* ignore */ }
        });
      });
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
