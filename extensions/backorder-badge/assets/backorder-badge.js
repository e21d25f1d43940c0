/* global document, window, location, URLSearchParams, PUB_SUB_EVENTS */
// Liquid paints the badge and writes every variant's words and date into the
// block's JSON; this only swaps between them. No fetch.
(function () {
  "use strict";

  function setUp(root) {
    // Each block brings the script: set up once.
    if (root.dataset.backorderBadgeReady) return;
    root.dataset.backorderBadgeReady = "true";
    var data = JSON.parse(root.querySelector("[data-backorder-badge-data]").textContent);
    var badge = root.querySelector(".backorder-badge__badge");
    var headline = badge.querySelector(".backorder-badge__headline");
    var scope = root.closest(".shopify-section") || document;
    var form = scope.querySelector('form[action*="/cart/add"]') || document.querySelector('form[action*="/cart/add"]');
    var current = data.selected;

    // Line item properties reach the order (customAttributes); "_" ones stay hidden.
    function property(name, value) {
      if (!form) return;
      var input = form.querySelector('input[name="properties[' + name + ']"]');
      if (!value) {
        if (input) input.remove();
        return;
      }
      if (!input) {
        input = document.createElement("input");
        input.type = "hidden";
        input.name = "properties[" + name + "]";
        form.appendChild(input);
      }
      input.value = value;
    }

    function syncProperties() {
      var backorder = badge.dataset.status === "BACKORDER";
      property("Backorder", backorder && headline.textContent);
      property("_backorder_eta", backorder && badge.dataset.eta);
    }

    function show(id) {
      id = String(id);
      var value = data.variants[id];
      if (id === current || !value) return;
      current = id;
      badge.dataset.status = value.status;
      badge.dataset.eta = value.eta;
      badge.hidden = !value.headline;
      headline.textContent = value.headline;
      var message = badge.querySelector(".backorder-badge__message");
      if (message) message.remove();
      if (value.message) {
        message = document.createElement("span");
        message.className = "backorder-badge__message";
        message.textContent = value.message;
        badge.appendChild(message);
      }
      syncProperties();
    }

    function fromForm() {
      var input = form && form.querySelector('[name="id"]');
      if (input && input.value) show(input.value);
    }

    function fromUrl() {
      var id = new URLSearchParams(location.search).get("variant");
      if (id) show(id);
    }

    syncProperties();
    fromUrl();
    fromForm();
    // Themes set the form's id after the picker's change event: read it after.
    document.addEventListener("change", function () {
      window.setTimeout(fromForm, 0);
    });
    window.addEventListener("popstate", fromUrl);
    document.addEventListener("variant:change", function (event) {
      if (event.detail && event.detail.variant) show(event.detail.variant.id);
    });
    // Dawn's pub/sub, for this section only.
    if (typeof window.subscribe === "function" && typeof PUB_SUB_EVENTS !== "undefined") {
      window.subscribe(PUB_SUB_EVENTS.variantChange, function (event) {
        var change = event.data || {};
        if (change.sectionId && scope.id && scope.id !== "shopify-section-" + change.sectionId) return;
        if (change.variant) show(change.variant.id);
      });
    }
  }

  function start() {
    document.querySelectorAll("[data-backorder-badge]").forEach(setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
