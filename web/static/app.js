// Behaviour of the pages that HTML alone cannot express. It lives here, not
// in inline handlers, so that the Content-Security-Policy can forbid inline
// script (web/auth_headers.go).
document.addEventListener("click", function (e) {
  if (e.target.closest(".print-button")) {
    window.print();
  }
});
