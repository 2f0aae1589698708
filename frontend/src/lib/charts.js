// Chart.js with only the parts the pages use (tree-shaken), no animation (stable
// screenshots, no motion for people who do not want it), page-language number formats.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import { fmt, lang } from "./i18n.js";

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.locale = lang === "fr" ? "fr-FR" : "en-GB";
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif';
Chart.defaults.color = "#1d2521";

export const LEVEL_COLORS = { A: "#1e7b34", B: "#5b7f12", C: "#9a6100", D: "#a51d2d" };

/** Replace any chart already on `canvas` with a new one. */
export function chart(canvas, config) {
  Chart.getChart(canvas)?.destroy();
  return new Chart(canvas, config);
}

export function numberTick(digits = 0, suffix = "") {
  return (value) => `${fmt(value, digits)}${suffix}`;
}

export { Chart };
