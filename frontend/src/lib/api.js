// Fetch helpers for the server's JSON API: errors come back as problem+json documents
// and are turned into ApiError with the server's own message.

export class ApiError extends Error {
  constructor(status, problem) {
    const items = Array.isArray(problem?.errors) ? problem.errors : [];
    const first = items.find((item) => item && item.message)?.message;
    super(problem?.detail || first || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
}

async function handle(resp) {
  if (!resp.ok) {
    let problem = {};
    try {
      problem = await resp.json();
    } catch {
      // not JSON: keep the status only
    }
    throw new ApiError(resp.status, problem);
  }
  return resp;
}

export async function getJSON(url, { signal } = {}) {
  const resp = await fetch(url, { headers: { Accept: "application/json" }, signal });
  return (await handle(resp)).json();
}

export async function postJSON(url, body, { signal } = {}) {
  const resp = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
    signal,
  });
  return (await handle(resp)).json();
}

/** POST a JSON body and return the answer as a Blob (a CSV or GeoJSON download). */
export async function postForBlob(url, body) {
  const resp = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const ok = await handle(resp);
  const disposition = ok.headers.get("Content-Disposition") || "";
  const match = /filename="?([^";]+)"?/.exec(disposition);
  return { blob: await ok.blob(), filename: match ? match[1] : null };
}

export async function postFile(url, file, field = "file") {
  const form = new FormData();
  form.append(field, file, file.name);
  const resp = await fetch(url, { method: "POST", body: form, headers: { Accept: "application/json" } });
  return (await handle(resp)).json();
}
