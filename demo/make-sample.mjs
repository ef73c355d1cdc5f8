// Writes demo/sample.json: 1000 seeded, simulated predictions of a 10-class digit classifier
// (softmax of noisy logits that favour the true class, with the usual 4↔9, 3↔5, 7↔1 mix-ups).
// It is a stand-in until the trainer ships real MNIST predictions in the same format:
//   { "description", "classes": [names], "labels": [int], "probabilities": [[p0..p9], ...] }
// Run: node demo/make-sample.mjs
import { writeFileSync } from "node:fs";

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const r = mulberry32(20261123);
const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

const N = 1000;
const C = 10;
const CONFUSABLE = { 4: 9, 9: 4, 3: 5, 5: 3, 7: 1, 1: 7, 8: 3, 2: 7 };
const labels = [];
const probabilities = [];
for (let i = 0; i < N; i++) {
  const label = Math.floor(r() * C);
  const logits = Array.from({ length: C }, () => normal());
  logits[label] += 3.2;
  if (label in CONFUSABLE) logits[CONFUSABLE[label]] += 1.6 + normal();
  const max = Math.max(...logits);
  const e = logits.map((x) => Math.exp(x - max));
  const sum = e.reduce((a, b) => a + b, 0);
  labels.push(label);
  probabilities.push(e.map((x) => Number((x / sum).toFixed(6))));
}
const sample = {
  description: "Simulated predictions of a 10-class digit classifier (seeded, demo/make-sample.mjs)",
  classes: Array.from({ length: C }, (_, c) => String(c)),
  labels,
  probabilities,
};
writeFileSync(new URL("./sample.json", import.meta.url), JSON.stringify(sample) + "\n");
console.log(`demo/sample.json: ${N} rows, ${C} classes`);
