// The Node versions simdloss is tested on, and where to find each one's binary.
//
// CI (.ci/run) runs the suite on the machine's Node and on each of NODE_VERSIONS; the benchmark
// runs on any of them with `npm run bench -- --node 26`. Each version comes from the npm registry
// package `node-<platform>-<arch>@<version>` (the Node binary itself, no other download), unpacked
// once into a cache folder: $SIMDLOSS_NODE_CACHE, else $XDG_CACHE_HOME/simdloss/node, else
// ~/.cache/simdloss/node. It is not a dependency of the package, so `npm install` stays small.
//
//   node scripts/nodes.mjs                 prints "<version> <path>" for each version, installing any missing
//   node scripts/nodes.mjs path 26         prints the path of Node 26's binary (installing it if needed)
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * The Node versions the suite runs on besides this machine's (Node 20): the maintenance LTS lines
 * 22 and 24 and the active LTS 26, each at its latest release when last updated.
 */
export const NODE_VERSIONS = ["22.23.5", "24.22.3", "26.12.1"];

/** The folder the Node packages are unpacked into. */
export function cacheDir() {
  if (process.env.SIMDLOSS_NODE_CACHE) return resolve(process.env.SIMDLOSS_NODE_CACHE);
  return join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "simdloss", "node");
}

const binaryOf = (version) => join(cacheDir(), version, "package", "bin", "node");

/**
 * The path of a Node binary for `which`: a path to an existing file; a full version ("24.22.3");
 * or a major version ("24"), meaning this Node if it is of that line, else the listed version. Unpacks the registry package
 * into the cache the first time (`npm pack`, then tar). Throws when `which` is none of these.
 */
export function nodeBinary(which) {
  const spec = String(which);
  if (spec.includes("/")) {
    if (!existsSync(spec)) throw new Error(`no Node binary at ${spec}`);
    return resolve(spec);
  }
  if (/^\d+$/.test(spec) && process.version.startsWith(`v${spec}.`)) return process.execPath; // this Node's line
  const version = /^\d+$/.test(spec) ? NODE_VERSIONS.find((v) => v.split(".")[0] === spec) : spec.replace(/^v/, "");
  if (!version || !/^\d+\.\d+\.\d+$/.test(version)) {
    throw new Error(`--node ${spec}: give a path, a version (e.g. 26.12.1) or a major version of ${NODE_VERSIONS.map((v) => v.split(".")[0]).join(", ")}`);
  }
  if (process.version === `v${version}`) return process.execPath;
  const binary = binaryOf(version);
  if (!existsSync(binary)) install(version);
  return binary;
}

function install(version) {
  const pkg = `node-${process.platform}-${process.arch}@${version}`;
  const dir = join(cacheDir(), version);
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  console.error(`nodes: unpacking ${pkg} from the npm registry into ${dir}`);
  try {
    execFileSync("npm", ["pack", pkg, "--pack-destination", tmp, "--silent"], { stdio: ["ignore", "ignore", "inherit"] });
    const [tgz] = readdirSync(tmp).filter((f) => f.endsWith(".tgz"));
    if (!tgz) throw new Error(`npm pack ${pkg} wrote no tarball`);
    execFileSync("tar", ["-xzf", join(tmp, tgz), "-C", tmp]);
    rmSync(join(tmp, tgz));
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir); // whole or not at all: an interrupted unpack leaves no half binary
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const got = execFileSync(binaryOf(version), ["--version"], { encoding: "utf8" }).trim();
  if (got !== `v${version}`) throw new Error(`${pkg} runs as ${got}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [command, arg] = process.argv.slice(2);
  if (command === "path") console.log(nodeBinary(arg));
  else for (const v of NODE_VERSIONS) console.log(`${v} ${nodeBinary(v)}`);
}
