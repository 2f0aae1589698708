// Imperviousness dashboard: choose an area (draw, bounding box, upload, pack, boundary
// unit), compute sealed area and share per year and change between years with the
// dashboard API, show them as tables, a chart and a change map (server tiles), export.
// Every number shown comes from the API's answer, formatted only.
import { getJSON, postFile, postForBlob, postJSON } from "./lib/api.js";
import { boundsOf, createMap, L, parseBbox } from "./lib/basemap.js";
import { caveatText } from "./lib/caveats.js";
import { chart, numberTick } from "./lib/charts.js";
import { $, $$, debounce, download, el, enableScriptedParts } from "./lib/dom.js";
import { DrawTool } from "./lib/draw.js";
import { fmt, hectares, percent, t } from "./lib/i18n.js";

const root = $("#dashboard");
const API = root.dataset.apiBase;
const PACKS = root.dataset.packsUrl;
const KIND_COLORS = { clcplus: "#b2182b", prediction: "#ef8a62" };
const CHANGE_LEGEND = [
  ["gained", "#d7191c", "Gained sealed surface"],
  ["lost", "#2c7bb6", "Lost sealed surface"],
  ["stable", "#5a5a5a", "Sealed in both years"],
];
const UNITS_IN_VIEW = 300;

const state = {
  area: null, // {body, geometry, label}
  rasters: [],
  layers: [],
  result: null,
  body: null,
};

let map;
let areaLayer;
let unitsLayer;
let overlay = null;

// ------------------------------------------------------------------ helpers

function kindLabel(kind) {
  return kind === "clcplus" ? t("CLC+ Backbone") : t("model prediction");
}

function setStatus(node, text, isError = false) {
  node.textContent = text;
  node.classList.toggle("error-text", isError);
}

function checkedRasterIds() {
  return $$("#raster-list input[name=raster]:checked").map((i) => Number(i.value));
}

function updateAnalyzeButton() {
  $("#analyze").disabled = !state.area || checkedRasterIds().length === 0;
}

// ------------------------------------------------------------------ area

function setArea(body, geometry, label) {
  state.area = { body, geometry, label };
  areaLayer.clearLayers();
  if (geometry) {
    const shape = L.geoJSON(geometry, { className: "chosen-area", interactive: false }).addTo(areaLayer);
    if (shape.getBounds().isValid()) map.fitBounds(shape.getBounds(), { padding: [30, 30], maxZoom: 16 });
  }
  $("#area-geojson").value = geometry ? JSON.stringify(geometry) : "";
  setStatus($("#area-status"), t("Area: {label}. Press Compute.", { label }));
  updateAnalyzeButton();
}

function bboxPolygon([w, s, e, n]) {
  return { type: "Polygon", coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] };
}

function setupModes() {
  const radios = $$("input[name=area-mode]");
  const show = () => {
    const mode = radios.find((r) => r.checked)?.value;
    for (const panel of $$(".area-panel")) panel.hidden = panel.dataset.mode !== mode;
  };
  for (const r of radios) r.addEventListener("change", show);
  show();
}

function setupDraw() {
  const steps = $(".draw-steps");
  const kindButtons = $$("[data-draw]");
  const status = $("#area-status");
  const draw = new DrawTool(map, {
    onDone(geometry) {
      steps.hidden = true;
      kindButtons.forEach((b) => b.setAttribute("aria-pressed", "false"));
      setArea({ geometry }, geometry, t("drawn on the map"));
    },
    onCancel() {
      steps.hidden = true;
      kindButtons.forEach((b) => b.setAttribute("aria-pressed", "false"));
      setStatus(status, t("Drawing cancelled."));
    },
    onChange(count, kind) {
      setStatus(status, kind === "rectangle" ? t("First corner placed; place the opposite corner.") : t("{count} points placed.", { count }));
    },
  });
  for (const button of kindButtons) {
    button.addEventListener("click", () => {
      draw.start(button.dataset.draw);
      kindButtons.forEach((b) => b.setAttribute("aria-pressed", String(b === button)));
      steps.hidden = false;
      $("#draw-finish").hidden = button.dataset.draw === "rectangle";
      setStatus(
        status,
        button.dataset.draw === "rectangle"
          ? t("Drawing a rectangle: drag on the map, or focus the map and press Enter at two corners.")
          : t("Drawing a polygon: click each vertex, or focus the map and press Enter at each; then Finish."),
      );
    });
  }
  $("#draw-add").addEventListener("click", () => draw.addPoint());
  $("#draw-undo").addEventListener("click", () => draw.undo());
  $("#draw-cancel").addEventListener("click", () => draw.cancel());
  $("#draw-finish").addEventListener("click", () => {
    if (!draw.finish()) setStatus(status, t("A polygon needs at least three points."), true);
  });
}

