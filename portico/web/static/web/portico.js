/* Portico's small page behaviours, kept out of the templates: the Content-Security-Policy forbids inline
   script and inline event handlers (onclick=, hx-on=). */
(function () {
  "use strict";

  // <button type="button" data-print>: print the page.
  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });

  // <div data-swap-errors="400 404">: htmx swaps these error answers in too (they carry the form with its
  // field errors, or a "not found" panel) instead of ignoring them.
  document.addEventListener("htmx:beforeSwap", function (event) {
    const holder = event.target.closest && event.target.closest("[data-swap-errors]");
    if (!holder) {
      return;
    }
    const codes = holder.dataset.swapErrors.split(/\s+/);
    if (codes.indexOf(String(event.detail.xhr.status)) >= 0) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
