// ROC curves on the demo page: simdloss rocCurve's points and rocAuc's areas, drawn as an inline
// SVG with no library. Binary data gets one curve (P(class 1) against the 0/1 label); more classes
// get one curve per class, its probability column against "this class or not" (one-vs-rest).
import * as sl from "simdloss";

// d3's category10, the palette of the trainer's vega-lite plots
const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
const SIZE = 300; // the plot square, px
const LEFT = 46;
const TOP = 12;

/** [{ label, auc, fpr, tpr }] of the data (see parseFile in app.js for its shape). */
export function rocCurves(d) {
  if (d.binary) {
    const y = Float32Array.from(d.labels);
    const roc = sl.rocCurve(y, d.p1);
    return [{ label: `${d.names[1]} vs ${d.names[0]}`, auc: sl.rocAuc(y, d.p1), fpr: roc.fpr, tpr: roc.tpr }];
  }
  return d.names.map((name, c) => {
    const y = new Float32Array(d.n);
    const s = new Float32Array(d.n);
    for (let i = 0; i < d.n; i++) {
      y[i] = d.labels[i] === c ? 1 : 0;
      s[i] = d.probs[i * d.k + c];
    }
    const roc = sl.rocCurve(y, s);
    return { label: `${name} vs rest`, auc: sl.rocAuc(y, s), fpr: roc.fpr, tpr: roc.tpr };
  });
}

const esc = (text) => String(text).replace(/[&<>"]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[ch]);
const px = (fpr, tpr) => `${(LEFT + fpr * SIZE).toFixed(2)},${(TOP + (1 - tpr) * SIZE).toFixed(2)}`;

/** The SVG markup: axes and grid, the diagonal, one polyline per curve (data-fpr/-tpr hold its points), a legend. */
export function rocSvg(curves) {
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1];
  const grid = ticks.map((t) => {
    const x = LEFT + t * SIZE;
    const y = TOP + (1 - t) * SIZE;
    return `<line x1="${x}" y1="${TOP}" x2="${x}" y2="${TOP + SIZE}" stroke="#e1e4e9"/>` +
      `<line x1="${LEFT}" y1="${y}" x2="${LEFT + SIZE}" y2="${y}" stroke="#e1e4e9"/>` +
      `<text x="${x}" y="${TOP + SIZE + 16}" text-anchor="middle">${t}</text>` +
      `<text x="${LEFT - 6}" y="${y + 4}" text-anchor="end">${t}</text>`;
  }).join("");
  const lines = curves.map((c, i) => {
    const color = COLORS[i % COLORS.length];
    const defined = Number.isFinite(c.auc);
    const points = defined ? Array.from(c.fpr, (f, j) => px(f, c.tpr[j])).join(" ") : "";
    const legendY = TOP + 8 + 18 * i;
    const auc = defined ? `AUC ${c.auc.toFixed(4)}` : "AUC undefined (one class only)";
    return `<polyline data-label="${esc(c.label)}" data-auc="${c.auc}" data-fpr="${Array.from(c.fpr).join(",")}" data-tpr="${Array.from(c.tpr).join(",")}"` +
      ` points="${points}" fill="none" stroke="${color}" stroke-width="1.5"/>` +
      `<line x1="${LEFT + SIZE + 24}" y1="${legendY - 4}" x2="${LEFT + SIZE + 40}" y2="${legendY - 4}" stroke="${color}" stroke-width="2"/>` +
      `<text x="${LEFT + SIZE + 46}" y="${legendY}">${esc(c.label)}: ${auc}</text>`;
  }).join("");
  const height = Math.max(TOP + SIZE + 40, TOP + 18 * curves.length + 10);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${LEFT + SIZE + 260}" height="${height}" font-size="12" font-family="system-ui, sans-serif" fill="#1d2430" role="img" aria-label="ROC curves">` +
    grid +
    `<line x1="${LEFT}" y1="${TOP + SIZE}" x2="${LEFT + SIZE}" y2="${TOP}" stroke="#9aa6b8" stroke-dasharray="4 4"/>` +
    `<text x="${LEFT + SIZE / 2}" y="${TOP + SIZE + 34}" text-anchor="middle">false positive rate</text>` +
    `<text transform="translate(12 ${TOP + SIZE / 2}) rotate(-90)" text-anchor="middle">true positive rate</text>` +
    lines +
    "</svg>";
}

/** Draws the data's ROC curves into `el` (or says that this build has no rocCurve). */
export function renderRoc(el, d) {
  if (typeof sl.rocCurve !== "function") {
    el.innerHTML = `<p class="na">rocCurve is not available in this build</p>`;
    el.dataset.curves = "0";
    return;
  }
  const curves = rocCurves(d);
  el.innerHTML = rocSvg(curves);
  el.dataset.curves = String(curves.length);
}