function setupBbox() {
  const input = $("#area-bbox");
  const use = () => {
    const bbox = parseBbox(input.value);
    if (!bbox) {
      input.setAttribute("aria-invalid", "true");
      setStatus($("#area-status"), t("The bounding box must be min lon, min lat, max lon, max lat in degrees."), true);
      return;
    }
    input.removeAttribute("aria-invalid");
    const geometry = bboxPolygon(bbox);
    setArea({ geometry }, geometry, t("bounding box {bbox}", { bbox: bbox.join(", ") }));
  };
  $("#area-bbox-use").addEventListener("click", use);
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      use();
    }
  });
}

function setupUpload() {
  $("#area-file-use").addEventListener("click", async () => {
    const file = $("#area-file").files[0];
    const status = $("#area-status");
    if (!file) {
      setStatus(status, t("Choose a file first."), true);
      return;
    }
    setStatus(status, t("Uploading {name}…", { name: file.name }));
    try {
      const answer = await postFile(`${API}/upload-area`, file);
      setArea({ geometry: answer.geometry }, answer.geometry, t("{name} ({area} ha)", { name: file.name, area: hectares(answer.area_m2) }));
    } catch (err) {
      setStatus(status, t("The file was refused: {reason}", { reason: err.message }), true);
    }
  });
}

function setupPack() {
  $("#area-pack").addEventListener("change", async (e) => {
    const id = e.target.value;
    if (!id) return;
    const title = e.target.selectedOptions[0].textContent;
    let geometry = null;
    try {
      geometry = (await getJSON(`${PACKS}/${encodeURIComponent(id)}`)).area || null;
    } catch {
      // the analysis still works from the pack id
    }
    setArea({ pack: id }, geometry, t("area of the pack “{title}”", { title }));
  });
}

function setupUnits() {
  const select = $("#area-layer");
  const input = $("#area-unit-q");
  const list = $("#area-unit-results");
  const searchUnits = debounce(async () => {
    const layer = select.value;
    const text = input.value.trim();
    list.replaceChildren();
    if (!layer) return;
    const query = new URLSearchParams({ limit: "20" });
    if (text) query.set("q", text);
    let fc;
    try {
      fc = await getJSON(`${API}/boundaries/${encodeURIComponent(layer)}/units?${query}`);
    } catch (err) {
      setStatus($("#area-status"), err.message, true);
      return;
    }
    if (!fc.features.length) {
      list.append(el("li", { className: "muted" }, t("No unit matches.")));
      return;
    }
    for (const f of fc.features) {
      const name = f.properties.name || f.properties.id;
      const button = el("button", { type: "button", className: "link-button" }, name, " ", el("span", { className: "muted" }, `(${f.properties.id})`));
      button.addEventListener("click", () => {
        list.replaceChildren();
        setArea({ boundary: layer, unit: String(f.properties.id) }, f.geometry, t("{name} ({layer})", { name, layer }));
      });
      button.addEventListener("keydown", (e) => {
        const items = $$("button", list);
        const i = items.indexOf(button);
        if (e.key === "ArrowDown" && i < items.length - 1) items[i + 1].focus();
        else if (e.key === "ArrowUp") (i > 0 ? items[i - 1] : input).focus();
        else return;
        e.preventDefault();
      });
      list.append(el("li", {}, button));
    }
  }, 250);
  input.addEventListener("input", searchUnits);
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      searchUnits();
    } else if (e.key === "ArrowDown") {
      const first = list.querySelector("button");
      if (first) {
        e.preventDefault();
        first.focus();
      }
    }
  });
  select.addEventListener("change", () => {
    searchUnits();
    refreshUnits();
  });
}

// ------------------------------------------------------------------ context layers

