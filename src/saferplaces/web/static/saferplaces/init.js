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
