// Confirm destructive actions: any form or button with data-confirm asks first (no inline script, CSP-friendly).
document.addEventListener('submit', function (e) {
    var message = e.target.getAttribute('data-confirm') || (e.submitter && e.submitter.getAttribute('data-confirm'));
    if (message && !window.confirm(message)) { e.preventDefault(); }
}, true);
// htmx requests carry the antiforgery token from the page's meta tag.
document.addEventListener('htmx:configRequest', function (e) {
    var token = document.querySelector('meta[name="request-verification-token"]');
    if (token) { e.detail.headers['RequestVerificationToken'] = token.getAttribute('content'); }
});
