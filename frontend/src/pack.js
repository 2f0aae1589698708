// Pack page: the plots on a map (from the OGC API items), and charts of the class
// distribution and of the quality breakdown (from the pack's JSON document). The
// server-rendered drawing and tables stay the text alternative.
import { getJSON } from "./lib/api.js";
import { boundsOf, createMap, L } from "./lib/basemap.js";
import { LEVEL_COLORS, chart, numberTick } from "./lib/charts.js";
import { $, el, enableScriptedParts } from "./lib/dom.js";
import { fmt, t } from "./lib/i18n.js";

const MAX_PLOTS = 5000; // plots drawn at most (pages of 1000 from the OGC API)
const GREY = "#888888";
const COMPONENTS = [
  ["A", "Collector reliability"],
  ["R", "Reference agreement"],
  ["M", "Observation method"],
  ["T", "Timeliness"],
  ["C", "Completeness"],
  ["G", "Geometry gate"],
];

function classesOf(detail) {
  const classes = detail.nomenclature?.classes;
  return Array.isArray(classes) ? classes : [];
}

async function plotFeatures(itemsUrl) {
  const features = [];
  let url = `${itemsUrl}${itemsUrl.includes("?") ? "&" : "?"}limit=1000`;
  while (url && features.length < MAX_PLOTS) {
    const page = await getJSON(url);
    features.push(...(page.features || []));
    url = (page.links || []).find((l) => l.rel === "next")?.href || null;
  }
  return features;
}

function legend(classes, used) {
  const control = L.control({ position: "topright" });
  control.onAdd = () => {
    const box = el("div", { className: "map-legend" });
    const list = el("ul", {});
    for (const c of classes.filter((c) => used.has(String(c.code)))) {
      const swatch = el("span", { className: "swatch-box", "aria-hidden": "true" });
      swatch.style.backgroundColor = c.color || GREY;
      list.append(el("li", {}, swatch, c.name || c.code));
    }
    box.append(el("p", { className: "legend-title" }, t("Classes")), list);
    return box;
  };
  return control;
}

async function drawMap(container, detail) {
  const map = createMap(container, { label: container.dataset.label });
  container.setAttribute("aria-describedby", "map-caption");
  const colors = new Map(classesOf(detail).map((c) => [String(c.code), c.color]));
  const names = new Map(classesOf(detail).map((c) => [String(c.code), c.name || c.code]));
  const bbox = boundsOf(detail.bbox);
  L.rectangle(bbox, { className: "pack-bbox", interactive: false }).addTo(map);
  let extent = bbox;
  if (detail.area) {
    const area = L.geoJSON(detail.area, { className: "footprint", interactive: false }).addTo(map);
    extent = area.getBounds().isValid() ? area.getBounds() : bbox;
  }
  map.fitBounds(extent, { padding: [16, 16] });
  // The OGC API serves the latest version; an older version's plots come from its GeoJSON.
  const features =
    container.dataset.latest === "false"
      ? ((await getJSON(container.dataset.geojsonUrl)).features || []).slice(0, MAX_PLOTS)
      : await plotFeatures(container.dataset.itemsUrl);
  const used = new Set();
  const plots = L.geoJSON(
    { type: "FeatureCollection", features },
    {
      style: (f) => {
        const code = String(f.properties.class_code);
        used.add(code);
        return { className: "plot", color: "#222222", weight: 1, fillColor: colors.get(code) || GREY, fillOpacity: 0.75 };
      },
      onEachFeature: (f, layer) => {
        const code = String(f.properties.class_code);
        layer.bindTooltip(`${f.properties.plot_id} – ${names.get(code) || code}`, { sticky: true });
      },
    },
  ).addTo(map);
  legend(classesOf(detail), used).addTo(map);
  container.dataset.plotsDrawn = String(plots.getLayers().length);
  const caption = $("#map-caption");
  if (caption) {
    const total = Number(container.dataset.plotTotal || features.length);
    caption.prepend(
      el(
        "span",
        { className: "live-caption" },
        total > features.length
          ? t("The map shows the first {shown} of {total} plots.", { shown: fmt(features.length), total: fmt(total) })
          : t("The map shows all {shown} plots.", { shown: fmt(features.length) }),
        " ",
      ),
    );
  }
}

function classChart(detail) {
  const canvas = $("#class-chart");
  if (!canvas) return;
  const counts = detail.class_counts || {};
  const classes = classesOf(detail);
  const known = new Set(classes.map((c) => String(c.code)));
  const rows = [
    ...classes.map((c) => ({ label: c.name || c.code, color: c.color || GREY, value: counts[c.code] || 0 })),
    ...Object.keys(counts)
      .filter((code) => !known.has(code))
      .map((code) => ({ label: code, color: GREY, value: counts[code] })),
  ];
  canvas.closest("figure").hidden = false;
  chart(canvas, {
    type: "bar",
    data: {
      labels: rows.map((r) => r.label),
      datasets: [{ label: t("Plots"), data: rows.map((r) => r.value), backgroundColor: rows.map((r) => r.color), borderColor: "#333333", borderWidth: 1 }],
    },
    options: {
      indexAxis: "y",
      plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0, callback: numberTick(0) }, title: { display: true, text: t("Number of plots") } } },
    },
  });
}

function qualityCharts(detail) {
  const quality = detail.quality || {};
  const comps = quality.components || {};
  const canvas = $("#quality-chart");
  if (canvas) {
    const rows = COMPONENTS.filter(([key]) => typeof comps[key] === "number").map(([key, name]) => ({ label: `${key} – ${t(name)}`, value: comps[key] }));
    canvas.closest("figure").hidden = false;
    chart(canvas, {
      type: "bar",
      data: { labels: rows.map((r) => r.label), datasets: [{ label: t("Value"), data: rows.map((r) => r.value), backgroundColor: "#2f6b3a" }] },
      options: {
        indexAxis: "y",
        plugins: { legend: { display: false } },
        scales: { x: { min: 0, max: 1, ticks: { callback: numberTick(1) } } },
      },
    });
  }
  const levels = $("#levels-chart");
  if (levels) {
    const counts = quality.plot_levels || {};
    const keys = ["A", "B", "C", "D"];
    levels.closest("figure").hidden = false;
    chart(levels, {
      type: "bar",
      data: {
        labels: keys.map((k) => t("Level {level}", { level: k })),
        datasets: [{ label: t("Plots"), data: keys.map((k) => counts[k] || 0), backgroundColor: keys.map((k) => LEVEL_COLORS[k]) }],
      },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }
}

async function main() {
  enableScriptedParts();
  const container = $("#map");
  if (!container) return;
  const detail = await getJSON(container.dataset.detailUrl);
  classChart(detail);
  qualityCharts(detail);
  try {
    await drawMap(container, detail);
  } finally {
    container.dataset.ready = "true";
  }
}

main();
