// The server's caveats are English sentences (or an operator's own text). Known ones are
// shown in the page language; unknown ones as they are.
import { t } from "./i18n.js";

function one(sentence) {
  const model = /^(.*) \(model: (.*)\)$/.exec(sentence);
  if (model) return `${t(model[1])} (${t("model: {name}", { name: model[2] })})`;
  return t(sentence);
}

export function caveatText(text) {
  if (!text) return "";
  const parts = String(text)
    .split(/\.\s+/)
    .map((p) => p.replace(/\.$/, "").trim())
    .filter(Boolean);
  return `${parts.map(one).join(". ")}.`;
}
