/* The border map (border/map.html): draws the GeoJSON of border:map_data with Leaflet and
 * Leaflet.markercluster, both vendored under static/vendor/. Nothing is loaded from outside: tiles only when
 * the server names a tile server of the closed network (settings.MAP_TILE_URL).
 *
 * The configuration comes from the map element's data-config attribute (JSON): URLs, tile settings and the
 * translated strings. Text from the data (numbers, post names, units) is always inserted as text, never as HTML.
 */
(function () {
  "use strict";

  var el = document.getElementById("border-map");
  if (!el || !window.L || !L.markerClusterGroup) {
    return;
  }
  var cfg = JSON.parse(el.getAttribute("data-config"));
  var S = cfg.strings;
  // Numbers follow the Vietnamese format in both interface languages (phoihop.formats).
  var numbers = new Intl.NumberFormat("vi");
  var summaryEl = document.getElementById("map-summary");
  var COLOUR = /^#[0-9a-fA-F]{6}$/;
  var cards = {}; // marker id -> card JSON, fetched once per page

  if (COLOUR.test(cfg.overdueColour || "")) {
    el.style.setProperty("--overdue", cfg.overdueColour);
  }

  function count(template, n) {
    return template.replace("%(count)s", numbers.format(n));
  }

  /* h("a", {href: …, class: …}, [child, "text", …]) */
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

  function definitions(rows) {
    var dl = h("dl");
    rows.forEach(function (row) {
      if (row[1] === null || row[1] === undefined || row[1] === "") {
        return;
      }
      dl.appendChild(h("dt", {}, [row[0]]));
      dl.appendChild(h("dd", {}, [row[1]]));
    });
    return dl;
  }

  function openLink(url) {
    return h("a", { href: url, class: "btn btn-sm btn-primary mt-1" }, [S.open]);
  }

  function conditionBadge(label, colour) {
    var dot = h("span", { class: "map-dot me-1" });
    if (COLOUR.test(colour || "")) {
      dot.style.backgroundColor = colour;
    }
    return h("span", {}, [dot, label]);
  }

  // --- the map ------------------------------------------------------------------------------------------------
  var map = L.map(el, {
    center: cfg.center,
    zoom: cfg.zoom,
    minZoom: 5,
    maxZoom: 18, // markercluster needs a maximum zoom, which no tile layer provides when there is none
    preferCanvas: true,
    attributionControl: Boolean(cfg.tileUrl),
  });
  if (cfg.tileUrl) {
    map.attributionControl.setPrefix(false);
    L.tileLayer(cfg.tileUrl, { attribution: cfg.tileAttribution || "", maxZoom: 18 }).addTo(map);
  }
  L.control.scale({ imperial: false }).addTo(map);
  el.phoihopMap = map; // for the browser tests (zooming to a marker)

  // --- markers ------------------------------------------------------------------------------------------------
  // Each marker's icon carries its number, printed beside the dot from cfg.markerLabelZoom on (CSS toggles it
  // with the map's zoom class), so an officer can read the numbers in the field without opening each card.
  function markerIcon(p) {
    var safe = COLOUR.test(p.colour || "") ? p.colour : "#667382";
    var dot = h("span", { class: "map-marker-dot" });
    dot.style.backgroundColor = safe;
    var wrap = h("div", {}, [dot, h("b", { class: "map-marker-label" }, [p.number])]);
    return L.divIcon({
      className: "map-marker" + (p.overdue ? " is-overdue" : ""),
      html: wrap,
      iconSize: [14, 14],
      popupAnchor: [0, -6],
    });
  }

  function inspectionList(card) {
    if (!card.inspections.length) {
      return h("p", { class: "text-secondary mb-1" }, [S.noInspections]);
    }
    return h(
      "ul",
      {},
      card.inspections.map(function (i) {
        return h("li", {}, [
          h("a", { href: i.url }, [i.inspected_on]),
          " — ",
          conditionBadge(i.condition_label, i.colour),
          i.unit ? " (" + i.unit + ")" : "",
        ]);
      })
    );
  }

  function markerCard(p) {
    var latest = h("div", { "data-card-latest": "" }, [h("p", { class: "text-secondary mb-1" }, [S.loading])]);
    var root = h("div", { class: "map-card", "data-testid": "marker-card" }, [
      h("h4", {}, [p.number]),
      definitions([
        [S.condition, conditionBadge(p.condition_label, p.colour)],
        [S.lastInspection, p.last_inspected_on || S.neverInspected],
        [S.post, p.post],
      ]),
      p.overdue ? h("p", { class: "badge-overdue mb-1" }, [S.overdue]) : null,
      h("strong", {}, [S.latestInspections]),
      latest,
      openLink(p.url),
    ]);
    return { root: root, latest: latest };
  }

  function showCard(marker, p) {
    var card = markerCard(p);
    marker.getPopup().setContent(card.root);
    function fill(data) {
      card.latest.replaceChildren(inspectionList(data));
      marker.getPopup().update();
    }
    if (cards[p.id]) {
      fill(cards[p.id]);
      return;
    }
    fetch(cfg.cardUrl.replace("/0/", "/" + encodeURIComponent(p.id) + "/"), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (data) {
        cards[p.id] = data;
        fill(data);
      })
      .catch(function () {
        card.latest.replaceChildren(h("p", { class: "text-danger mb-1" }, [S.cardError]));
        marker.getPopup().update();
      });
  }

  // A cluster takes the colour of its worst marker (lost > displaced > damaged > overgrown/faded > intact), so a
  // damaged marker is never hidden in a green cluster; a red ring adds that some are overdue for inspection.
  var conditions = {};
  (cfg.conditions || []).forEach(function (c) {
    conditions[c.value] = c;
  });

  function clusterIcon(cluster) {
    var children = cluster.getAllChildMarkers();
    var overdue = 0;
    var worst = null;
    for (var i = 0; i < children.length; i++) {
      var o = children[i].options;
      if (o.overdue) {
        overdue++;
      }
      if (worst === null || o.severity > worst.severity) {
        worst = { severity: o.severity, condition: o.condition };
      }
    }
    var n = children.length;
    var c = (worst && conditions[worst.condition]) || null;
    var titles = [];
    if (c) {
      titles.push(S.worstInCluster.replace("%(condition)s", c.label));
    }
    if (overdue) {
      titles.push(count(S.overdueInCluster, overdue));
    }
    var inner = h("div", { title: titles.join(" · ") }, [h("span", {}, [numbers.format(n)])]);
    if (c && COLOUR.test(c.colour) && COLOUR.test(c.text)) {
      inner.style.backgroundColor = c.colour;
      inner.style.color = c.text;
    }
    // the ring's colour comes from the page's stylesheet (one rule per condition, map-cluster--<condition>)
    return L.divIcon({
      html: inner,
      className:
        "marker-cluster map-cluster" + (c ? " map-cluster--" + c.value : "") + (overdue ? " has-overdue" : ""),
      iconSize: new L.Point(40, 40),
    });
  }

  var markerLayer = L.markerClusterGroup({
    chunkedLoading: true,
    showCoverageOnHover: false,
    maxClusterRadius: 50,
    iconCreateFunction: clusterIcon,
  });

  function addMarkers(features, bounds) {
    var layers = features.map(function (f) {
      var p = f.properties;
      var latlng = L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]);
      bounds.extend(latlng);
      var marker = L.marker(latlng, {
        icon: markerIcon(p),
        title: p.number,
        alt: p.number,
        overdue: p.overdue,
        severity: p.severity || 0,
        condition: p.condition,
        keyboard: true,
      });
      marker.bindPopup("", { maxWidth: 320 });
      marker.on("popupopen", function () {
        showCard(marker, p);
      });
      return marker;
    });
    markerLayer.addLayers(layers);
  }

  // --- segments, gates, tracks --------------------------------------------------------------------------------
  function popupFor(title, rows, url) {
    return h("div", { class: "map-card" }, [h("h4", {}, [title]), definitions(rows), openLink(url)]);
  }

  function segmentLayer(features) {
    return L.geoJSON(features, {
      style: { color: "#ae3ec9", weight: 3, opacity: 0.9, dashArray: "8 6" },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindPopup(function () {
          return popupFor(p.code + " — " + p.name, [
            [S.post, p.post],
            [S.lengthKm, p.length_km === null ? null : numbers.format(p.length_km)],
          ], p.url);
        });
      },
    });
  }

  var gateIcon = L.divIcon({ className: "map-gate-icon", html: "<span></span>", iconSize: [16, 16] });

  function gateLayer(features) {
    return L.geoJSON(features, {
      pointToLayer: function (f, latlng) {
        return L.marker(latlng, { icon: gateIcon, title: f.properties.name, alt: f.properties.name });
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindPopup(function () {
          return popupFor(p.name, [[S.gateClass, p.gate_class], [S.gateStatus, p.status], [S.post, p.post]], p.url);
        });
      },
    });
  }

  function trackLayer(features) {
    return L.geoJSON(features, {
      style: { color: "#206bc4", weight: 2, opacity: 0.8 },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindPopup(function () {
          return popupFor(p.kind + " — " + p.started_at, [[S.post, p.post]], p.url);
        });
      },
    });
  }

  // --- context without a tile server ----------------------------------------------------------------------
  // Viet Nam's land boundary and coastline from Natural Earth (static/vendor/world-atlas, decoded with
  // topojson-client). Lines only: the layer gives bearings, it is not a map of the national territory.
  function drawContext() {
    if (!cfg.contextUrl || !window.topojson) {
      return;
    }
    map.createPane("context");
    map.getPane("context").style.zIndex = 250; // above tiles (200), below the data (overlayPane, 400)
    fetch(cfg.contextUrl, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (topo) {
        var home = cfg.contextCountry;
        var object = topo.objects.countries;
        var near = {
          type: "GeometryCollection",
          geometries: object.geometries.filter(function (g) {
            return g.id === home;
          }),
        };
        // arcs shared with a neighbour are the land boundary; arcs of one country only are its coast
        var land = topojson.mesh(topo, object, function (a, b) {
          return a !== b && (a.id === home || b.id === home);
        });
        var coast = topojson.mesh(topo, near, function (a, b) {
          return a === b;
        });
        var style = { pane: "context", interactive: false };
        L.geoJSON(coast, Object.assign({ style: { color: "#5b7fa6", weight: 1, opacity: 0.8 } }, style)).addTo(map);
        L.geoJSON(land, Object.assign({ style: { color: "#1d273b", weight: 2.5, opacity: 0.75 } }, style)).addTo(map);
        el.setAttribute("data-context", "true");
      })
      .catch(function () {
        el.setAttribute("data-context", "error");
      });
  }

  function communeLayer(features) {
    return L.layerGroup(
      features.map(function (f) {
        var p = f.properties;
        var latlng = L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]);
        return L.marker(latlng, {
          icon: L.divIcon({ className: "map-commune", html: h("span", {}, [p.name]), iconSize: null }),
          interactive: false,
          keyboard: false,
        });
      })
    );
  }

  // Labels follow the zoom: commune names from cfg.communeLabelZoom, marker numbers from cfg.markerLabelZoom.
  function toggleLabels() {
    var z = map.getZoom();
    el.classList.toggle("show-marker-labels", z >= (cfg.markerLabelZoom || 13));
    el.classList.toggle("show-commune-labels", z >= (cfg.communeLabelZoom || 10));
  }
  map.on("zoomend", toggleLabels);
  toggleLabels();
  drawContext();

  // --- the layer control ----------------------------------------------------------------------------------------
  var layersControl = null;

  function layerControl() {
    if (!layersControl) {
      layersControl = L.control.layers(null, {}, { collapsed: true }).addTo(map);
    }
    return layersControl;
  }

  // --- layers of other apps (cfg.layers; border.maps.MapLayer) ---------------------------------------------------
  // "graduated": points carrying a count, summed into one circle per CELL_PX pixels at the current zoom, whose
  // area grows with the count (no heat-map plugin is vendored), redrawn when the zoom changes. The popup lists the
  // circle's count by part (properties.parts: {label: count}).
  var CELL_PX = 48;

  function graduatedCard(spec, cell) {
    var strings = spec.strings || {};
    var parts = Object.keys(cell.parts).sort(function (a, b) {
      return cell.parts[b] - cell.parts[a] || (a < b ? -1 : 1);
    });
    return h("div", { class: "map-card", "data-testid": "layer-card-" + spec.key }, [
      h("h4", {}, [strings.title || spec.label]),
      h("p", { class: "mb-1" }, [count(strings.count || "%(count)s", cell.count)]),
      definitions(
        parts.map(function (name) {
          return [name, numbers.format(cell.parts[name])];
        })
      ),
    ]);
  }

  function graduatedLayer(spec, features) {
    var group = L.layerGroup();
    var colour = COLOUR.test(spec.colour || "") ? spec.colour : "#d63939";
    var strings = spec.strings || {};

    function redraw() {
      group.clearLayers();
      var zoom = map.getZoom();
      // the places with the most cases first; each joins the first circle within CELL_PX pixels of it, else
      // starts one (a distance, not a fixed grid: two places close together are never split by a cell's edge)
      var places = features
        .map(function (f) {
          var latlng = L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]);
          return { p: f.properties, latlng: latlng, point: map.project(latlng, zoom) };
        })
        .sort(function (a, b) {
          return b.p.count - a.p.count;
        });
      var list = [];
      places.forEach(function (place) {
        var cell = null;
        for (var i = 0; i < list.length; i++) {
          if (list[i].point.distanceTo(place.point) <= CELL_PX) {
            cell = list[i];
            break;
          }
        }
        if (!cell) {
          cell = { count: 0, lat: 0, lng: 0, parts: {}, point: place.point };
          list.push(cell);
        }
        var p = place.p;
        cell.count += p.count;
        cell.lat += place.latlng.lat * p.count;
        cell.lng += place.latlng.lng * p.count;
        Object.keys(p.parts || {}).forEach(function (name) {
          cell.parts[name] = (cell.parts[name] || 0) + p.parts[name];
        });
      });
      var most = list.reduce(function (m, cell) {
        return Math.max(m, cell.count);
      }, 1);
      list.forEach(function (cell) {
        var share = cell.count / most;
        var circle = L.circleMarker([cell.lat / cell.count, cell.lng / cell.count], {
          radius: 6 + 18 * Math.sqrt(share),
          color: colour,
          weight: 1,
          fillColor: colour,
          fillOpacity: 0.25 + 0.45 * share,
        });
        circle.bindTooltip(count(strings.count || "%(count)s", cell.count));
        circle.bindPopup(function () {
          return graduatedCard(spec, cell);
        });
        group.addLayer(circle);
      });
      el.setAttribute("data-layer-" + spec.key + "-cells", String(list.length));
    }

    map.on("zoomend", function () {
      if (map.hasLayer(group)) {
        redraw();
      }
    });
    group.on("add", redraw);
    return group;
  }

  function loadLayers() {
    (cfg.layers || []).forEach(function (spec) {
      if (spec.kind !== "graduated") {
        return;
      }
      fetch(spec.url, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.json();
        })
        .then(function (data) {
          var layer = graduatedLayer(spec, data.features || []);
          if (spec.shown) {
            layer.addTo(map);
          }
          layerControl().addOverlay(layer, spec.label);
          el.setAttribute("data-layer-" + spec.key, "true");
        })
        .catch(function () {
          el.setAttribute("data-layer-" + spec.key, "error");
        });
    });
  }

  // --- loading ------------------------------------------------------------------------------------------------
  function draw(data) {
    var byLayer = { marker: [], segment: [], gate: [], track: [], commune: [] };
    data.features.forEach(function (f) {
      (byLayer[f.properties.layer] || []).push(f);
    });
    var bounds = L.latLngBounds([]);
    var overlays = {};

    if (byLayer.commune.length) {
      overlays[S.communes] = communeLayer(byLayer.commune).addTo(map);
    }
    var segments = segmentLayer(byLayer.segment).addTo(map);
    overlays[S.segments] = segments;
    if (byLayer.track.length) {
      overlays[S.tracks] = trackLayer(byLayer.track).addTo(map);
    }
    var gates = gateLayer(byLayer.gate).addTo(map);
    overlays[S.gates] = gates;
    markerLayer.addTo(map);
    addMarkers(byLayer.marker, bounds);
    overlays[S.markers] = markerLayer;

    Object.keys(overlays).forEach(function (name) {
      if (overlays[name] !== markerLayer && name !== S.communes && overlays[name].getLayers().length) {
        bounds.extend(overlays[name].getBounds());
      }
    });
    Object.keys(overlays).forEach(function (name) {
      layerControl().addOverlay(overlays[name], name);
    });
    if (bounds.isValid()) {
      map.fitBounds(bounds.pad(0.05), { maxZoom: 14 });
    }

    var summary = data.summary || {};
    var text = count(S.shown, summary.markers || 0);
    if (summary.markers_without_position) {
      text += " · " + count(S.unplaced, summary.markers_without_position);
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
    })
    .then(loadLayers); // after the border data, so that its overlays come first in the layer control
})();
