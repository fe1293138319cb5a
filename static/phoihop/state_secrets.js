// The state-secrets rule on the forms of classified records (phoihop.core.forms.show_state_secret_rule): picking
// Mật or above shows the note and marks the content fields it refuses. The server refuses the content whatever
// this script does; the fields stay editable so nothing typed is silently dropped.
(function () {
  "use strict";

  function update(form, select) {
    var classified = parseInt(select.value || "0", 10) >= 1;
    form.querySelectorAll("[data-state-secret-note]").forEach(function (note) {
      note.classList.toggle("d-none", !classified);
    });
    form.querySelectorAll("[data-state-secret-content]").forEach(function (field) {
      field.classList.toggle("border-warning", classified);
    });
    form.querySelectorAll("label[data-content-required]").forEach(function (label) {
      label.classList.toggle("required", !classified);
    });
  }

  function init(root) {
    (root || document).querySelectorAll("select[data-state-secret-level]").forEach(function (select) {
      var form = select.closest("form");
      if (!form || select.dataset.stateSecretReady) {
        return;
      }
      select.dataset.stateSecretReady = "1";
      select.addEventListener("change", function () {
        update(form, select);
      });
      update(form, select);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    init(document);
  });
  document.addEventListener("htmx:load", function (event) {
    init(event.target);
  });
})();
