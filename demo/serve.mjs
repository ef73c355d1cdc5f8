// A tiny static file server for the demo page (and the browser tests), with no dependencies.
// `npm run demo` builds the package and runs this file: it serves demo/ at "/" and the built
// package at "/dist/" on 127.0.0.1 and prints the address. PORT=8080 npm run demo picks a port.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".wasm": "application/wasm",
};

/** The default mounts: URL prefix → folder of the repository. */
export const DEMO_MOUNTS = { "/dist/": "dist", "/": "demo" };

/**
 * Starts serving `mounts` (URL prefix → folder, relative to the repository root; the longest
 * prefix wins) on 127.0.0.1. Resolves to { server, url, close() }. Port 0 picks a free port.
 * `headers` are added to every response (none by default), e.g. the two that make a page
 * cross-origin isolated: { "cross-origin-opener-policy": "same-origin",
 * "cross-origin-embedder-policy": "require-corp" }.
 */
export async function startServer({ port = 0, mounts = DEMO_MOUNTS, headers = {} } = {}) {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
      const prefix = prefixes.find((p) => path.startsWith(p));
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      if (prefix === undefined) return send(res, 404, "text/plain", "not found");
      const base = resolve(ROOT, mounts[prefix]);
      let file = normalize(join(base, path.slice(prefix.length)));
      if (file !== base && !file.startsWith(base + sep)) return send(res, 403, "text/plain", "forbidden");
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, "index.html");
      const body = await readFile(file).catch(() => null);
      if (body === null) return send(res, 404, "text/plain", `not found: ${path}`);
      send(res, 200, TYPES[extname(file)] ?? "application/octet-stream", body);
    } catch (e) {
      send(res, 500, "text/plain", String(e));
    }
  });
  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", ok);
  });
  const url = `http://127.0.0.1:${server.address().port}/`;
  return { server, url, close: () => new Promise((ok) => server.close(() => ok())) };
}

function send(res, status, type, body) {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url } = await startServer({ port: Number(process.env.PORT ?? 5180) });
  console.log(`simdloss demo: open ${url} (Ctrl+C to stop)`);
}
