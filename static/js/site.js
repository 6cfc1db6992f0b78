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

// The request form: show the fields of the chosen applicant type, mark them required, and stop a
// second click on submit. Without JavaScript both groups show, labelled, and the server checks all.
(function () {
  "use strict";
  var CONDITIONAL = {
    natural_person: ["id_type", "id_number"],
    organisation: ["organisation_kind", "uscc", "legal_representative"]
  };

  function update(form) {
    var checked = form.querySelector("input[name=applicant_type]:checked");
    var type = checked ? checked.value : null;
    Array.prototype.forEach.call(form.querySelectorAll("[data-applicant]"), function (group) {
      var active = !type || group.getAttribute("data-applicant") === type;
      group.hidden = !active;
      (CONDITIONAL[group.getAttribute("data-applicant")] || []).forEach(function (name) {
        var input = form.querySelector("[name=" + name + "]");
        if (!input) return;
        var label = form.querySelector("label[for=" + input.id + "]");
        if (active && type) input.setAttribute("required", "");
        else input.removeAttribute("required");
        if (label) label.classList.toggle("required", Boolean(active && type));
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("[data-application-form]");
    if (form) {
      update(form);
      Array.prototype.forEach.call(form.querySelectorAll("input[name=applicant_type]"), function (radio) {
        radio.addEventListener("change", function () { update(form); });
      });
    }
    Array.prototype.forEach.call(document.querySelectorAll("form"), function (f) {
      f.addEventListener("submit", function () {
        var button = f.querySelector("[data-submit-once]");
        if (button) {
          // Disable after the browser has taken the submission; the form token guards the server side.
          window.setTimeout(function () { button.disabled = true; }, 0);
        }
      });
    });
    var summary = document.getElementById("error-summary");
    if (summary) summary.focus();
  });
})();
