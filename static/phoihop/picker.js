/* Search pickers (phoihop.core.pickers): a <select> that holds only the chosen option(s) becomes an ARIA combobox
 * that asks /pick/<kind>/?q=… for at most 20 matches as the user types. Used for organisations, communes,
 * clauses, markers, patrols … in forms and in the filter panels of the lists.
 *
 * - Without JavaScript the select stays and submits the current value.
 * - Keyboard: ↓/↑ move through the matches, Enter picks, Esc closes, Backspace in an empty box removes the last
 *   chosen item of a multiple picker; the box is labelled by the field's <label> (the id moves to it).
 * - Picking changes the hidden select and fires its "change" event, so a filter panel (htmx) refreshes the list;
 *   typing in the box itself does not.
 * - A picker with data-picker-depends="commune" (a village) sends the current value of the form's field of that
 *   name as the query parameter data-picker-depends-param (&commune=12): the server narrows the matches to it.
 * - Text from the server is always inserted as text, never as HTML. Strings come from the widget (translated).
 */
(function () {
  "use strict";

  var DELAY_MS = 200;
  var counter = 0;

  function h(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function Picker(root) {
    this.root = root;
    this.select = root.querySelector("select");
    this.multiple = root.hasAttribute("data-picker-multiple");
    this.url = root.getAttribute("data-picker");
    this.depends = root.getAttribute("data-picker-depends");
    this.dependsParam = root.getAttribute("data-picker-depends-param") || this.depends;
    this.text = {
      placeholder: root.getAttribute("data-text-placeholder") || "",
      empty: root.getAttribute("data-text-empty") || "",
      more: root.getAttribute("data-text-more") || "",
      remove: root.getAttribute("data-text-remove") || "",
      clear: root.getAttribute("data-text-clear") || "",
      error: root.getAttribute("data-text-error") || "",
      count: root.getAttribute("data-text-count") || "{count}",
    };
    this.results = [];
    this.active = -1;
    this.timer = null;
    this.sequence = 0;
    this.controller = null;
    this.build();
  }

  Picker.prototype.build = function () {
    var self = this;
    var base = this.select.id || "picker-" + ++counter;
    this.listId = base + "-listbox";

    this.input = h("input", {
      type: "text",
      class: "form-control picker-input",
      role: "combobox",
      "aria-autocomplete": "list",
      "aria-expanded": "false",
      "aria-controls": this.listId,
      autocomplete: "off",
      spellcheck: "false",
      placeholder: this.text.placeholder,
    });
    if (this.select.classList.contains("is-invalid")) {
      this.input.classList.add("is-invalid");
      this.input.setAttribute("aria-invalid", "true");
    }
    var describedBy = this.select.getAttribute("aria-describedby");
    if (describedBy) {
      this.input.setAttribute("aria-describedby", describedBy);
    }
    // The field's <label for=…> names the search box: the id moves from the select to the box.
    if (this.select.id) {
      this.input.id = this.select.id;
      this.select.id = this.select.id + "-value";
    }
    this.select.hidden = true;
    this.select.setAttribute("aria-hidden", "true");
    this.select.tabIndex = -1;

    this.list = h("ul", { id: this.listId, role: "listbox", class: "dropdown-menu picker-list" });
    if (this.multiple) {
      this.list.setAttribute("aria-multiselectable", "true");
    }
    this.status = h("div", { class: "visually-hidden", role: "status", "aria-live": "polite" });
    var box = h("div", { class: "picker-box" });
    box.appendChild(this.input);
    if (!this.multiple) {
      this.clearButton = h("button", { type: "button", class: "btn-close picker-clear", "aria-label": this.text.clear });
      this.clearButton.addEventListener("click", function () {
        self.setSingle(null);
        self.input.focus();
      });
      box.appendChild(this.clearButton);
    }
    box.appendChild(this.list);
    if (this.multiple) {
      this.chips = h("div", { class: "picker-chips" });
      this.root.appendChild(this.chips);
    }
    this.root.appendChild(box);
    this.root.appendChild(this.status);
    this.showValue();

    // The box's own events are not the form's: a filter panel refreshes on a pick, not on each key.
    ["change", "input", "keyup"].forEach(function (type) {
      self.input.addEventListener(type, function (event) {
        event.stopPropagation();
      });
    });
    this.input.addEventListener("input", function () {
      self.schedule();
    });
    this.input.addEventListener("focus", function () {
      if (!self.multiple) {
        self.input.select();
      }
    });
    this.input.addEventListener("click", function () {
      if (!self.isOpen()) {
        self.fetch();
      }
    });
    this.input.addEventListener("keydown", function (event) {
      self.onKey(event);
    });
    this.input.addEventListener("blur", function () {
      // a click on a match keeps the focus (mousedown is cancelled); anything else closes the list
      window.setTimeout(function () {
        if (document.activeElement !== self.input) {
          self.close();
          self.restoreText();
        }
      }, 150);
    });
    this.list.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
  };

  Picker.prototype.chosen = function () {
    return Array.prototype.filter.call(this.select.options, function (option) {
      return option.selected && option.value !== "";
    });
  };

  Picker.prototype.showValue = function () {
    var self = this;
    var chosen = this.chosen();
    if (this.multiple) {
      this.chips.textContent = "";
      chosen.forEach(function (option) {
        var chip = h("span", { class: "badge bg-secondary-lt picker-chip" }, option.textContent);
        var remove = h("button", {
          type: "button",
          class: "btn-close picker-chip-remove",
          "aria-label": self.text.remove + " " + option.textContent,
        });
        remove.addEventListener("click", function () {
          self.removeOption(option.value);
          self.input.focus();
        });
        chip.appendChild(remove);
        self.chips.appendChild(chip);
      });
      this.input.value = "";
    } else {
      this.input.value = chosen.length ? chosen[0].textContent : "";
      this.clearButton.hidden = !chosen.length;
    }
  };

  Picker.prototype.restoreText = function () {
    if (this.multiple) {
      this.input.value = "";
    } else if (this.input.value.trim() === "" && this.chosen().length) {
      this.setSingle(null); // emptied box: no value
    } else {
      this.showValue();
    }
  };

  Picker.prototype.changed = function () {
    this.showValue();
    this.select.dispatchEvent(new Event("change", { bubbles: true }));
  };

  Picker.prototype.setSingle = function (item) {
    var current = this.chosen();
    if ((item === null && !current.length) || (item && current.length && current[0].value === item.id)) {
      this.showValue();
      return;
    }
    this.select.textContent = "";
    this.select.appendChild(new Option("", "", !item, !item));
    if (item) {
      this.select.appendChild(new Option(item.label, item.id, true, true));
    }
    this.changed();
  };

  Picker.prototype.addOption = function (item) {
    var existing = Array.prototype.find.call(this.select.options, function (option) {
      return option.value === item.id;
    });
    if (existing) {
      existing.selected = true;
    } else {
      this.select.appendChild(new Option(item.label, item.id, true, true));
    }
    this.changed();
  };

  Picker.prototype.removeOption = function (value) {
    Array.prototype.slice.call(this.select.options).forEach(function (option) {
      if (option.value === value) {
        option.remove();
      }
    });
    this.changed();
  };

  Picker.prototype.isOpen = function () {
    return this.input.getAttribute("aria-expanded") === "true";
  };

  Picker.prototype.schedule = function () {
    var self = this;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(function () {
      self.fetch();
    }, DELAY_MS);
  };

  Picker.prototype.fetch = function () {
    var self = this;
    var sequence = ++this.sequence;
    if (this.controller) {
      this.controller.abort();
    }
    this.controller = window.AbortController ? new AbortController() : null;
    var query = this.multiple || !this.chosen().length || this.input.value !== this.chosen()[0].textContent ? this.input.value : "";
    var url = this.url + (this.url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(query.trim());
    var narrowing = this.dependsValue();
    if (narrowing) {
      url += "&" + encodeURIComponent(this.dependsParam) + "=" + encodeURIComponent(narrowing);
    }
    window
      .fetch(url, {
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
        signal: this.controller ? this.controller.signal : undefined,
      })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (data) {
        if (sequence === self.sequence) {
          self.show(data.results || [], Boolean(data.more));
          self.list.setAttribute("data-query", query.trim()); // what the list answers (tests wait for it)
        }
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") {
          return;
        }
        if (sequence === self.sequence) {
          self.show([], false, self.text.error);
          self.list.setAttribute("data-query", query.trim());
        }
      });
  };

  // The value of the field this picker depends on (the chosen commune of a village picker), or "".
  Picker.prototype.dependsValue = function () {
    if (!this.depends) {
      return "";
    }
    var form = this.select.form;
    var field = form ? form.elements.namedItem(this.depends) : null;
    if (!field) {
      field = document.querySelector('[name="' + this.depends.replace(/["\\]/g, "\\$&") + '"]');
    }
    return field && field.value ? String(field.value) : "";
  };

  Picker.prototype.show = function (results, more, message) {
    var self = this;
    var chosen = this.chosen().map(function (option) {
      return option.value;
    });
    this.results = results;
    this.active = -1;
    this.list.textContent = "";
    results.forEach(function (item, index) {
      var option = h("li", {
        id: self.listId + "-" + index,
        role: "option",
        class: "dropdown-item picker-option",
        "aria-selected": chosen.indexOf(item.id) >= 0 ? "true" : "false",
        "data-value": item.id,
      });
      option.appendChild(h("div", { class: "picker-label" }, item.label));
      if (item.hint) {
        option.appendChild(h("div", { class: "picker-hint small text-secondary" }, item.hint));
      }
      option.addEventListener("click", function () {
        self.pick(index);
      });
      self.list.appendChild(option);
    });
    var note = message || (results.length ? (more ? this.text.more : "") : this.text.empty);
    if (note) {
      this.list.appendChild(h("li", { role: "presentation", class: "dropdown-header picker-note" }, note));
    }
    this.list.classList.add("show");
    this.input.setAttribute("aria-expanded", "true");
    this.status.textContent = message || (results.length ? this.text.count.replace("{count}", results.length) : this.text.empty);
    if (results.length) {
      this.move(0);
    }
  };

  Picker.prototype.close = function () {
    this.list.classList.remove("show");
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.active = -1;
  };

  Picker.prototype.move = function (index) {
    var options = this.list.querySelectorAll("[role=option]");
    if (!options.length) {
      return;
    }
    index = (index + options.length) % options.length;
    options.forEach(function (option, i) {
      option.classList.toggle("active", i === index);
    });
    this.active = index;
    this.input.setAttribute("aria-activedescendant", options[index].id);
    options[index].scrollIntoView({ block: "nearest" });
  };

  Picker.prototype.pick = function (index) {
    var item = this.results[index];
    if (!item) {
      return;
    }
    if (this.multiple) {
      this.addOption(item);
    } else {
      this.setSingle(item);
    }
    this.close();
    this.input.focus();
  };

  Picker.prototype.onKey = function (event) {
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (this.isOpen()) {
          this.move(this.active + 1);
        } else {
          this.fetch();
        }
        break;
      case "ArrowUp":
        if (this.isOpen()) {
          event.preventDefault();
          this.move(this.active - 1);
        }
        break;
      case "Enter":
        if (this.isOpen()) {
          event.preventDefault(); // pick, don't submit the form
          if (this.active >= 0) {
            this.pick(this.active);
          }
        }
        break;
      case "Escape":
        if (this.isOpen()) {
          event.preventDefault();
          this.close();
        }
        this.restoreText();
        break;
      case "Tab":
        this.close();
        break;
      case "Backspace":
        if (this.multiple && this.input.value === "") {
          var chosen = this.chosen();
          if (chosen.length) {
            this.removeOption(chosen[chosen.length - 1].value);
          }
        }
        break;
      default:
        break;
    }
  };

  function init(scope) {
    var roots = Array.prototype.slice.call(scope.querySelectorAll("[data-picker]"));
    if (scope.matches && scope.matches("[data-picker]")) {
      roots.push(scope);
    }
    roots.forEach(function (root) {
      if (root.picker || !root.querySelector("select")) {
        return;
      }
      if (root.hasAttribute("data-picker-ready")) {
        reset(root); // a copy of a built picker without its listeners (htmx's history snapshot)
      }
      root.setAttribute("data-picker-ready", "");
      root.picker = new Picker(root);
    });
  }

  function reset(root) {
    var select = root.querySelector("select");
    var input = root.querySelector("input[role=combobox]");
    if (input && input.id) {
      select.id = input.id;
    }
    root.querySelectorAll(".picker-box, .picker-chips, [role=status]").forEach(function (node) {
      node.remove();
    });
    select.hidden = false;
    select.removeAttribute("aria-hidden");
    select.removeAttribute("tabindex");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      init(document);
    });
  } else {
    init(document);
  }
  // Parts of pages replaced by htmx (a form answered with its errors …)
  document.addEventListener("htmx:load", function (event) {
    init(event.target && event.target.querySelectorAll ? event.target : document);
  });
  // Back to a page htmx restores from its history snapshot
  document.addEventListener("htmx:historyRestore", function () {
    init(document);
  });
})();