async function refreshUnits() {
  unitsLayer.clearLayers();
  const layer = $("#area-layer").value;
  if (!layer || map.getZoom() < 6) return;
  const b = map.getBounds();
  const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(5)).join(",");
  try {
    const fc = await getJSON(`${API}/boundaries/${encodeURIComponent(layer)}/units?bbox=${bbox}&limit=${UNITS_IN_VIEW}`);
    unitsLayer.clearLayers();
    L.geoJSON(fc, {
      className: "boundary-unit",
      onEachFeature: (f, l) => {
        l.bindTooltip(f.properties.name || f.properties.id, { sticky: true });
        l.on("click", () => setArea({ boundary: layer, unit: String(f.properties.id) }, f.geometry, t("{name} ({layer})", { name: f.properties.name || f.properties.id, layer })));
      },
    }).addTo(unitsLayer);
  } catch {
    // context only
  }
}

async function loadRasters() {
  const list = $("#raster-list");
  const body = await getJSON(`${API}/rasters`);
  state.rasters = body.items || [];
  list.replaceChildren();
  if (!state.rasters.length) {
    list.append(el("p", { className: "muted" }, t("No sealed-surface raster is registered on this server yet (operators: flask rasters add).")));
  }
  const coverage = L.featureGroup().addTo(map);
  const overlaySelect = $("#overlay");
  for (const r of state.rasters) {
    const input = el("input", { type: "checkbox", name: "raster", value: r.id, checked: true });
    input.addEventListener("change", updateAnalyzeButton);
    list.append(
      el(
        "label",
        { className: "check" },
        input,
        el(
          "span",
          {},
          el("strong", {}, String(r.year)),
          ` · ${r.name} `,
          el("span", { className: `kind kind-${r.kind}` }, kindLabel(r.kind)),
          el("small", { className: "hint caveat" }, caveatText(r.caveat)),
        ),
      ),
    );
    if (Array.isArray(r.bounds_wgs84)) {
      L.rectangle(boundsOf(r.bounds_wgs84), { className: "raster-coverage", interactive: false }).addTo(coverage);
    }
    overlaySelect.append(el("option", { value: `sealed:${r.id}` }, t("Sealed pixels – {name} ({year})", { name: r.name, year: r.year })));
  }
  if (coverage.getBounds().isValid() && !state.area) map.fitBounds(coverage.getBounds(), { padding: [20, 20] });
  updateAnalyzeButton();
}

async function loadBoundaries() {
  const select = $("#area-layer");
  try {
    state.layers = (await getJSON(`${API}/boundaries`)).items || [];
  } catch {
    state.layers = [];
  }
  if (!state.layers.length) return;
  select.replaceChildren(el("option", { value: "" }, t("Choose a boundary layer")));
  for (const layer of state.layers) {
    select.append(el("option", { value: layer.name }, t("{name} ({count} units)", { name: layer.name, count: fmt(layer.unit_count) })));
  }
}

// ------------------------------------------------------------------ overlay tiles

function setOverlay(value) {
  if (overlay) map.removeLayer(overlay);
  overlay = null;
  const legend = $("#overlay-legend");
  legend.replaceChildren();
  if (!value) return;
  const [kind, a, b] = value.split(":");
  const bounds = (id) => state.rasters.find((r) => String(r.id) === id)?.bounds_wgs84;
  const box = bounds(a);
  const options = { opacity: 0.85, maxZoom: 19, className: "server-tiles", bounds: box ? boundsOf(box) : undefined };
  if (kind === "sealed") {
    overlay = L.tileLayer(`${API}/tiles/${a}/{z}/{x}/{y}.png`, options);
    const swatch = el("span", { className: "swatch-box" });
    swatch.style.backgroundColor = "rgb(200, 30, 45)";
    legend.append(el("li", {}, swatch, t("Sealed pixel")));
  } else {
    overlay = L.tileLayer(`${API}/change-tiles/${a}/${b}/{z}/{x}/{y}.png`, options);
    for (const [, color, text] of CHANGE_LEGEND) {
      const swatch = el("span", { className: "swatch-box" });
      swatch.style.backgroundColor = color;
      legend.append(el("li", {}, swatch, t(text)));
    }
  }
  // Tells (tests, and anyone watching the page) when every visible tile has arrived.
  const container = map.getContainer();
  overlay.on("loading", () => delete container.dataset.overlayLoaded);
  overlay.on("load", () => {
    container.dataset.overlayLoaded = value;
  });
  overlay.addTo(map);
}

function ensureOverlayOption(value, label) {
  const select = $("#overlay");
  let option = Array.from(select.options).find((o) => o.value === value);
  if (!option) {
    option = el("option", { value }, label);
    select.append(option);
  }
  select.value = value;
  setOverlay(value);
}

