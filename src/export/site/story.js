// Storyplot's web export: steps one at a time on a scene's page. The address carries the step
// (scene.html#2, counted from 1 as on the stage), so a link reaches one step and the browser's
// Back goes to the step before. Keys: → PageDown Space next, ← PageUp Shift+Space previous;
// a swipe does the same. Without this script every step shows, one after the other.
(function () {
  "use strict";
  var body = document.body;
  document.documentElement.className += " js";
  if (!body.classList.contains("scene")) return;
  var steps = parseInt(body.getAttribute("data-steps"), 10) || 1;
  var sections = document.querySelectorAll("section.step");
  var dots = document.querySelectorAll(".dots a");
  var live = document.getElementById("live");
  var tip = document.getElementById("tip");
  var first = true;

  function current() {
    var n = parseInt(location.hash.slice(1), 10);
    return n >= 1 && n <= steps ? n : 1;
  }

  function show() {
    var n = current();
    for (var i = 0; i < sections.length; i++) {
      sections[i].hidden = i !== n - 1;
    }
    for (var k = 0; k < dots.length; k++) {
      if (k === n - 1) dots[k].setAttribute("aria-current", "step");
      else dots[k].removeAttribute("aria-current");
    }
    if (tip) tip.hidden = true;
    var h = document.getElementById("h" + n);
    if (live && h && !first) live.textContent = h.textContent;
    var active = document.activeElement;
    if (!first && h && active && active.closest && active.closest("section.step[hidden]")) h.focus();
    // Each step starts at the top of the page (a step is one screen on a desk, a scroll on a
    // phone), not where the browser scrolled to for the address's #N.
    if (window.scrollY > 0) window.scrollTo(0, 0);
    first = false;
  }

  function go(by) {
    var n = current() + by;
    if (n >= 1 && n <= steps) {
      location.hash = "#" + n; // a new history entry: Back returns here
    } else {
      var to = body.getAttribute(by > 0 ? "data-next" : "data-prev");
      if (to) location.href = to;
    }
  }

  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
    var t = e.target;
    var tag = t && t.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) return;
    var k = e.key;
    // Space on a focused link or summary presses it, as everywhere else.
    if (k === " " && (tag === "A" || tag === "SUMMARY" || tag === "BUTTON")) return;
    if (k === "ArrowRight" || k === "PageDown" || (k === " " && !e.shiftKey)) {
      e.preventDefault();
      go(1);
    } else if (k === "ArrowLeft" || k === "PageUp" || (k === " " && e.shiftKey)) {
      e.preventDefault();
      go(-1);
    }
  });

  var x0 = null, y0 = 0;
  document.addEventListener("touchstart", function (e) {
    if (e.touches.length !== 1) { x0 = null; return; }
    x0 = e.touches[0].clientX;
    y0 = e.touches[0].clientY;
  }, { passive: true });
  document.addEventListener("touchend", function (e) {
    if (x0 === null || !e.changedTouches.length) return;
    var dx = e.changedTouches[0].clientX - x0;
    var dy = e.changedTouches[0].clientY - y0;
    x0 = null;
    if (Math.abs(dx) > 60 && Math.abs(dx) > 1.5 * Math.abs(dy)) go(dx < 0 ? 1 : -1);
  }, { passive: true });

  // A tap (or click) on a data point shows its date and value; a touch screen has no hover.
  document.addEventListener("click", function (e) {
    var c = e.target;
    var on = document.querySelectorAll(".tips circle.on");
    for (var i = 0; i < on.length; i++) on[i].classList.remove("on");
    if (!tip) return;
    if (!c || !c.closest || !c.closest(".tips")) { tip.hidden = true; return; }
    var title = c.querySelector("title");
    if (!title) return;
    c.classList.add("on");
    tip.textContent = title.textContent;
    tip.hidden = false;
    var r = c.getBoundingClientRect();
    var left = r.left + window.scrollX + r.width / 2 - tip.offsetWidth / 2;
    left = Math.max(window.scrollX + 4, Math.min(left, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 4));
    tip.style.left = left + "px";
    tip.style.top = (r.top + window.scrollY - tip.offsetHeight - 8) + "px";
  });

  if ("scrollRestoration" in history) history.scrollRestoration = "manual";
  window.addEventListener("hashchange", show);
  // The browser scrolls to the section the address names (#2) as the page loads, after this
  // script ran: back to the top once it has.
  window.addEventListener("load", function () {
    setTimeout(function () { window.scrollTo(0, 0); }, 0);
  });
  show();
})();
