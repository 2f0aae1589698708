// French and English for the scripts; the page language is <html lang>, which the server
// chose (?lang=, cookie, Accept-Language). Messages are keyed by their English text, like
// the server's catalogue; tests/test_web_i18n.py checks that every literal passed to t()
// in frontend/src has a French entry in messages-fr.json.
import FR from "./messages-fr.json";

export const lang = document.documentElement.lang === "fr" ? "fr" : "en";
const CATALOGUE = lang === "fr" ? FR : {};
const LOCALE = lang === "fr" ? "fr-FR" : "en-GB";

/** `text` in the page language, `{name}` placeholders filled from `values`. */
export function t(text, values) {
  const message = CATALOGUE[text] || text;
  if (!values) return message;
  return message.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
}

const formats = new Map();

/** A number with exactly `digits` decimals, grouped for the page language. */
export function fmt(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  let format = formats.get(digits);
  if (!format) {
    format = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    formats.set(digits, format);
  }
  return format.format(value);
}

/** Hectares from square metres, 2 decimals. */
export function hectares(m2) {
  return m2 === null || m2 === undefined ? "–" : fmt(m2 / 10_000, 2);
}

/** A share (0..1) as a percentage with one decimal. */
export function percent(share) {
  if (share === null || share === undefined) return "–";
  return lang === "fr" ? `${fmt(share * 100, 1)}\u202f%` : `${fmt(share * 100, 1)}%`;
}
