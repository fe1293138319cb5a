/* The leadership dashboard (reports/dashboard.html): ECharts charts of tasks by status, markers by condition and
 * outreach by month, from the JSON the page embeds (json_script "dashboard-charts"). Clicking a bar or a slice
 * opens the filtered list behind it. ECharts is vendored under static/vendor/; nothing is loaded from outside.
 *
 * Labels come from the data and are drawn by ECharts as text, never inserted as HTML.
 */
(function () {
  "use strict";

  // Numbers follow the Vietnamese format in both interface languages (phoihop.formats): 3.840,5
  var numbers = new Intl.NumberFormat("vi", { maximumFractionDigits: 1 });
  var COLOURS = {
    tasks: ["#206bc4", "#4299e1", "#f59f00", "#2fb344", "#d63939", "#868e96"],
    markers: ["#2fb344", "#d63939", "#f76707", "#1d273b", "#74b816", "#ae3ec9"],
    sessions: "#206bc4",
    audience: "#f59f00",
  };

  function format(value) {
    return value === null || value === undefined ? "—" : numbers.format(value);
  }

  // Only same-site paths: a URL from the data never leads elsewhere.
  function openList(url) {
    if (typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/") {
      window.location.assign(url);
    }
  }

  function categoryBars(items, colours, seriesName) {
    return {
      grid: { left: 48, right: 16, top: 16, bottom: 72 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: format },
      xAxis: {
        type: "category",
        data: items.map(function (item) { return item.label; }),
        axisLabel: { interval: 0, rotate: 25, width: 110, overflow: "truncate" },
      },
      yAxis: { type: "value", minInterval: 1, axisLabel: { formatter: format } },
      series: [
        {
          name: seriesName,
          type: "bar",
          data: items.map(function (item, index) {
            return { value: item.value, url: item.url, itemStyle: { color: colours[index % colours.length] } };
          }),
          label: { show: true, position: "top", formatter: function (p) { return p.value ? format(p.value) : ""; } },
        },
      ],
    };
  }

  function outreachChart(months, S) {
    return {
      grid: { left: 48, right: 56, top: 36, bottom: 32 },
      legend: { top: 0 },
      tooltip: { trigger: "axis", valueFormatter: format },
      xAxis: { type: "category", data: months.map(function (m) { return m.label; }), axisLabel: { hideOverlap: true } },
      yAxis: [
        { type: "value", minInterval: 1, axisLabel: { formatter: format } },
        { type: "value", axisLabel: { formatter: format }, splitLine: { show: false } },
      ],
      series: [
        {
          name: S.sessions,
          type: "bar",
          color: COLOURS.sessions,
          data: months.map(function (m) { return { value: m.sessions, url: m.url }; }),
        },
        {
          name: S.audience,
          type: "line",
          yAxisIndex: 1,
          color: COLOURS.audience,
          data: months.map(function (m) { return { value: m.audience, url: m.url }; }),
        },
      ],
    };
  }

  function draw() {
    var source = document.getElementById("dashboard-charts");
    if (!source || !window.echarts) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var S = data.strings || {};
    var builders = {
      tasks: function () { return categoryBars(data.tasks || [], COLOURS.tasks, S.tasks); },
      markers: function () { return categoryBars(data.markers || [], COLOURS.markers, S.markers); },
      outreach: function () { return outreachChart(data.outreach || [], S); },
    };
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var build = builders[el.getAttribute("data-chart")];
      if (!build) {
        return;
      }
      var chart = echarts.init(el, null, { renderer: "svg" });
      chart.setOption(build());
      chart.on("click", function (params) {
        openList(params.data && params.data.url);
      });
      charts.push(chart);
      el.setAttribute("data-drawn", "true");
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) {
        chart.resize();
      });
    });
  }

  draw();
})();
