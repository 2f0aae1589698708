// Offline "search by place": the names of the boundary units registered on this server
// (e.g. communes) and the titles of packs. No online gazetteer is queried.
import { getJSON } from "./api.js";
import { debounce, el } from "./dom.js";
import { t } from "./i18n.js";

/** [west, south, east, north] of a GeoJSON geometry. */
export function geometryBbox(geometry) {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const visit = (coords) => {
    if (typeof coords[0] === "number") {
      w = Math.min(w, coords[0]);
      e = Math.max(e, coords[0]);
      s = Math.min(s, coords[1]);
      n = Math.max(n, coords[1]);
    } else coords.forEach(visit);
  };
  if (geometry?.type === "GeometryCollection") geometry.geometries.forEach((g) => visit(g.coordinates));
  else if (geometry?.coordinates) visit(geometry.coordinates);
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

async function boundaryLayers(boundariesUrl) {
  if (!boundariesUrl) return [];
  try {
    const body = await getJSON(boundariesUrl);
    return body.items || body.layers || [];
  } catch {
    return []; // no dashboard on this server, or no layer yet
  }
}

/**
 * Wire a search box: `input` (type=search), `list` (<ul>) and `status` (role=status).
 * `onChoose({label, bbox, geometry})` is called with the chosen place.
 */
export function placeSearch({ input, list, status, packsUrl, boundariesUrl, onChoose }) {
  let layersPromise = null;
  let generation = 0;

  async function search(text) {
    const mine = ++generation;
    list.replaceChildren();
    if (text.trim().length < 2) {
      status.textContent = "";
      return;
    }
    layersPromise = layersPromise || boundaryLayers(boundariesUrl);
    const results = [];
    const q = encodeURIComponent(text.trim());
    const packs = getJSON(`${packsUrl}?q=${q}&per_page=5`).then(
      (body) => (body.items || []).map((p) => ({ label: p.title, kind: t("pack"), bbox: p.bbox })),
      () => [],
    );
    const layers = await layersPromise;
    const units = layers.map((layer) =>
      getJSON(`${boundariesUrl}/${encodeURIComponent(layer.name)}/units?q=${q}&limit=5`).then(
        (fc) =>
          (fc.features || []).map((f) => ({
            label: f.properties?.name || String(f.id ?? f.properties?.id ?? ""),
            kind: layer.name,
            geometry: f.geometry,
            bbox: geometryBbox(f.geometry),
          })),
        () => [],
      ),
    );
    for (const group of await Promise.all([...units, packs])) results.push(...group);
    if (mine !== generation) return; // a newer search is under way
    for (const place of results.filter((r) => r.bbox)) {
      const button = el("button", { type: "button", className: "link-button" }, place.label, " ", el("span", { className: "muted" }, `(${place.kind})`));
      button.addEventListener("click", () => {
        status.textContent = t("Chosen: {place}.", { place: place.label });
        list.replaceChildren();
        onChoose(place);
      });
      button.addEventListener("keydown", (e) => moveFocus(e, button));
      list.append(el("li", {}, button));
    }
    status.textContent = results.length
      ? t("{count} places found.", { count: results.length })
      : t("No registered place or pack matches “{text}”.", { text: text.trim() });
  }

  function moveFocus(e, from) {
    const items = Array.from(list.querySelectorAll("button"));
    const i = items.indexOf(from);
    if (e.key === "ArrowDown" && i < items.length - 1) {
      e.preventDefault();
      items[i + 1].focus();
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      (i > 0 ? items[i - 1] : input).focus();
    } else if (e.key === "Escape") {
      list.replaceChildren();
      input.focus();
    }
  }

  const later = debounce((text) => search(text), 250);
  input.addEventListener("input", () => later(input.value));
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown") {
      const first = list.querySelector("button");
      if (first) {
        e.preventDefault();
        first.focus();
      }
    } else if (e.key === "Enter") {
      e.preventDefault(); // do not submit the filter form: search now instead
      search(input.value);
    }
  });
}
