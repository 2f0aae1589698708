// A Leaflet map without any online base map: a plain background, a graticule with
// labels and a scale bar. The server's own layers (footprints, plots, boundary units,
// sealed-surface tiles) go on top. Keyboard: Leaflet's own (arrows pan, + and - zoom).
import * as L from "leaflet";
import { fmt, t } from "./i18n.js";

const STEPS = [30, 20, 10, 5, 2, 1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001];
const WANTED_LINES = 6;

function decimalsOf(step) {
  return step >= 1 ? 0 : Math.min(3, Math.ceil(-Math.log10(step)));
}

function label(value, positive, negative, digits) {
  const hemisphere = value > 0 ? positive : value < 0 ? negative : "";
  return `${fmt(Math.abs(value), digits)}°${hemisphere}`;
}

/** Meridians and parallels at a "round" step fitting the view, redrawn on each move. */
export function addGraticule(map) {
  const pane = map.createPane("graticule");
  pane.style.zIndex = "250"; // under the overlay pane (400), over tiles (200)
  pane.style.pointerEvents = "none";
  const group = L.layerGroup([], { pane: "graticule" }).addTo(map);

  function redraw() {
    group.clearLayers();
    const b = map.getBounds();
    const west = Math.max(b.getWest(), -180);
    const east = Math.min(b.getEast(), 180);
    const south = Math.max(b.getSouth(), -85);
    const north = Math.min(b.getNorth(), 85);
    const span = Math.max(east - west, north - south);
    const step = STEPS.find((s) => span / s >= WANTED_LINES - 2) || STEPS[STEPS.length - 1];
    const digits = decimalsOf(step);
    const line = { pane: "graticule", className: "graticule-line", interactive: false, weight: 1 };
    for (let x = Math.ceil(west / step) * step; x <= east; x += step) {
      group.addLayer(L.polyline([[south, x], [north, x]], line));
      group.addLayer(
        L.marker([north, x], {
          pane: "graticule",
          interactive: false,
          keyboard: false,
          icon: L.divIcon({ className: "graticule-label top", html: label(x, "E", "W", digits), iconSize: null }),
        }),
      );
    }
    for (let y = Math.ceil(south / step) * step; y <= north; y += step) {
      group.addLayer(L.polyline([[y, west], [y, east]], line));
      group.addLayer(
        L.marker([y, west], {
          pane: "graticule",
          interactive: false,
          keyboard: false,
          icon: L.divIcon({ className: "graticule-label left", html: label(y, "N", "S", digits), iconSize: null }),
        }),
      );
    }
  }
  map.on("moveend zoomend resize", redraw);
  map.whenReady(redraw);
  return group;
}

/**
 * A map in `container` (its fallback content is replaced). `label` names the map for
 * screen readers; the container is focusable and Leaflet's keyboard handler is on.
 */
export function createMap(container, { label: name, view } = {}) {
  container.replaceChildren();
  container.classList.add("is-live");
  const still = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
  const map = L.map(container, {
    fadeAnimation: !still,
    zoomAnimation: !still,
    markerZoomAnimation: !still,
    zoomSnap: 0.25,
    minZoom: 2,
    maxZoom: 19,
    keyboard: true,
    attributionControl: false,
    worldCopyJump: false,
    boxZoom: true,
  });
  container.setAttribute("role", "region");
  container.setAttribute("aria-roledescription", t("map"));
  if (name) container.setAttribute("aria-label", name);
  L.control.scale({ imperial: false, position: "bottomleft" }).addTo(map);
  // Zoom buttons are links in Leaflet: give them names in the page language.
  const zoomIn = container.querySelector(".leaflet-control-zoom-in");
  const zoomOut = container.querySelector(".leaflet-control-zoom-out");
  if (zoomIn) zoomIn.setAttribute("aria-label", t("Zoom in"));
  if (zoomIn) zoomIn.title = t("Zoom in");
  if (zoomOut) zoomOut.setAttribute("aria-label", t("Zoom out"));
  if (zoomOut) zoomOut.title = t("Zoom out");
  if (view) map.fitBounds(view);
  else map.setView([48, 8], 4); // Europe, until something gives a better extent
  addGraticule(map);
  return map;
}

/** Leaflet bounds of [west, south, east, north]. */
export function boundsOf(bbox) {
  return L.latLngBounds([bbox[1], bbox[0]], [bbox[3], bbox[2]]);
}

/** Parse "minlon,minlat,maxlon,maxlat"; null when malformed or out of range. */
export function parseBbox(text) {
  const parts = String(text || "").split(",").map((v) => Number(v.trim()));
  if (parts.length !== 4 || parts.some((v) => !Number.isFinite(v))) return null;
  const [w, s, e, n] = parts;
  if (w >= e || s >= n || w < -180 || e > 180 || s < -90 || n > 90) return null;
  return parts;
}

export function bboxText(bounds, digits = 4) {
  const r = (v) => Number(v.toFixed(digits));
  return [
    r(Math.max(bounds.getWest(), -180)),
    r(Math.max(bounds.getSouth(), -90)),
    r(Math.min(bounds.getEast(), 180)),
    r(Math.min(bounds.getNorth(), 90)),
  ].join(",");
}

export { L };
