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

// The accessibility toolbar: text size, high contrast, reading guide and large cursor, applied at
// once as classes on <html> (the classes the server renders from the a11y cookie), remembered in
// localStorage and in that cookie so the next page comes from the server already right.
// Without JavaScript the same buttons send the form to /preferences/, which sets the cookie.
(function () {
  "use strict";
  var COOKIE = "a11y";
  var KEY = "portal-a11y";
  var TOGGLES = ["contrast", "guide", "cursor"];
  var MAX_ZOOM = 4;
  var root = document.documentElement;
  root.classList.add("js");

  function parse(value) {
    var state = { zoom: 0, contrast: false, guide: false, cursor: false };
    String(value || "").slice(0, 100).split(".").forEach(function (token) {
      var zoom = /^zoom-([1-4])$/.exec(token);
      if (TOGGLES.indexOf(token) !== -1) state[token] = true;
      else if (zoom) state.zoom = Number(zoom[1]);
    });
    return state;
  }

  function serialise(state) {
    var tokens = TOGGLES.filter(function (name) { return state[name]; });
    if (state.zoom) tokens.push("zoom-" + state.zoom);
    return tokens.join(".");
  }

  function readCookie() {
    var match = /(?:^|;\s*)a11y=([^;]*)/.exec(document.cookie);
    return match ? decodeURIComponent(match[1]) : null;
  }

  function store(value) {
    var attributes = "; path=/; SameSite=Lax" + (window.location.protocol === "https:" ? "; Secure" : "");
    document.cookie = COOKIE + "=" + value + attributes + (value ? "; max-age=31536000" : "; max-age=0");
    try {
      if (value) window.localStorage.setItem(KEY, value);
      else window.localStorage.removeItem(KEY);
    } catch (e) { /* storage may be blocked */ }
  }

  function render(state) {
    TOGGLES.forEach(function (name) { root.classList.toggle("a11y-" + name, state[name]); });
    for (var n = 1; n <= MAX_ZOOM; n++) root.classList.toggle("a11y-zoom-" + n, state.zoom === n);
  }

  // The cookie is what the server rendered; localStorage restores a cookie that expired or was cleared.
  var cookie = readCookie();
  var stored = null;
  try { stored = window.localStorage.getItem(KEY); } catch (e) { /* ignore */ }
  var state = parse(cookie !== null ? cookie : stored);
  render(state);
  if (cookie === null && stored) store(serialise(state));

  function percent(zoom) { return [100, 110, 120, 135, 150][zoom] + "%"; }

  document.addEventListener("DOMContentLoaded", function () {
    var toolbar = document.getElementById("a11y-toolbar");
    if (!toolbar) return;
    var status = document.getElementById("a11y-status");
    var level = document.getElementById("a11y-zoom-level");
    var line = document.getElementById("a11y-guide-line");

    function sync() {
      Array.prototype.forEach.call(toolbar.querySelectorAll("button[aria-pressed]"), function (button) {
        button.setAttribute("aria-pressed", String(Boolean(state[button.value])));
      });
      if (level && level.lastChild) level.lastChild.nodeValue = percent(state.zoom);
      if (!state.guide && line) line.classList.remove("is-active");
    }

    function announce(text) {
      if (!status) return;
      status.textContent = "";
      // A fresh text node after a pause, so the same message twice is read twice.
      window.setTimeout(function () { status.textContent = text; }, 50);
    }

    function message(name) {
      return (toolbar.getAttribute("data-msg-" + name) || "").replace("{percent}", percent(state.zoom));
    }

    // The reading guide follows the pointer and, for keyboard users, the focused element.
    var y = null;
    var pending = false;
    var followFocus = false;
    function place() {
      pending = false;
      if (!line || !state.guide || y === null) return;
      line.style.transform = "translateY(" + Math.round(y - line.offsetHeight / 2) + "px)";
      line.classList.add("is-active");
    }
    function schedule() {
      if (!pending) { pending = true; window.requestAnimationFrame(place); }
    }
    function focusY() {
      var element = document.activeElement;
      if (!element || element === document.body || element === root) return null;
      var box = element.getBoundingClientRect();
      return box.top + Math.min(box.height, window.innerHeight) / 2;
    }
    document.addEventListener("mousemove", function (event) {
      if (!state.guide) return;
      followFocus = false;
      y = event.clientY;
      schedule();
    }, { passive: true });
    document.addEventListener("focusin", function () {
      if (!state.guide) return;
      followFocus = true;
      y = focusY();
      schedule();
    });
    window.addEventListener("scroll", function () {
      if (!state.guide || !followFocus) return;
      y = focusY();
      schedule();
    }, { passive: true });

    function act(button) {
      var action = button.value;
      var text = "";
      if (action === "zoom-in" || action === "zoom-out") {
        var next = Math.max(0, Math.min(MAX_ZOOM, state.zoom + (action === "zoom-in" ? 1 : -1)));
        var edge = next === state.zoom;
        state.zoom = next;
        text = message(edge ? (action === "zoom-in" ? "zoom-max" : "zoom-min") : "zoom");
      } else if (TOGGLES.indexOf(action) !== -1) {
        state[action] = !state[action];
        text = button.getAttribute(state[action] ? "data-on" : "data-off") || "";
      } else if (action === "reset") {
        state = parse("");
        text = message("reset");
      } else {
        return;
      }
      render(state);
      sync();
      store(serialise(state));
      announce(text);
      if (action === "guide" && state.guide) {
        followFocus = true;
        y = focusY();
        schedule();
      }
    }

    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("button[name=action]") : null;
      if (!button || !toolbar.contains(button)) return;
      event.preventDefault();
      act(button);
    });
    sync();

  });
})();
