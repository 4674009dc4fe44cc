// Behaviour of the pages that HTML alone cannot express. It lives here, not
// in inline handlers, so that the Content-Security-Policy can forbid inline
// script (web/auth_headers.go).
document.addEventListener("click", function (e) {
  if (e.target.closest(".print-button")) {
    window.print();
  }
});

// The optimiser's run button says that a run is under way: the request
// waits for the run, up to the scenario's time limit (web/ui_intake_optimizer.go).
document.addEventListener("submit", function (e) {
  var b = e.target.querySelector("button[data-running]");
  if (b) {
    b.textContent = b.getAttribute("data-running");
    b.setAttribute("aria-busy", "true");
    window.setTimeout(function () { b.disabled = true; }, 0);
  }
});