// ------------------------------------------------------------------ results

function cell(text, value, className = "num") {
  return el("td", { className, dataset: value === undefined ? undefined : { value: String(value) } }, text);
}

function sourceText(source) {
  if (!source) return "";
  if (source.type === "pack") return t("pack “{title}” (version {version})", { title: source.title, version: source.version });
  if (source.type === "boundary") return t("{name} ({layer})", { name: source.name || source.unit, layer: source.boundary });
  return t("drawn or uploaded area");
}

function renderYears(result) {
  const body = $("#years-table tbody");
  body.replaceChildren();
  for (const y of result.years) {
    const row = el(
      "tr",
      { dataset: { rasterId: String(y.raster_id) } },
      el("th", { scope: "row" }, String(y.year)),
      el("td", {}, `${y.name} `, el("span", { className: `kind kind-${y.kind}` }, kindLabel(y.kind))),
      cell(hectares(y.sealed_m2), y.sealed_m2),
      cell(percent(y.sealed_share), y.sealed_share),
      cell(percent(y.valid_share), y.valid_share),
      el("td", { className: "caveat" }, caveatText(y.caveat)),
    );
    row.children[2].classList.add("sealed-area");
    row.children[3].classList.add("sealed-share");
    row.children[4].classList.add("valid-share");
    body.append(row);
  }
  const labels = result.years.map((y) => `${y.year} · ${y.name}`);
  chart($("#years-chart"), {
    type: "bar",
    data: {
      labels,
      datasets: [
        {
          type: "bar",
          label: t("Sealed area (ha)"),
          data: result.years.map((y) => y.sealed_m2 / 10_000),
          backgroundColor: result.years.map((y) => KIND_COLORS[y.kind] || "#999999"),
          yAxisID: "y",
          order: 2,
        },
        {
          type: "line",
          label: t("Sealed share (%)"),
          data: result.years.map((y) => (y.sealed_share === null ? null : y.sealed_share * 100)),
          borderColor: "#1d2521",
          backgroundColor: "#1d2521",
          pointStyle: result.years.map((y) => (y.kind === "clcplus" ? "circle" : "triangle")),
          pointRadius: 6,
          yAxisID: "y1",
          order: 1,
        },
      ],
    },
    options: {
      plugins: {
        tooltip: {
          callbacks: {
            label: (ctx) => (ctx.datasetIndex === 0 ? `${ctx.dataset.label}: ${fmt(ctx.parsed.y, 2)}` : `${ctx.dataset.label}: ${fmt(ctx.parsed.y, 1)}`),
          },
        },
      },
      scales: {
        y: { beginAtZero: true, position: "left", title: { display: true, text: t("Sealed area (ha)") }, ticks: { callback: numberTick(1) } },
        y1: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false }, title: { display: true, text: t("Sealed share (%)") }, ticks: { callback: numberTick(0) } },
      },
    },
  });
  const sources = result.years.map((y) => `${y.year} – ${y.name} (${kindLabel(y.kind)})`).join("; ");
  $("#years-chart-caption").textContent = t(
    "Bars: sealed area in hectares (dark red: CLC+ Backbone, orange: model prediction); line: sealed share of the observed area. Sources: {sources}. See each raster's caveat in the table.",
    { sources },
  );
}

function changeRow(c) {
  return el(
    "tr",
    { dataset: { from: String(c.from), to: String(c.to) } },
    el("th", { scope: "row" }, `${c.from_year} · ${c.from_name}`),
    el("td", {}, `${c.to_year} · ${c.to_name}`),
    cell(hectares(c.gained_m2), c.gained_m2),
    cell(hectares(c.lost_m2), c.lost_m2),
    cell(hectares(c.stable_sealed_m2), c.stable_sealed_m2),
    cell(hectares(c.net_m2), c.net_m2),
    el("td", { className: "caveat" }, caveatText(c.caveat)),
  );
}

function renderChanges(result) {
  const body = $("#changes-table tbody");
  body.replaceChildren(...result.changes.map(changeRow));
  const years = result.years;
  for (const id of ["#change-from", "#change-to"]) {
    const select = $(id);
    select.replaceChildren(...years.map((y) => el("option", { value: String(y.raster_id) }, `${y.year} · ${y.name}`)));
  }
  if (years.length) {
    $("#change-from").value = String(years[0].raster_id);
    $("#change-to").value = String(years[years.length - 1].raster_id);
  }
  const disabled = years.length < 2;
  $("#change-compare").disabled = disabled;
  $("#change-map").disabled = disabled;
}

