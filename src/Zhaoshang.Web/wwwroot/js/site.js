// Confirm destructive actions: any form or button with data-confirm asks first (no inline script, CSP-friendly).
document.addEventListener('submit', function (e) {
    var message = e.target.getAttribute('data-confirm') || (e.submitter && e.submitter.getAttribute('data-confirm'));
    if (message && !window.confirm(message)) { e.preventDefault(); return; }
    // Long work (import, verify): the button shows progress and cannot be pressed twice.
    var busy = e.target.getAttribute('data-busy');
    var button = e.submitter || e.target.querySelector('[type=submit]');
    if (busy && button) {
        button.setAttribute('data-busy-original', button.innerHTML);
        button.disabled = true;
        button.innerHTML = '<span class="spinner-border spinner-border-sm me-2" role="status"></span>' + busy;
    }
}, true);
// htmx requests carry the antiforgery token from the page's meta tag.
document.addEventListener('htmx:configRequest', function (e) {
    var token = document.querySelector('meta[name="request-verification-token"]');
    if (token) { e.detail.headers['RequestVerificationToken'] = token.getAttribute('content'); }
});
// After an htmx request the form stays on the page: give its button back.
document.addEventListener('htmx:afterRequest', function (e) {
    var form = e.detail.elt && e.detail.elt.closest ? e.detail.elt.closest('form') : null;
    if (!form) { return; }
    form.querySelectorAll('[data-busy-original]').forEach(function (b) {
        b.innerHTML = b.getAttribute('data-busy-original');
        b.removeAttribute('data-busy-original');
        b.disabled = false;
    });
});
