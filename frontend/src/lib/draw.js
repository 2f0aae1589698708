// Drawing an area on a Leaflet map, with the mouse or the keyboard.
//
// Rectangle: press on one corner and drag to the other (or click both corners).
// Polygon: click each vertex, double-click or "Finish" to close it.
// Keyboard: the map keeps Leaflet's arrows/+/- navigation; a cross marks the map centre
// while drawing, Enter puts a corner/vertex there, Backspace removes the last, Escape
// cancels. The page's buttons call the same methods.
import { L } from "./basemap.js";

const ROUND = 1e7;
const round = (v) => Math.round(v * ROUND) / ROUND;

export class DrawTool {
  constructor(map, { onDone, onCancel, onChange } = {}) {
    this.map = map;
    this.onDone = onDone || (() => {});
    this.onCancel = onCancel || (() => {});
    this.onChange = onChange || (() => {});
    this.kind = null;
    this.points = [];
    this.preview = L.layerGroup().addTo(map);
    this.cross = L.DomUtil.create("div", "draw-cross", map.getContainer());
    this.cross.setAttribute("aria-hidden", "true");
    this._dragStart = null;
    this._onMouseDown = this._onMouseDown.bind(this);
    this._onMouseMove = this._onMouseMove.bind(this);
    this._onMouseUp = this._onMouseUp.bind(this);
    this._onClick = this._onClick.bind(this);
    this._onDblClick = this._onDblClick.bind(this);
    this._onKey = this._onKey.bind(this);
    map.getContainer().addEventListener("keydown", this._onKey);
  }

  get active() {
    return this.kind !== null;
  }

  start(kind) {
    this.stop();
    this.kind = kind;
    this.points = [];
    const container = this.map.getContainer();
    container.classList.add("is-drawing");
    this.map.doubleClickZoom.disable();
    if (kind === "rectangle") {
      this.map.dragging.disable();
      this.map.boxZoom.disable();
      this.map.on("mousedown", this._onMouseDown);
      this.map.on("mousemove", this._onMouseMove);
      this.map.on("mouseup", this._onMouseUp);
    } else {
      this.map.on("click", this._onClick);
      this.map.on("dblclick", this._onDblClick);
      this.map.on("mousemove", this._onMouseMove);
    }
    this._render();
  }

  stop() {
    if (!this.kind) return;
    const container = this.map.getContainer();
    container.classList.remove("is-drawing");
    this.map.off("mousedown", this._onMouseDown);
    this.map.off("mousemove", this._onMouseMove);
    this.map.off("mouseup", this._onMouseUp);
    this.map.off("click", this._onClick);
    this.map.off("dblclick", this._onDblClick);
    this.map.dragging.enable();
    this.map.boxZoom.enable();
    // Re-enabled later: a double click that finished a polygon must not also zoom.
    setTimeout(() => this.map.doubleClickZoom.enable(), 400);
    this.kind = null;
    this.points = [];
    this._dragStart = null;
    this.preview.clearLayers();
  }

  cancel() {
    const was = this.kind;
    this.stop();
    if (was) this.onCancel();
  }

  /** Add a corner (rectangle) or vertex (polygon) at `latlng`, default the map centre. */
  addPoint(latlng = this.map.getCenter()) {
    if (!this.kind) return;
    this.points.push(L.latLng(latlng));
    if (this.kind === "rectangle" && this.points.length === 2) {
      this.finish();
      return;
    }
    this._render();
    this.onChange(this.points.length, this.kind);
  }

  undo() {
    if (!this.kind || !this.points.length) return;
    this.points.pop();
    this._render();
    this.onChange(this.points.length, this.kind);
  }

  finish() {
    if (!this.kind) return false;
    const ring = this._ring();
    if (!ring) return false;
    const geometry = { type: "Polygon", coordinates: [ring] };
    this.stop();
    this.onDone(geometry);
    return true;
  }

  /** The closed ring (lon/lat) of what is drawn, or null when not enough points. */
  _ring(extra) {
    const pts = extra ? [...this.points, extra] : this.points;
    let corners;
    if (this.kind === "rectangle") {
      if (pts.length < 2) return null;
      const b = L.latLngBounds(pts[0], pts[1]);
      if (b.getWest() === b.getEast() || b.getSouth() === b.getNorth()) return null;
      corners = [b.getSouthWest(), b.getSouthEast(), b.getNorthEast(), b.getNorthWest()];
    } else {
      if (pts.length < 3) return null;
      corners = pts;
    }
    const ring = corners.map((p) => [round(p.lng), round(p.lat)]);
    ring.push(ring[0].slice());
    return ring;
  }

  _render(hover) {
    this.preview.clearLayers();
    if (!this.kind) return;
    const style = { className: "draw-preview", interactive: false };
    const ring = this._ring(hover);
    if (ring) {
      this.preview.addLayer(L.polygon(ring.map(([x, y]) => [y, x]), style));
    } else if (this.points.length) {
      const line = hover ? [...this.points, hover] : this.points;
      this.preview.addLayer(L.polyline(line, style));
    }
    for (const p of this.points) {
      this.preview.addLayer(L.circleMarker(p, { radius: 4, className: "draw-vertex", interactive: false }));
    }
  }

  _onMouseDown(e) {
    if (e.originalEvent.button !== 0) return;
    L.DomEvent.preventDefault(e.originalEvent); // no text selection while dragging
    L.DomUtil.disableTextSelection();
    this._dragStart = e.latlng;
    this._dragMoved = false;
  }

  _onMouseMove(e) {
    if (this.kind === "rectangle" && this._dragStart) {
      this._dragMoved = true;
      this.points = [this._dragStart];
      this._render(e.latlng);
    } else if (this.kind === "polygon" && this.points.length) {
      this._render(e.latlng);
    } else if (this.kind === "rectangle" && this.points.length === 1) {
      this._render(e.latlng);
    }
  }

  _onMouseUp(e) {
    if (!this._dragStart) return;
    L.DomUtil.enableTextSelection();
    const start = this._dragStart;
    this._dragStart = null;
    const startPx = this.map.latLngToContainerPoint(start);
    const endPx = this.map.latLngToContainerPoint(e.latlng);
    if (this._dragMoved && startPx.distanceTo(endPx) > 4) {
      this.points = [start];
      this.addPoint(e.latlng); // second corner: finishes
    } else {
      this.addPoint(start); // a click: one corner now, the other with the next click
    }
  }

  _onClick(e) {
    this.addPoint(e.latlng);
  }

  _onDblClick(e) {
    L.DomEvent.stop(e);
    // The two clicks of the double click already added the same vertex twice.
    if (this.points.length > 1) {
      const [a, b] = this.points.slice(-2);
      if (a.equals(b, 1e-9)) this.points.pop();
    }
    this.finish();
  }

  _onKey(e) {
    if (!this.kind || e.target !== this.map.getContainer()) return;
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      this.addPoint();
    } else if (e.key === "Backspace") {
      e.preventDefault();
      this.undo();
    } else if (e.key === "Escape") {
      e.preventDefault();
      this.cancel();
    }
  }
}
