/* A programme's progress page (programs/progress.html): ECharts charts of the indicators from the JSON the
 * page embeds (json_script "progress-charts"), and a Leaflet map of the forest plots, houses and commune totals
 * from programs:programme_progress_geojson. ECharts and Leaflet are vendored under static/vendor/; nothing is
 * loaded from outside (tiles only when the server names a tile server of the closed network).
 *
 * Text from the data (names, units, communes) is always inserted as text, never as HTML.
 */
(function () {
  "use strict";

  // Numbers follow the Vietnamese format in both interface languages (phoihop.formats): 3.840,5
  function formatter(decimals) {
    return new Intl.NumberFormat("vi", { maximumFractionDigits: decimals === undefined ? 2 : decimals });
  }
  var numbers = formatter(2);
  var COLOUR = /^#[0-9a-fA-F]{6}$/;

  function h(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (attrs[name] !== null && attrs[name] !== undefined) {
        node.setAttribute(name, attrs[name]);
      }
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) {
        return;
      }
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // --- charts -------------------------------------------------------------------------------------------------
  function drawCharts() {
    var source = document.getElementById("progress-charts");
    if (!source || !window.echarts) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var S = data.strings;
    var PALETTE = { official: "#2fb344", pending: "#f59f00", cumulative: "#206bc4", target: "#d63939" };

    function base(fmt, labels, dual) {
      return {
        grid: { left: 56, right: 56, top: 36, bottom: 48 },
        legend: { top: 0, type: "scroll" },
        tooltip: {
          trigger: "axis",
          valueFormatter: function (value) {
            return value === null || value === undefined ? "—" : fmt.format(value);
          },
        },
        xAxis: { type: "category", data: labels, axisLabel: { hideOverlap: true } },
        // a second axis on the right for the cumulative line
        yAxis: [
          { type: "value", axisLabel: { formatter: function (v) { return fmt.format(v); } } },
          { type: "value", axisLabel: { formatter: function (v) { return fmt.format(v); } }, splitLine: { show: false } },
        ].slice(0, dual ? 2 : 1),
      };
    }

    function targetLine(indicator) {
      if (indicator.target === null || indicator.target === undefined) {
        return undefined;
      }
      return {
        silent: true,
        symbol: "none",
        lineStyle: { color: PALETTE.target, type: "dashed" },
        label: { formatter: S.target + ": " + formatter(indicator.decimals).format(indicator.target) },
        data: [{ yAxis: indicator.target }],
      };
    }

    function periodsChart(indicator) {
      var fmt = formatter(indicator.decimals);
      var option = base(fmt, indicator.periods.map(function (p) { return p.label; }), !indicator.stock);
      option.series = [
        {
          name: S.official,
          type: "bar",
          color: PALETTE.official,
          data: indicator.periods.map(function (p) { return p.official; }),
          markLine: indicator.stock ? targetLine(indicator) : undefined,
        },
        {
          name: indicator.stock ? S.pendingStock : S.pending,
          type: "bar",
          color: PALETTE.pending,
          data: indicator.periods.map(function (p) { return p.pending; }),
        },
      ];
      if (!indicator.stock) {
        option.series.push({
          name: S.cumulative,
          type: "line",
          yAxisIndex: 1,
          color: PALETTE.cumulative,
          connectNulls: false,
          data: indicator.periods.map(function (p) { return p.cumulative; }),
        });
      }
      return option;
    }

    function yearsChart(indicator) {
      var fmt = formatter(indicator.decimals);
      var option = base(fmt, indicator.years.map(function (y) { return String(y.year); }), !indicator.stock);
      option.series = [
        {
          name: S.official,
          type: indicator.stock ? "line" : "bar",
          color: PALETTE.official,
          data: indicator.years.map(function (y) { return y.official; }),
        },
      ];
      if (!indicator.stock) {
        option.series.push({
          name: S.cumulative,
          type: "line",
          yAxisIndex: 1,
          color: PALETTE.cumulative,
          data: indicator.years.map(function (y) { return y.cumulative; }),
        });
      }
      return option;
    }

    function organisationsChart(indicator) {
      var fmt = formatter(indicator.decimals);
      var option = base(fmt, indicator.organisations.map(function (o) { return o.name; }), false);
      option.grid.bottom = 80;
      option.xAxis.axisLabel = { interval: 0, rotate: 25, width: 110, overflow: "truncate" };
      option.series = [
        {
          name: S.official,
          type: "bar",
          color: PALETTE.official,
          data: indicator.organisations.map(function (o) { return o.official; }),
        },
        {
          name: indicator.stock ? S.pendingStock : S.pending,
          type: "bar",
          color: PALETTE.pending,
          data: indicator.organisations.map(function (o) { return o.pending; }),
        },
      ];
      return option;
    }

    var builders = { periods: periodsChart, years: yearsChart, organisations: organisationsChart };
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var indicator = data.indicators[Number(el.getAttribute("data-index"))];
      var build = builders[el.getAttribute("data-chart")];
      if (!indicator || !build) {
        return;
      }
      var chart = echarts.init(el, null, { renderer: "svg" });
      chart.setOption(build(indicator));
      charts.push(chart);
      el.setAttribute("data-drawn", "true");
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) {
        chart.resize();
      });
    });
  }

  // --- map ----------------------------------------------------------------------------------------------------
  function drawMap() {
    var el = document.getElementById("progress-map");
    if (!el || !window.L) {
      return;
    }
    var cfg = JSON.parse(el.getAttribute("data-config"));
    var S = cfg.strings;
    var summaryEl = document.getElementById("progress-map-summary");

    function safe(colour, fallback) {
      return COLOUR.test(colour || "") ? colour : fallback;
    }

    function card(title, rows, url) {
      var dl = h("dl");
      rows.forEach(function (row) {
        if (row[1] === null || row[1] === undefined || row[1] === "") {
          return;
        }
        dl.appendChild(h("dt", {}, [row[0]]));
        dl.appendChild(h("dd", {}, [String(row[1])]));
      });
      return h("div", { class: "map-card" }, [
        h("h4", {}, [title]),
        dl,
        url ? h("a", { href: url, class: "btn btn-sm btn-primary mt-1" }, [S.open]) : null,
      ]);
    }

    var map = L.map(el, {
      center: cfg.center,
      zoom: cfg.zoom,
      minZoom: 5,
      maxZoom: 18,
      preferCanvas: true,
      attributionControl: Boolean(cfg.tileUrl),
    });
    if (cfg.tileUrl) {
      map.attributionControl.setPrefix(false);
      L.tileLayer(cfg.tileUrl, { attribution: cfg.tileAttribution || "", maxZoom: 18 }).addTo(map);
    }
    L.control.scale({ imperial: false }).addTo(map);

    var plotColour = safe(cfg.colours.plot, "#2fb344");
    var communeColour = safe(cfg.colours.commune, "#ae3ec9");

    function plotLayer(features) {
      return L.geoJSON(features, {
        style: { color: plotColour, weight: 2, fillOpacity: 0.35 },
        pointToLayer: function (f, latlng) {
          return L.circleMarker(latlng, { radius: 6, color: "#1d273b", weight: 1, fillColor: plotColour, fillOpacity: 0.9 });
        },
        onEachFeature: function (f, layer) {
          var p = f.properties;
          layer.bindPopup(function () {
            return card(p.code || S.plots, [
              [S.commune, p.commune],
              [S.organisation, p.organisation],
              [S.year, p.year],
              [S.area, p.area_text],
              [S.species, p.species],
              [S.survival, p.survival_pct === null ? null : numbers.format(p.survival_pct)],
              [S.households, p.households === null ? null : numbers.format(p.households)],
            ], p.url);
          });
        },
      });
    }

    function houseLayer(features) {
      return L.geoJSON(features, {
        pointToLayer: function (f, latlng) {
          var colour = safe(cfg.colours.house[f.properties.status], "#667382");
          return L.circleMarker(latlng, { radius: 6, color: "#1d273b", weight: 1, fillColor: colour, fillOpacity: 0.9 });
        },
        onEachFeature: function (f, layer) {
          var p = f.properties;
          layer.bindPopup(function () {
            return card(S.houses, [
              [S.commune, p.commune],
              [S.village, p.village],
              [S.organisation, p.organisation],
              [S.status, p.status_label],
              [S.handover, p.handover_date],
              [S.householdSize, p.household_size],
            ], p.url);
          });
        },
      });
    }

    function communeLayer(features) {
      var largest = 0;
      features.forEach(function (f) {
        largest = Math.max(largest, f.properties.ha || 0, (f.properties.handed_over || 0) * 10);
      });
      return L.geoJSON(features, {
        pointToLayer: function (f, latlng) {
          var weight = Math.max(f.properties.ha || 0, (f.properties.handed_over || 0) * 10);
          var radius = 10 + (largest ? 22 * Math.sqrt(weight / largest) : 0);
          return L.circleMarker(latlng, { radius: radius, color: communeColour, weight: 2, fillOpacity: 0.12 });
        },
        onEachFeature: function (f, layer) {
          var p = f.properties;
          layer.bindTooltip(p.name || "", { direction: "top" });
          layer.bindPopup(function () {
            return card(p.name || S.commune, [
              [S.haPlanted, p.ha_text],
              [S.plots, numbers.format(p.plots)],
              [S.houses, numbers.format(p.houses)],
              [S.housesHandedOver, numbers.format(p.handed_over)],
            ]);
          });
        },
      });
    }

    function draw(data) {
      var byLayer = { plot: [], house: [], commune: [] };
      data.features.forEach(function (f) {
        (byLayer[f.properties.layer] || []).push(f);
      });
      var overlays = {};
      overlays[S.communes] = communeLayer(byLayer.commune).addTo(map);
      overlays[S.plots] = plotLayer(byLayer.plot).addTo(map);
      overlays[S.houses] = houseLayer(byLayer.house).addTo(map);
      var bounds = L.latLngBounds([]);
      Object.keys(overlays).forEach(function (name) {
        if (overlays[name].getLayers().length) {
          bounds.extend(overlays[name].getBounds());
        }
      });
      L.control.layers(null, overlays, { collapsed: true }).addTo(map);
      if (bounds.isValid()) {
        map.fitBounds(bounds.pad(0.05), { maxZoom: 14 });
      }
      var s = data.summary || {};
      var text = S.summary
        .replace("%(plots)s", numbers.format(s.plots || 0))
        .replace("%(houses)s", numbers.format(s.houses || 0))
        .replace("%(communes)s", numbers.format(s.communes || 0));
      var unplaced = (s.plots_without_position || 0) + (s.houses_without_position || 0);
      if (unplaced) {
        text += " · " + S.unplaced.replace("%(count)s", numbers.format(unplaced));
      }
      summaryEl.textContent = text;
      el.setAttribute("data-loaded", "true");
    }

    fetch(cfg.dataUrl, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(draw)
      .catch(function () {
        summaryEl.textContent = S.dataError;
        summaryEl.classList.add("text-danger");
        el.setAttribute("data-loaded", "error");
      });
  }

  drawCharts();
  drawMap();
})();
