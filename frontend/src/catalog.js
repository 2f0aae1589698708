// Catalog page: a map of the footprints of the packs listed on this page of results,
// "search in this map view", and the offline place search that fills the bbox filter.
import { getJSON } from "./lib/api.js";
import { boundsOf, bboxText, createMap, L, parseBbox } from "./lib/basemap.js";
import { $, $$, enableScriptedParts } from "./lib/dom.js";
import { t } from "./lib/i18n.js";
import { placeSearch } from "./lib/place-search.js";

const PER_PAGE = 20; // the catalog page's page size (server/web/routes.py PER_PAGE)
const FILTERS = ["q", "theme", "class", "clcplus", "eagle", "min_quality", "license", "contributor", "observed_from", "observed_to", "bbox"];

function apiQuery() {
  const here = new URLSearchParams(window.location.search);
  const query = new URLSearchParams();
  for (const name of FILTERS) {
    const value = here.get(name);
    if (value && value.trim()) query.set(name, value);
  }
  query.set("page", here.get("page") || "1");
  query.set("per_page", String(PER_PAGE));
  return query;
}

async function drawFootprints(map, container, layer) {
  let body;
  try {
    body = await getJSON(`${container.dataset.packsUrl}?${apiQuery()}`);
  } catch {
    return null; // an invalid filter: the page already says so
  }
  const shapes = new Map();
  const all = L.latLngBounds([]);
  for (const pack of body.items || []) {
    const bounds = boundsOf(pack.bbox);
    all.extend(bounds);
    const shape = L.rectangle(bounds, { className: "footprint" }).addTo(layer);
    shape.bindTooltip(pack.title, { sticky: true });
    shape.on("click", () => window.location.assign(pack.links.html));
    shapes.set(pack.id, { shape, pack });
  }
  // The summaries give bounding boxes; the pack documents give the real footprints.
  await Promise.all(
    Array.from(shapes.values()).map(async (entry) => {
      try {
        const detail = await getJSON(entry.pack.links.self);
        if (!detail.area) return;
        const area = L.geoJSON(detail.area, { className: "footprint" });
        area.bindTooltip(entry.pack.title, { sticky: true });
        area.on("click", () => window.location.assign(entry.pack.links.html));
        layer.removeLayer(entry.shape);
        area.addTo(layer);
        entry.shape = area;
      } catch {
        // keep the bounding box
      }
    }),
  );
  // Pointing at a result row highlights its footprint, and back.
  for (const row of $$("tr[data-pack-id]")) {
    const entry = shapes.get(row.dataset.packId);
    if (!entry) continue;
    const on = () => {
      entry.shape.eachLayer?.((l) => l.getElement?.()?.classList.add("highlight"));
      entry.shape.getElement?.()?.classList.add("highlight");
    };
    const off = () => {
      entry.shape.eachLayer?.((l) => l.getElement?.()?.classList.remove("highlight"));
      entry.shape.getElement?.()?.classList.remove("highlight");
    };
    row.addEventListener("mouseenter", on);
    row.addEventListener("mouseleave", off);
    row.addEventListener("focusin", on);
    row.addEventListener("focusout", off);
  }
  container.dataset.footprints = String(shapes.size);
  return all.isValid() ? all : null;
}

async function main() {
  enableScriptedParts();
  const container = $("#catalog-map");
  if (!container) return;
  const map = createMap(container, { label: t("Map of the footprints of the packs listed below") });
  container.setAttribute("aria-describedby", "catalog-map-hint");
  const layer = L.featureGroup().addTo(map);
  const chosen = L.layerGroup().addTo(map);
  const filterBox = parseBbox(container.dataset.bbox);
  if (filterBox) L.rectangle(boundsOf(filterBox), { className: "filter-box", interactive: false }).addTo(map);

  const bboxInput = $("#f-bbox");
  $("#use-map-bbox")?.addEventListener("click", () => {
    bboxInput.value = bboxText(map.getBounds());
    $("#filters").requestSubmit();
  });

  const place = $("#f-place");
  if (place) {
    placeSearch({
      input: place,
      list: $("#place-results"),
      status: $("#place-status"),
      packsUrl: place.dataset.packsUrl,
      boundariesUrl: place.dataset.boundariesUrl,
      onChoose(found) {
        chosen.clearLayers();
        const bounds = boundsOf(found.bbox);
        if (found.geometry) L.geoJSON(found.geometry, { className: "chosen-place", interactive: false }).addTo(chosen);
        else L.rectangle(bounds, { className: "chosen-place", interactive: false }).addTo(chosen);
        map.fitBounds(bounds, { padding: [20, 20], maxZoom: 15 });
        bboxInput.value = found.bbox.map((v) => Number(v.toFixed(5))).join(",");
        bboxInput.focus();
      },
    });
  }

  const extent = await drawFootprints(map, container, layer);
  if (filterBox) map.fitBounds(boundsOf(filterBox), { padding: [20, 20] });
  else if (extent) map.fitBounds(extent, { padding: [30, 30], maxZoom: 13 });
  container.dataset.ready = "true";
}

main();
