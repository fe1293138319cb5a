/* A table wider than its card scrolls inside it (.table-responsive). Keyboard users must be able to reach that
   scroll too (WCAG 2.1.1; axe "scrollable-region-focusable"), so a region that really scrolls becomes focusable
   and is named after its card's title. Runs on load, after htmx swaps and on resize. */
(function () {
  "use strict";

  function nameOf(region) {
    const card = region.closest(".card");
    const title = card && card.querySelector(".card-title");
    return title ? title.textContent.trim() : document.title;
  }

  function mark(root) {
    (root || document).querySelectorAll(".table-responsive").forEach(function (region) {
      const scrolls = region.scrollWidth > region.clientWidth + 1;
      if (scrolls && !region.hasAttribute("tabindex")) {
        region.setAttribute("tabindex", "0");
        region.dataset.scrollRegion = "auto";
        if (!region.hasAttribute("role")) region.setAttribute("role", "region");
        if (!region.hasAttribute("aria-label")) region.setAttribute("aria-label", nameOf(region));
      } else if (!scrolls && region.dataset.scrollRegion === "auto") {
        region.removeAttribute("tabindex");
        delete region.dataset.scrollRegion;
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { mark(); });
  document.addEventListener("htmx:afterSettle", function (event) { mark(event.target); });
  let pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(mark, 150);
  });
})();
