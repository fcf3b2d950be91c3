// The dispatch report's charts (UI.md: one message per chart): the projects by stage; the rates by coordination group, read against 0–100 %.
(function () {
  function draw(el) {
    if (typeof echarts === 'undefined') { return; }
    var data = JSON.parse(el.getAttribute('data-report-chart'));
    var chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: 'svg' });
    var small = window.matchMedia && window.matchMedia('(max-width: 767.98px)').matches;
    var option = data.kind === 'stages'
      ? {
          tooltip: { trigger: 'axis' }, grid: { left: 48, right: 16, top: 16, bottom: small ? 60 : 36 },
          xAxis: { type: 'category', data: data.labels, axisLabel: { rotate: small ? 45 : 0, interval: 0 } },
          yAxis: { type: 'value', minInterval: 1 },
          series: [{ type: 'bar', name: data.name, data: data.values, barMaxWidth: 40, itemStyle: { color: '#206bc4' }, label: { show: true, position: 'top' } }]
        }
      : {
          tooltip: { trigger: 'axis', valueFormatter: function (v) { return v == null ? '—' : v.toFixed(1) + '%'; } },
          legend: { top: 0 }, grid: { left: 48, right: 16, top: 36, bottom: 28 },
          xAxis: { type: 'category', data: data.labels },
          yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
          series: data.series.map(function (s, i) {
            return { type: 'bar', name: s.name, data: s.values.map(function (v) { return v == null ? null : Math.round(v * 10) / 10; }), barMaxWidth: 28,
              itemStyle: { color: ['#2fb344', '#206bc4', '#f59f00'][i] } };
          })
        };
    chart.setOption(option, true);
  }
  document.querySelectorAll('[data-print]').forEach(function (button) { button.addEventListener('click', function () { window.print(); }); });
  document.querySelectorAll('[data-report-chart]').forEach(function (el) {
    draw(el);
    window.addEventListener('resize', function () { var c = typeof echarts !== 'undefined' && echarts.getInstanceByDom(el); if (c) { c.resize(); } });
  });
})();