function highlightChange(from, to) {
  for (const row of $$("#changes-table tbody tr")) {
    const on = row.dataset.from === String(from) && row.dataset.to === String(to);
    row.classList.toggle("current", on);
    if (on) row.setAttribute("aria-current", "true");
    else row.removeAttribute("aria-current");
  }
}

async function compare() {
  const from = Number($("#change-from").value);
  const to = Number($("#change-to").value);
  const status = $("#analyze-status");
  if (from === to) {
    setStatus(status, t("Choose two different years."), true);
    return;
  }
  let entry = state.result.changes.find((c) => c.from === from && c.to === to);
  if (!entry) {
    setStatus(status, t("Computing the change…"));
    try {
      const answer = await postJSON(`${API}/analyze`, { ...state.area.body, rasters: [from, to], pairs: [[from, to]] });
      entry = answer.changes[0];
      state.result.changes.push(entry);
      $("#changes-table tbody").append(changeRow(entry));
      setStatus(status, t("Change computed."));
    } catch (err) {
      setStatus(status, t("The change could not be computed: {reason}", { reason: err.message }), true);
      return;
    }
  }
  highlightChange(from, to);
}

function showChangeOnMap() {
  const from = $("#change-from").value;
  const to = $("#change-to").value;
  if (from === to) return;
  const name = (id) => state.rasters.find((r) => String(r.id) === id);
  const a = name(from);
  const b = name(to);
  ensureOverlayOption(`change:${from}:${to}`, t("Change {from} → {to}", { from: a ? a.year : from, to: b ? b.year : to }));
  $("#dashboard-map").focus();
}

async function analyze(e) {
  e.preventDefault();
  if (!state.area) return;
  const status = $("#analyze-status");
  const ids = checkedRasterIds();
  const body = { ...state.area.body, rasters: ids };
  setStatus(status, t("Computing…"));
  $("#analyze").disabled = true;
  try {
    const result = await postJSON(`${API}/analyze`, body);
    state.result = result;
    state.body = body;
    const results = $("#results");
    results.hidden = false;
    $("#results-summary").replaceChildren(
      t("Area: {area} ha ({source}).", { area: hectares(result.area_m2), source: sourceText(result.source) }),
      " ",
      result.precomputed
        ? t("From numbers precomputed for this unit.")
        : t("Computed now in {ms} ms.", { ms: fmt(result.computed_in_ms, 0) }),
    );
    $("#results-summary").dataset.areaM2 = String(result.area_m2);
    renderYears(result);
    renderChanges(result);
    setStatus(status, t("Done: {count} years.", { count: result.years.length }));
    results.dataset.ready = "true";
  } catch (err) {
    setStatus(status, t("The analysis failed: {reason}", { reason: err.message }), true);
  } finally {
    updateAnalyzeButton();
  }
}

async function exportAs(kind) {
  if (!state.body) return;
  const status = $("#analyze-status");
  try {
    const { blob, filename } = await postForBlob(`${API}/analyze.${kind}`, state.body);
    download(blob, filename || `sealed-surfaces.${kind}`);
  } catch (err) {
    setStatus(status, t("The export failed: {reason}", { reason: err.message }), true);
  }
}

// ------------------------------------------------------------------ start

async function main() {
  enableScriptedParts();
  map = createMap($("#dashboard-map"), { label: t("Map of the area to analyse") });
  unitsLayer = L.featureGroup().addTo(map);
  areaLayer = L.featureGroup().addTo(map);
  map.on("moveend", debounce(refreshUnits, 300));
  setupModes();
  setupDraw();
  setupBbox();
  setupUpload();
  setupPack();
  setupUnits();
  $("#dashboard-form").addEventListener("submit", analyze);
  $("#overlay").addEventListener("change", (e) => setOverlay(e.target.value));
  $("#change-compare").addEventListener("click", compare);
  $("#change-map").addEventListener("click", showChangeOnMap);
  for (const button of $$("[data-export]")) button.addEventListener("click", () => exportAs(button.dataset.export));
  try {
    await Promise.all([loadRasters(), loadBoundaries()]);
  } catch (err) {
    setStatus($("#analyze-status"), t("The dashboard API did not answer: {reason}", { reason: err.message }), true);
  }
  root.dataset.ready = "true";
}

main();
