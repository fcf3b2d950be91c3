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
// Stage forms: show only the evidence fields the chosen target stage needs (data-show-for="signed started …").
function syncStageForm(form) {
    var select = form.querySelector('select[name="to"]');
    if (!select) { return; }
    form.querySelectorAll('[data-show-for]').forEach(function (field) {
        var show = field.getAttribute('data-show-for').split(' ').indexOf(select.value) >= 0;
        field.hidden = !show;
        field.querySelectorAll('input, textarea').forEach(function (input) { input.disabled = !show; });
    });
}
document.addEventListener('change', function (e) {
    var form = e.target.closest && e.target.closest('form[data-stage-form]');
    if (form && e.target.name === 'to') { syncStageForm(form); }
});
document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('form[data-stage-form]').forEach(syncStageForm);
});
// The board answers a move with its new columns (htmx): their stage forms show their evidence fields the same way.
document.addEventListener('htmx:afterSwap', function () {
    document.querySelectorAll('form[data-stage-form]').forEach(syncStageForm);
});
// Kanban: dropping a card on a column opens that card's move form with the column's stage chosen, if the move is legal.
document.addEventListener('dragstart', function (e) {
    var card = e.target.closest && e.target.closest('[data-kanban-card]');
    if (card) { e.dataTransfer.setData('text/plain', card.id); e.dataTransfer.effectAllowed = 'move'; }
});
document.addEventListener('dragenter', function (e) {
    if (e.target.closest && e.target.closest('[data-kanban-stage]')) { e.preventDefault(); }
});
document.addEventListener('dragover', function (e) {
    var column = e.target.closest && e.target.closest('[data-kanban-stage]');
    if (column) { e.preventDefault(); column.classList.add('drop-target'); }
});
document.addEventListener('dragleave', function (e) {
    var column = e.target.closest && e.target.closest('[data-kanban-stage]');
    if (column) { column.classList.remove('drop-target'); }
});
document.addEventListener('drop', function (e) {
    var column = e.target.closest && e.target.closest('[data-kanban-stage]');
    if (!column) { return; }
    e.preventDefault();
    column.classList.remove('drop-target');
    var card = document.getElementById(e.dataTransfer.getData('text/plain'));
    if (!card) { return; }
    var stage = column.getAttribute('data-kanban-stage');
    var form = card.querySelector('form[data-stage-form]');
    var option = form && form.querySelector('select[name="to"] option[value="' + stage + '"]');
    var notice = card.querySelector('[data-kanban-notice]');
    if (!option) {
        if (notice) { notice.hidden = false; }
        return;
    }
    if (notice) { notice.hidden = true; }
    form.querySelector('select[name="to"]').value = stage;
    syncStageForm(form);
    var details = card.querySelector('details');
    if (details) { details.open = true; }
    var first = form.querySelector('input:not([type=hidden]):not([disabled])');
    if (first) { first.focus(); }
});
// Forms returned with errors: the first invalid field takes the focus.
document.addEventListener('DOMContentLoaded', function () {
    var invalid = document.querySelector('.is-invalid');
    if (invalid) { invalid.focus(); }
});
// A form shown again with errors: the first field in error gets the focus (the messages are next to each field).
document.addEventListener('DOMContentLoaded', function () {
    var first = document.querySelector('form .is-invalid:not([type=hidden])');
    if (first && first.focus) { first.focus(); }
});
// Lists fold their filters behind one button on a phone (<details class="filter-fold">, open on wider screens).
document.addEventListener('DOMContentLoaded', function () {
    if (!window.matchMedia || !window.matchMedia('(max-width: 767.98px)').matches) { return; }
    document.querySelectorAll('details.filter-fold').forEach(function (d) { d.open = false; });
});
// Dates read 2023-04-24 whatever the browser's language: a date field is a text field in that form (the server reads
// yyyy-MM-dd); a browser's own date picker would show 04/24/2023 on an English system.
(function () {
    function asText(input) {
        if (input.getAttribute('type') !== 'date') { return; }
        input.setAttribute('type', 'text');
        input.setAttribute('inputmode', 'numeric');
        input.setAttribute('pattern', '\\d{4}-\\d{2}-\\d{2}');
        input.setAttribute('maxlength', '10');
        input.setAttribute('autocomplete', 'off');
        if (!input.getAttribute('placeholder')) { input.setAttribute('placeholder', '2023-04-24'); }
        if (!input.getAttribute('title')) { input.setAttribute('title', '2023-04-24'); }
    }
    function all(root) { (root || document).querySelectorAll('input[type=date]').forEach(asText); }
    document.addEventListener('DOMContentLoaded', function () { all(document); });
    document.addEventListener('htmx:afterSwap', function (e) { all(e.target); });
})();
// The server checks every form and answers in the page's language, next to each field and all at once; the
// browser's own bubbles (in the browser's language, one at a time) are turned off.
document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('form[method=post], form[method=POST]').forEach(function (f) { f.noValidate = true; });
});
// A form whose fields depend on a kind (a ticket's project or enterprise, a leader trip's leader): the fields marked
// data-kind-field="X" (or "X Y") show only while the select marked data-kind-select holds X (or Y).
function syncKindFields(select) {
    select.form.querySelectorAll('[data-kind-field]').forEach(function (field) {
        field.hidden = field.getAttribute('data-kind-field').split(' ').indexOf(select.value) < 0;
    });
}
document.addEventListener('change', function (e) {
    if (e.target.matches && e.target.matches('select[data-kind-select]')) { syncKindFields(e.target); }
});
document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('select[data-kind-select]').forEach(syncKindFields);
});
// A select that shows another view at once (the cockpit's year): its form is sent on change.
document.addEventListener('change', function (e) {
    if (e.target.matches && e.target.matches('select[data-submit-on-change]')) { e.target.form.submit(); }
});
