// Activity form (no inline script: CSP): a leader's fields show only for a leader's trip.
function syncActivityKind(select) {
    document.querySelectorAll('[data-kind-field]').forEach(function (field) {
        field.hidden = field.getAttribute('data-kind-field') !== select.value;
    });
}
document.addEventListener('change', function (e) {
    if (e.target.matches && e.target.matches('select[data-activity-kind]')) { syncActivityKind(e.target); }
});
document.addEventListener('DOMContentLoaded', function () {
    var select = document.querySelector('select[data-activity-kind]');
    if (select) { syncActivityKind(select); }
});
