// Bundles the maps and charts of the web pages into server/web/static/dist/ (run by
// `npm run build`, from `make frontend`). Everything the pages load at run time comes from
// there: Leaflet, Chart.js, our code and Leaflet's stylesheet and images. No CDN.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const outdir = fileURLToPath(new URL("../server/web/static/dist/", import.meta.url));
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

const result = await esbuild.build({
  absWorkingDir: fileURLToPath(new URL(".", import.meta.url)),
  entryPoints: {
    catalog: "src/catalog.js",
    pack: "src/pack.js",
    dashboard: "src/dashboard.js",
    maps: "src/maps.css",
  },
  outdir,
  bundle: true,
  format: "esm", // loaded with <script type="module">: shared chunks, deferred, strict
  splitting: true,
  minify: true,
  sourcemap: "linked",
  target: ["es2020", "chrome90", "firefox90", "safari14"],
  loader: { ".png": "file", ".svg": "file" },
  assetNames: "assets/[name]-[hash]",
  chunkNames: "chunks/[name]-[hash]",
  legalComments: "linked", // Leaflet (BSD-2-Clause) and Chart.js (MIT) notices kept
  metafile: true,
  logLevel: "warning",
});

const files = Object.keys(result.metafile.outputs).sort();
writeFileSync(`${outdir}/manifest.json`, `${JSON.stringify({ files }, null, 1)}\n`);
console.log(`built ${files.length} files into ${outdir}`);
