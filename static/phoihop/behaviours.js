/* Small behaviours named by data attributes, in place of inline event handlers (onclick=, onchange=, javascript:
 * links), which the Content-Security-Policy forbids (script-src 'self', phoihop/core/middleware.py). The handlers
 * are delegated from the document, so they also work on what htmx swaps in.
 *
 * - data-submit-on-change: choosing another value submits the element's form (the language switch).
 * - data-select-all="<name>": a checkbox that checks or unchecks every checkbox named <name> in its form.
 * - data-history-back: a link that goes back one page; its href (the home page) is where it leads without
 *   JavaScript or when there is no page to go back to.
 */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    const field = event.target;
    if (!(field instanceof Element)) return;
    if (field.matches("[data-submit-on-change]") && field.form) {
      field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    }
    if (field.matches("input[type=checkbox][data-select-all]") && field.form) {
      const name = field.getAttribute("data-select-all");
      field.form.querySelectorAll("input[type=checkbox]").forEach(function (box) {
        if (box.name === name) box.checked = field.checked;
      });
    }
  });

  document.addEventListener("click", function (event) {
    const link = event.target instanceof Element && event.target.closest("a[data-history-back]");
    if (link && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
})();
