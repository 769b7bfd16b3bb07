/* A Yasr plugin: a horizontal bar chart of a number column against a label column, drawn as SVG.
   It is offered only when a result has both (e.g. ?regionName and ?budget100m); registered by query.js. */
(function () {
  "use strict";

  const XSD = "http://www.w3.org/2001/XMLSchema#";
  const NUMERIC = new Set(
    [
      "integer", "decimal", "double", "float", "int", "long", "short", "byte", "nonNegativeInteger",
      "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong",
      "unsignedShort", "unsignedByte",
    ].map((name) => XSD + name),
  );
  const MAX_BARS = 200;
  const SVG = "http://www.w3.org/2000/svg";

  function isNumber(value) {
    return Boolean(value) && value.type !== "uri" && value.type !== "bnode" && NUMERIC.has(value.datatype) &&
      Number.isFinite(Number(value.value));
  }

  /** The columns a chart can use: {label, numbers} or null when the result has no label or no number column. */
  function chartColumns(results) {
    if (!results || results.getType() === "ttl") return null;
    const vars = results.getVariables() || [];
    const rows = results.getBindings() || [];
    if (!rows.length) return null;
    const numbers = vars.filter((v) => rows.some((r) => r[v]) && rows.every((r) => !r[v] || isNumber(r[v])));
    const others = vars.filter((v) => !numbers.includes(v) && rows.some((r) => r[v] && r[v].type !== "bnode"));
    const literal = others.find((v) => rows.every((r) => !r[v] || (r[v].type !== "uri" && r[v].type !== "bnode")));
    const label = literal || others[0];
    if (!numbers.length || !label) return null;
    return { label, numbers };
  }

  function labelText(value) {
    if (!value) return "";
    if (value.type !== "uri") return value.value;
    const tail = value.value.split(/[/#]/).filter(Boolean).pop();
    if (!tail) return value.value;
    try {
      return decodeURIComponent(tail);
    } catch (_) {
      return tail; // a '%' that starts no escape: shown as it is
    }
  }

  function formatter(maxAbs) {
    const full = new Intl.NumberFormat("ko-KR", { maximumFractionDigits: 2 });
    const compact = new Intl.NumberFormat("ko-KR", { notation: "compact", maximumFractionDigits: 1 });
    return { full: (n) => full.format(n), short: maxAbs >= 100000 ? (n) => compact.format(n) : (n) => full.format(n) };
  }

  function svgEl(name, attrs, text) {
    const el = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attrs || {})) el.setAttribute(key, String(value));
    if (text !== undefined) el.textContent = text;
    return el;
  }

  /** Width of text in the page font, for laying out the label column. */
  function measure(texts) {
    const ctx = document.createElement("canvas").getContext("2d");
    ctx.font = "14px 'Noto Sans KR', 'Noto Sans CJK KR', sans-serif";
    return Math.max(40, ...texts.map((t) => ctx.measureText(t).width));
  }

  function drawBars(container, rows, labelVar, numberVar) {
    const data = rows
      .filter((r) => isNumber(r[numberVar]))
      .slice(0, MAX_BARS)
      .map((r) => ({ label: labelText(r[labelVar]), value: Number(r[numberVar].value) }));
    const maxAbs = Math.max(...data.map((d) => Math.abs(d.value))) || 1;
    const fmt = formatter(maxAbs);
    const labelWidth = Math.min(280, Math.ceil(measure(data.map((d) => d.label)))) + 12;
    const barArea = 560;
    const valueWidth = 110;
    const rowHeight = 30;
    const barHeight = 22;
    const width = labelWidth + barArea + valueWidth;
    const height = data.length * rowHeight + 8;
    const svg = svgEl("svg", {
      viewBox: `0 0 ${width} ${height}`, width, height, role: "img",
      "aria-label": `${numberVar} by ${labelVar}`,
    });
    svg.appendChild(svgEl("line", { class: "axis", x1: labelWidth, x2: labelWidth, y1: 0, y2: height }));
    data.forEach((d, i) => {
      const y = i * rowHeight + 4;
      const w = Math.max(1, (Math.abs(d.value) / maxAbs) * barArea);
      const g = svgEl("g", { class: "row" });
      g.appendChild(svgEl("text", { x: labelWidth - 8, y: y + barHeight / 2, "text-anchor": "end",
        "dominant-baseline": "central", class: "label" }, d.label));
      const bar = svgEl("rect", { class: d.value < 0 ? "bar negative" : "bar", x: labelWidth, y, width: w,
        height: barHeight, rx: 2 });
      bar.appendChild(svgEl("title", {}, `${d.label}: ${fmt.full(d.value)}`));
      g.appendChild(bar);
      g.appendChild(svgEl("text", { x: labelWidth + w + 6, y: y + barHeight / 2, "dominant-baseline": "central",
        class: "value" }, fmt.short(d.value)));
      svg.appendChild(g);
    });
    container.appendChild(svg);
    const shown = rows.filter((r) => isNumber(r[numberVar])).length;
    if (shown > MAX_BARS) {
      const more = document.createElement("p");
      more.className = "more";
      more.textContent = `The chart shows the first ${MAX_BARS} of ${shown} rows.`;
      container.appendChild(more);
    }
  }

  class BarChart {
    constructor(yasr) {
      this.yasr = yasr;
      this.priority = 5;
      this.label = "Chart";
      this.numberVar = undefined;
    }

    canHandleResults() {
      return chartColumns(this.yasr.results) !== null;
    }

    getIcon() {
      const svg = svgEl("svg", { viewBox: "0 0 16 16", width: 16, height: 16, "aria-hidden": "true" });
      [[1, 3, 10], [1, 7, 14], [1, 11, 6]].forEach(([x, y, w]) =>
        svg.appendChild(svgEl("rect", { x, y, width: w, height: 3, fill: "currentColor" })));
      return svg;
    }

    draw() {
      const columns = chartColumns(this.yasr.results);
      const root = document.createElement("div");
      root.className = "kg-chart";
      this.yasr.resultsEl.appendChild(root);
      if (!columns) return;
      if (!columns.numbers.includes(this.numberVar)) this.numberVar = columns.numbers[0];
      const controls = document.createElement("div");
      controls.className = "controls";
      if (columns.numbers.length > 1) {
        const select = document.createElement("select");
        select.setAttribute("aria-label", "Number column");
        for (const v of columns.numbers) select.appendChild(new Option(`?${v}`, v, false, v === this.numberVar));
        select.addEventListener("change", () => {
          this.numberVar = select.value;
          this.yasr.draw();
        });
        controls.append(select, ` by ?${columns.label}`);
      } else {
        controls.textContent = `?${this.numberVar} by ?${columns.label}`;
      }
      root.appendChild(controls);
      drawBars(root, this.yasr.results.getBindings(), columns.label, this.numberVar);
    }
  }

  window.KgbuildBarChart = BarChart;
  window.KgbuildBarChart.chartColumns = chartColumns;
})();
