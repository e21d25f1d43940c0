/* global document, window */
// The variant picker, as Dawn's behaves: the chosen variant goes into the
// product form's `id` input and into the URL (?variant=), and the price and
// button follow. Nothing is fetched.
(function () {
  "use strict";
  var picker = document.querySelector("[data-variant-picker]");
  var form = document.querySelector("[data-product-form]");
  if (!picker || !form) return;
  var variants = JSON.parse(document.querySelector("[data-variants]").textContent);

  picker.addEventListener("change", function (event) {
    var variant = variants.find(function (v) {
      return String(v.id) === event.target.value;
    });
    if (!variant) return;
    form.querySelector('input[name="id"]').value = variant.id;
    document.querySelector("[data-price]").textContent = variant.price;
    var button = form.querySelector('button[name="add"]');
    button.disabled = !variant.available;
    button.textContent = variant.available ? "Add to cart" : "Sold out";
    window.history.replaceState(window.history.state, "", picker.dataset.url + "?variant=" + variant.id);
  });
})();
