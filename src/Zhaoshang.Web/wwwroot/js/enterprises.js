// Enterprises (no inline script: CSP).
// The unified social credit code (GB 32100-2015), checked as it is typed with the server's rules and messages.
(function () {
    var alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    var weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    function normalize(text) {
        return text.replace(/[\uFF01-\uFF5E]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xFEE0); })
            .replace(/[\s\u3000]/g, '').toUpperCase();
    }
    function format(template, args) {
        return template.replace(/\{(\d)\}/g, function (_, i) { return args[+i]; });
    }
    function problem(input, code) {
        if (code.length === 0) { return null; }
        if (code.length !== 18) { return format(input.getAttribute('data-msg-length'), [code.length]); }
        for (var i = 0; i < 18; i++) {
            if (alphabet.indexOf(code[i]) < 0) { return format(input.getAttribute('data-msg-char'), [i + 1, code[i]]); }
        }
        var sum = 0;
        for (var j = 0; j < 17; j++) { sum += alphabet.indexOf(code[j]) * weights[j]; }
        var check = alphabet[(31 - sum % 31) % 31];
        return code[17] === check ? null : format(input.getAttribute('data-msg-check'), [check, code[17]]);
    }
    function checkCode(input, final) {
        var code = normalize(input.value);
        var feedback = input.parentElement.querySelector('[data-credit-code-feedback]');
        var message = problem(input, code);
        // While typing, a code still short of 18 valid characters is not yet wrong.
        if (message && !final && code.length < 18 && code.split('').every(function (c) { return alphabet.indexOf(c) >= 0; })) { message = null; }
        input.classList.toggle('is-invalid', !!message);
        input.classList.toggle('is-valid', !message && code.length === 18);
        if (feedback) { feedback.textContent = message || ''; }
        return !message;
    }
    document.addEventListener('input', function (e) {
        if (e.target.matches && e.target.matches('[data-credit-code]')) { checkCode(e.target, false); }
    });
    document.addEventListener('change', function (e) {
        if (e.target.matches && e.target.matches('[data-credit-code]')) {
            e.target.value = normalize(e.target.value);
            checkCode(e.target, true);
        }
    });
    window.zsCheckCreditCode = checkCode;
})();

// The project form's "new investor" dialog: creates the enterprise without leaving the form and adds it to the investors field.
(function () {
    var dialog = document.getElementById('investor-dialog');
    if (!dialog) { return; }
    var form = dialog.querySelector('form');
    var opener = document.getElementById('investor-new');
    var target = document.getElementById(opener.getAttribute('data-target'));
    function clearErrors() {
        form.querySelectorAll('.is-invalid').forEach(function (el) { el.classList.remove('is-invalid'); });
        form.querySelectorAll('[data-error-for]').forEach(function (el) { el.textContent = ''; });
        var general = form.querySelector('[data-error-general]');
        general.textContent = ''; general.hidden = true;
    }
    opener.addEventListener('click', function () {
        clearErrors();
        form.reset();
        dialog.showModal();
        form.querySelector('input[name="Input.Name"]').focus();
    });
    dialog.querySelectorAll('[data-dialog-close]').forEach(function (b) {
        b.addEventListener('click', function () { dialog.close(); });
    });
    form.addEventListener('submit', function (e) {
        e.preventDefault();
        clearErrors();
        var code = form.querySelector('[data-credit-code]');
        if (code && !window.zsCheckCreditCode(code, true)) { code.focus(); return; }
        var button = form.querySelector('[type=submit]');
        button.disabled = true;
        fetch(form.action, { method: 'POST', body: new FormData(form), credentials: 'same-origin' })
            .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
            .then(function (result) {
                button.disabled = false;
                if (!result.ok) {
                    var first = null;
                    Object.keys(result.body.errors || {}).forEach(function (field) {
                        var input = form.querySelector('[data-field="' + field + '"]');
                        var slot = form.querySelector('[data-error-for="' + field + '"]');
                        if (input) { input.classList.add('is-invalid'); first = first || input; }
                        if (slot) { slot.textContent = result.body.errors[field]; }
                    });
                    if (result.body.error) {
                        var general = form.querySelector('[data-error-general]');
                        general.textContent = result.body.error; general.hidden = false;
                    }
                    if (first) { first.focus(); }
                    return;
                }
                var name = result.body.name;
                var names = target.value.split(/[、,，;；]/).map(function (s) { return s.trim(); }).filter(function (s) { return s; });
                if (names.indexOf(name) < 0) { names.push(name); }
                target.value = names.join('、');
                var note = document.getElementById('investor-added');
                note.textContent = (result.body.existing ? result.body.existing + ' ' : '') + note.getAttribute('data-template').replace('{0}', result.body.name);
                note.hidden = false;
                dialog.close();
                target.focus();
            })
            .catch(function () {
                button.disabled = false;
                var general = form.querySelector('[data-error-general]');
                general.textContent = general.getAttribute('data-network'); general.hidden = false;
            });
    });
})();
