// The cockpit's big screen: shows its sections in turn (data-rotate seconds each) and reads the page again every
// data-refresh seconds, so the meeting room's screen stays current without anyone touching it.
(function () {
  var main = document.getElementById('cockpit-big');
  if (!main) { return; }
  var sections = Array.prototype.slice.call(main.querySelectorAll('.screen-section'));
  var label = document.getElementById('screen-page');
  var current = 0;
  var seconds = parseInt(main.getAttribute('data-rotate'), 10) || 20;
  function show(i) {
    sections.forEach(function (s, j) { s.hidden = j !== i; });
    if (label) { label.textContent = (i + 1) + ' / ' + sections.length; }
  }
  if (sections.length > 1) {
    setInterval(function () { current = (current + 1) % sections.length; show(current); }, seconds * 1000);
  }
  var refresh = parseInt(main.getAttribute('data-refresh'), 10) || 300;
  setTimeout(function () { window.location.reload(); }, refresh * 1000);
})();
