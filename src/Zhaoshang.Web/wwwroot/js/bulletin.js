// The bulletin's charts: completion per unit for each indicator, with the time progress as a line.
document.querySelectorAll('.chart[data-chart]').forEach(function (el) {
  if (typeof echarts === 'undefined') { return; }
  var data = JSON.parse(el.getAttribute('data-chart'));
  var chart = echarts.init(el, null, { renderer: 'svg' });
  chart.setOption({
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 48, right: 48, top: 32, bottom: 64 },
    xAxis: { type: 'category', data: data.units, axisLabel: { rotate: 30, interval: 0 } },
    yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    series: data.series.map(function (s, i) {
      var series = { name: s.name, type: 'bar', data: s.data };
      if (i === 0) { series.markLine = { symbol: 'none', label: { formatter: '{c}%' }, data: [{ yAxis: data.progress, name: '序时进度' }] }; }
      return series;
    })
  });
  window.addEventListener('resize', function () { chart.resize(); });
});
