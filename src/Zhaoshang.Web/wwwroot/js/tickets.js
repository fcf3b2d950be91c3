// Ticket and inbox pages (no inline script: CSP).
// Inbox: opening a message marks it read (the page's antiforgery token goes with the request).
document.addEventListener('click', function (e) {
    var link = e.target.closest && e.target.closest('a[data-read-url]');
    if (!link || !window.fetch) { return; }
    var token = document.querySelector('meta[name="request-verification-token"]');
    fetch(link.getAttribute('data-read-url'), {
        method: 'POST',
        credentials: 'same-origin',
        keepalive: true,
        headers: token ? { 'RequestVerificationToken': token.getAttribute('content') } : {}
    }).catch(function () { /* the message stays unread; nothing else depends on it */ });
});
// A link to a tab (e.g. /Projects/Detail?id=…#tickets) opens that tab.
document.addEventListener('DOMContentLoaded', function () {
    if (!location.hash || !/^#[A-Za-z][\w-]*$/.test(location.hash)) { return; }
    var tab = document.querySelector('[data-bs-toggle="tab"][href="' + location.hash + '"]');
    if (tab) { tab.click(); }
});
// A file kept from the form's earlier post can be removed before sending again.
document.addEventListener('click', function (e) {
    var button = e.target.closest && e.target.closest('[data-remove-kept]');
    if (button) { button.closest('li').remove(); }
});
