// The request form's security check (ALTCHA proof of work, applications/challenge.py). As soon as
// the page loads, the browser looks for the number whose SHA-256 with the given salt is the challenge,
// in batches so the page stays responsive, and puts the answer in the hidden field. A submission made
// before it is done waits for it and then goes ahead. If the browser cannot do it (no Web Crypto),
// the question kept in <noscript> for browsers without JavaScript is shown instead. A question the
// server already shows outside <noscript> (after a submission this script did not get to) stays shown.
// The status line is silent while all goes well: it speaks only when the person has to wait or answer.
// The box's data-state tells where the check is: working, done or failed.
(function () {
  "use strict";
  // Digests asked for at once; each batch waits for the browser's crypto, so the page is never blocked.
  var BATCH = 1000;

  function hexToBytes(hex) {
    var bytes = new Uint8Array(hex.length / 2);
    for (var i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
    return bytes;
  }

  function equal(buffer, bytes) {
    var view = new Uint8Array(buffer);
    if (view.length !== bytes.length) return false;
    for (var i = 0; i < view.length; i++) {
      if (view[i] !== bytes[i]) return false;
    }
    return true;
  }

  function solve(challenge) {
    var encoder = new TextEncoder();
    var target = hexToBytes(challenge.challenge);
    var max = challenge.maxNumber;
    return new Promise(function (resolve, reject) {
      function batch(start) {
        var end = Math.min(start + BATCH, max + 1);
        var work = [];
        for (var n = start; n < end; n++) {
          work.push(window.crypto.subtle.digest("SHA-256", encoder.encode(challenge.salt + n)));
        }
        Promise.all(work).then(function (digests) {
          for (var i = 0; i < digests.length; i++) {
            if (equal(digests[i], target)) return resolve(start + i);
          }
          if (end > max) return reject(new Error("no solution up to maxNumber"));
          batch(end);
        }, reject);
      }
      batch(0);
    });
  }

  function payload(challenge, number) {
    return window.btoa(JSON.stringify({
      algorithm: challenge.algorithm,
      challenge: challenge.challenge,
      number: number,
      salt: challenge.salt,
      signature: challenge.signature
    }));
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector("[data-challenge-box]");
    var form = box && box.closest("form");
    var input = box && box.querySelector("input[name=altcha][data-challenge]");
    if (!form || !input) return;
    var status = box.querySelector("[data-challenge-status]");
    var button = form.querySelector("[type=submit]");
    var state;
    var waiting = false;

    function enter(next) {
      state = next;
      box.setAttribute("data-state", next);
    }

    function say(key) {
      status.textContent = status.getAttribute("data-" + key);
      status.classList.remove("visually-hidden");
    }

    function showFallback() {
      // With scripting on, <noscript> holds its markup as text: parse it into the form.
      var fallback = box.querySelector("[data-challenge-fallback]");
      if (fallback) {
        var holder = document.createElement("div");
        holder.innerHTML = fallback.textContent;
        fallback.parentNode.replaceChild(holder, fallback);
      }
      var answer = box.querySelector("input[name=challenge_answer]");
      if (answer && waiting) answer.focus();
    }

    // Capturing on the document runs before the form's own submit handlers (site.js disables the
    // button): a submission held back here does not reach them.
    document.addEventListener("submit", function (event) {
      if (event.target !== form || state !== "working") return;
      event.preventDefault();
      event.stopPropagation();
      waiting = true;
      if (button) button.disabled = true;
      say("waiting");
    }, true);

    enter("working");
    var challenge;
    try {
      challenge = JSON.parse(input.getAttribute("data-challenge"));
      if (!window.crypto || !window.crypto.subtle || !window.TextEncoder) throw new Error("no Web Crypto");
    } catch (error) {
      enter("failed");
      say("failed");
      showFallback();
      return;
    }
    solve(challenge).then(function (number) {
      input.value = payload(challenge, number);
      enter("done");
      if (waiting) {
        if (button) button.disabled = false;
        if (form.requestSubmit) form.requestSubmit();
        else form.submit();
      }
    }, function () {
      enter("failed");
      if (button) button.disabled = false;
      say("failed");
      showFallback();
    });
  });
})();
