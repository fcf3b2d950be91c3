// One message per chart (UI.md): for the chosen indicator, each unit's completion, sorted (units with nothing done
// last), against its time progress and the 100 % of the year's target; the status colour repeats the table's word.
(function () {
  var colours = { ahead: '#2fb344', onTrack: '#206bc4', behind: '#d63939' };
  function phone() { return window.matchMedia && window.matchMedia('(max-width: 767.98px)').matches; }
  function draw(el) {
    if (typeof echarts === 'undefined') { return; }
    var data = JSON.parse(el.getAttribute('data-chart'));
    var select = el.parentElement.querySelector('select[data-chart-indicator]');
    var indicator = data.indicators[select ? +select.value : 0];
    if (!indicator) { return; }
    var rows = data.units.map(function (unit, i) { return { unit: unit, value: indicator.completion[i], status: indicator.status[i] }; });
    rows.sort(function (a, b) {
      var av = a.value || 0, bv = b.value || 0;
      if ((av > 0) !== (bv > 0)) { return av > 0 ? -1 : 1; }
      return bv - av;
    });
    var progress = indicator.ratio ? 100 : data.progress;
    var top = Math.max.apply(null, rows.map(function (r) { return r.value || 0; }).concat([100, progress]));
    var small = phone();
    var chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: 'svg' });
    chart.setOption({
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return v == null ? '—' : v.toFixed(2) + '%'; } },
      grid: { left: 52, right: 16, top: 28, bottom: small ? 110 : 80 },
      xAxis: { type: 'category', data: rows.map(function (r) { return r.unit; }), axisLabel: { rotate: small ? 60 : 35, interval: 0 } },
      // A share is read against 0–100 % and beyond, never auto-scaled to its own small range.
      yAxis: { type: 'value', min: 0, max: Math.ceil(top * 1.1 / 20) * 20, axisLabel: { formatter: '{value}%' } },
      series: [{
        type: 'bar', name: indicator.name, barMaxWidth: 36,
        data: rows.map(function (r) { return { value: r.value, itemStyle: { color: colours[r.status] || '#adb5bd' } }; }),
        markLine: {
          symbol: 'none', silent: true,
          data: [
            { yAxis: progress, lineStyle: { color: '#f59f00', type: 'dashed', width: 2 }, label: { formatter: data.labels.progress + ' ' + progress + '%', position: 'insideEndTop' } },
            { yAxis: 100, lineStyle: { color: '#1d273b', width: 1 }, label: { formatter: data.labels.full, position: 'insideStartTop' } }
          ]
        }
      }]
    }, true);
  }
  document.querySelectorAll('.chart[data-chart]').forEach(function (el) {
    draw(el);
    var select = el.parentElement.querySelector('select[data-chart-indicator]');
    if (select) { select.addEventListener('change', function () { draw(el); }); }
    window.addEventListener('resize', function () { var c = typeof echarts !== 'undefined' && echarts.getInstanceByDom(el); if (c) { c.resize(); } });
  });
  // On a phone the assessment shows one group at a time, chosen at the top.
  var switcher = document.getElementById('assessment-group-switch');
  function showGroup() {
    var groups = document.querySelectorAll('[data-testid=assessment-group]');
    groups.forEach(function (g, i) { g.hidden = phone() && switcher && String(i) !== switcher.value; });
    groups.forEach(function (g) { if (!g.hidden) { g.querySelectorAll('.chart[data-chart]').forEach(function (el) { var c = typeof echarts !== 'undefined' && echarts.getInstanceByDom(el); if (c) { c.resize(); } }); } });
  }
  if (switcher) {
    switcher.addEventListener('change', showGroup);
    window.addEventListener('resize', showGroup);
    showGroup();
  }
})();
