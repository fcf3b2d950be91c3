// The dispatch report's charts (UI.md: one message per chart): the projects by stage; the rates by coordination group, read against 0–100 %.
(function () {
  function draw(el) {
    // A chart the layout hides (the cockpit's on a phone) is drawn when it is shown, not into nothing.
    if (typeof echarts === 'undefined' || el.offsetWidth === 0) { return; }
    var data = JSON.parse(el.getAttribute('data-report-chart'));
    var chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: 'svg' });
    var small = window.matchMedia && window.matchMedia('(max-width: 767.98px)').matches;
    var option = data.kind === 'months'
      ? {
          tooltip: { trigger: 'axis', valueFormatter: function (v) { return v == null ? '—' : v.toFixed(2) + ' ' + data.unit; } },
          legend: { top: 0 }, grid: { left: 48, right: 16, top: 32, bottom: 24 },
          xAxis: { type: 'category', data: data.labels },
          yAxis: { type: 'value', name: data.unit, nameTextStyle: { align: 'left' } },
          series: data.series.map(function (s, i) {
            return { type: 'bar', name: s.name, data: s.values.map(function (v) { return v == null ? null : Math.round(v * 100) / 100; }), barMaxWidth: 16,
              itemStyle: { color: ['#206bc4', '#adb5bd'][i] } };
          })
        }
      : data.kind === 'stages'
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
    window.addEventListener('resize', function () { var c = typeof echarts !== 'undefined' && echarts.getInstanceByDom(el); if (c) { c.resize(); } else { draw(el); } });
  });
})();
// The cockpit's map: the reader's units coloured by the chosen figure on their boundary file; a unit opens its list.
(function () {
  document.querySelectorAll('[data-cockpit-map]').forEach(function (el) {
    if (typeof echarts === 'undefined') { return; }
    if (el.offsetWidth === 0) {
      // Hidden (a phone): drawn once the layout shows it.
      var later = function () { if (el.offsetWidth > 0) { window.removeEventListener('resize', later); drawMap(el); } };
      window.addEventListener('resize', later);
      return;
    }
    drawMap(el);
  });
  function drawMap(el) {
    var spec = JSON.parse(el.getAttribute('data-cockpit-map'));
    fetch(spec.url, { credentials: 'same-origin' }).then(function (r) { return r.ok ? r.json() : null; }).then(function (geo) {
      if (!geo) { el.hidden = true; return; }
      var key = 'zs-' + spec.url;
      echarts.registerMap(key, geo);
      var values = spec.data.map(function (d) { return d.value || 0; });
      var chart = echarts.init(el, null, { renderer: 'svg' });
      chart.setOption({
        tooltip: { trigger: 'item', formatter: function (p) { return p.name + '：' + (p.value == null || isNaN(p.value) ? '—' : p.value); } },
        visualMap: { min: 0, max: Math.max(1, Math.max.apply(null, values)), left: 0, bottom: 0, itemHeight: 80, calculable: false,
          inRange: { color: ['#e8f1fb', '#206bc4'] }, text: ['', ''] },
        series: [{ type: 'map', map: key, name: spec.name, roam: false, label: { show: false },
          emphasis: { label: { show: true } }, data: spec.data.map(function (d) { return { name: d.name, value: d.value }; }) }]
      });
      chart.on('click', function (p) {
        var hit = spec.data.filter(function (d) { return d.name === p.name; })[0];
        if (hit) { window.location.href = hit.href; }
      });
      window.addEventListener('resize', function () { chart.resize(); });
    });
  }
})();
