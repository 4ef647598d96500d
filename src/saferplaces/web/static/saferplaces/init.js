import { ErrorSummary, initAll } from "../govuk/govuk-frontend.min.js";
initAll();

// A form swapped in by htmx with an error brings its GOV.UK error summary: start it as a
// full page would, so it is announced and focused and its links move to the fields.
document.addEventListener("htmx:afterSettle", (event) => {
  const scope = event.detail.elt && event.detail.elt.isConnected ? event.detail.elt : document;
  scope.querySelectorAll('[data-module="govuk-error-summary"]:not([data-govuk-error-summary-init])')
    .forEach((el) => {
      try {
        new ErrorSummary(el);
      } catch (e) {
        // Already started: nothing to do.
      }
    });
});

// Typed but not saved: ask before leaving the page (a link, signing out, closing the
// tab). A field counts until its form is submitted, or until htmx replaces it with what
// was saved; a form marked data-sp-leave (signing out) leaves without saving anything.
const unsaved = new Set();
document.addEventListener("input", (event) => {
  const form = event.target.closest && event.target.closest("form");
  if (form && form.method === "post" && !form.hasAttribute("data-sp-leave")) {
    unsaved.add(event.target);
  }
});
document.addEventListener("submit", (event) => {
  if (!event.target.hasAttribute("data-sp-leave")) unsaved.clear();
});
document.addEventListener("htmx:afterSettle", () => {
  unsaved.forEach((el) => {
    if (!el.isConnected) unsaved.delete(el);
  });
});
// Changed from what the page was served with (typing it back counts as unchanged).
function changed(el) {
  if (!el.isConnected) return false;
  if (el.type === "checkbox" || el.type === "radio") return el.checked !== el.defaultChecked;
  if (el.tagName === "SELECT") return [...el.options].some((o) => o.selected !== o.defaultSelected);
  return el.value !== el.defaultValue;
}
window.addEventListener("beforeunload", (event) => {
  if ([...unsaved].some(changed)) {
    event.preventDefault();
    event.returnValue = "";
  }
});
