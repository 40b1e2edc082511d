// groundswell dashboard: fetches /api/measure, draws inline SVG, follows /api/events. Data is only ever
// written with textContent or SVG attributes, never as HTML.
"use strict";
const COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"];
const SVG = "http://www.w3.org/2000/svg";
const $ = (id) => document.getElementById(id);
const num = (v) => (typeof v === "number" ? v : null);
const fmt = (v) => (v === null || v === undefined ? "—" : typeof v === "number" ? v.toLocaleString("en") : String(v));

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}
function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}
function table(target, rows, columns) {
  const box = $(target);
  box.replaceChildren();
  if (!rows || !rows.length) { box.append(el("p", "No rows.", { class: "note" })); return; }
  const t = el("table"), head = el("tr");
  columns.forEach((c) => head.append(el("th", c, { scope: "col" })));
  t.append(el("thead"), el("tbody"));
  t.tHead.append(head);
  rows.forEach((r) => {
    const tr = el("tr");
    columns.forEach((c) => {
      const v = Array.isArray(r[c]) ? r[c].join(" ") : r[c];
      tr.append(el("td", fmt(v), typeof v === "number" ? { class: "n" } : {}));
    });
    t.tBodies[0].append(tr);
  });
  box.append(t);
}

function lineChart(target, series, lines, overlays) {
  const W = 900, H = 260, L = 50, R = 60, T = 12, B = 30;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H });
  const times = series.map((r) => Date.parse(r.start));
  const x0 = Math.min(...times), x1 = Math.max(...times, x0 + 1);
  const x = (t) => L + ((t - x0) / (x1 - x0)) * (W - L - R);
  const scales = {};
  for (const axis of ["left", "right"]) {
    const values = lines.filter((l) => l.axis === axis).flatMap((l) => series.map((r) => num(r[l.key]) || 0));
    const top = Math.max(1, ...values);
    scales[axis] = (v) => H - B - (v / top) * (H - T - B);
    const label = axis === "left" ? L - 4 : W - R + 4;
    root.append(svg("text", { x: label, y: T + 8, "text-anchor": axis === "left" ? "end" : "start", "font-size": 11 }, fmt(top)));
  }
  (overlays.bursts || []).forEach((b) => {
    const a = x(Date.parse(b.start)), z = x(Date.parse(b.end));
    if (isFinite(a) && isFinite(z)) root.append(svg("rect", { x: a, y: T, width: Math.max(2, z - a), height: H - T - B, fill: "#F0E442", opacity: 0.35 }));
  });
  (overlays.events || []).forEach((e) => {
    const t = Date.parse(e.date);
    if (!(t >= x0 && t <= x1)) return;
    root.append(svg("line", { x1: x(t), x2: x(t), y1: T, y2: H - B, stroke: "#000", "stroke-dasharray": "4 3" }));
    root.append(svg("text", { x: x(t) + 3, y: T + 10, "font-size": 10 }, e.label.slice(0, 60)));
  });
  root.append(svg("line", { x1: L, x2: W - R, y1: H - B, y2: H - B, stroke: "#888" }));
  [series[0], series[series.length - 1]].forEach((r, i) => r && root.append(
    svg("text", { x: i ? W - R : L, y: H - 10, "text-anchor": i ? "end" : "start", "font-size": 11 }, r.start.slice(0, 10))));
  lines.forEach((l) => {
    const pts = series.map((r) => [x(Date.parse(r.start)), num(r[l.key])]).filter((p) => p[1] !== null);
    const d = pts.map((p, i) => `${i ? "L" : "M"}${p[0].toFixed(1)},${scales[l.axis](p[1]).toFixed(1)}`).join("");
    const path = svg("path", { d: d || "M0,0", fill: "none", stroke: l.color, "stroke-width": 2, "data-key": l.key });
    if (l.dash) path.setAttribute("stroke-dasharray", l.dash);
    root.append(path);
  });
  lines.forEach((l, i) => root.append(svg("text", { x: L + 10 + i * 170, y: H - B + 26, fill: l.color, "font-size": 12 }, `— ${l.label}`)));
  $(target).replaceChildren(root);
}

function barChart(target, rows, key) {
  const shown = (rows || []).slice(0, 12), W = 420, rowH = 20, H = rowH * shown.length + 10;
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H });
  const top = Math.max(1, ...shown.map((r) => num(r[key]) || 0));
  shown.forEach((r, i) => {
    const v = num(r[key]), y = 5 + i * rowH;
    root.append(svg("text", { x: 118, y: y + 14, "text-anchor": "end", "font-size": 12 }, String(r.key ?? "unknown").slice(0, 18)));
    root.append(svg("rect", { x: 122, y: y + 2, width: v === null ? 0 : (v / top) * (W - 190), height: rowH - 6, fill: COLORS[0] }));
    root.append(svg("text", { x: 126 + (v === null ? 0 : (v / top) * (W - 190)), y: y + 14, "font-size": 11 }, fmt(r[key])));
  });
  $(target).replaceChildren(root);
  $(target).setAttribute("aria-label", `${key} by key: ` + shown.map((r) => `${r.key} ${fmt(r[key])}`).join(", "));
}

function options(select, rows) {
  const keep = select.value, seen = new Set([...select.options].map((o) => o.value));
  (rows || []).forEach((r) => { const k = String(r.key ?? ""); if (k && !seen.has(k)) { select.append(el("option", k, { value: k })); seen.add(k); } });
  select.value = keep;
}

function render(data) {
  const t = data.totals || {}, w = data.window || {}, units = data.units || {};
  $("title").textContent = `${(data.movement || {}).title || (data.movement || {}).name} — groundswell`;
  $("window").textContent = `Window ${w.from} to ${w.to}, per ${w.interval}, ${w.tz}; engine ${data.engine}.`;
  const head = $("headline");
  head.replaceChildren();
  [["voices", "Voices"], ["new_voices", "New voices"], ["amplifiers", "Amplifiers"], ["posts", "Posts"]].forEach(([k, label]) => {
    let value = t[k];
    if (k === "new_voices") {  // new voices in the window: the sum over intervals, if none is hidden
      const cells = (data.series || []).map((r) => r.new_voices);
      const sum = cells.reduce((s, v) => s + (num(v) || 0), 0);
      value = cells.every((v) => num(v) !== null) ? sum : `≥ ${sum} (small cells hidden)`;
    }
    const box = el("div", undefined, { class: "box", id: `total-${k}` });
    box.append(el("span", label), el("b", fmt(value)), el("span", units[k] || "", { class: "unit" }));
    head.append(box);
  });
  const caveats = data.caveats || [];
  $("caveat-top").textContent = caveats[0] || "";
  const series = data.series || [], bursts = (data.bursts || {}).two_state || [];
  const overlays = { bursts: bursts.length ? bursts : (data.bursts || {}).infinite_state || [], events: data.events || [] };
  lineChart("chart-voices", series, [
    { key: "voices", label: "voices", color: COLORS[0], axis: "left" },
    { key: "new_voices", label: "new voices", color: COLORS[1], axis: "left", dash: "6 3" },
    { key: "posts", label: "posts (right axis)", color: COLORS[5], axis: "right", dash: "2 2" }], overlays);
  const peak = series.reduce((a, r) => ((num(r.voices) || 0) > (num(a && a.voices) || -1) ? r : a), null);
  $("alt-voices").textContent = `Voices, new voices and posts for ${series.length} intervals` + (peak ? `; voices peak at ${fmt(peak.voices)} on ${peak.start.slice(0, 10)}.` : ".");
  lineChart("chart-cumulative", series, [{ key: "cumulative_voices", label: "cumulative voices", color: COLORS[0], axis: "left" }], overlays);
  $("alt-cumulative").textContent = series.length ? `Cumulative voices reach ${fmt(series[series.length - 1].cumulative_voices)}.` : "No intervals.";
  const origin = data.origin || {};
  $("origin-summary").textContent = `Earliest use ${fmt(origin.earliest_use)}; ignition ${fmt(origin.ignition)}.`;
  table("table-origin", origin.first_uses, ["variant", "platform", "author", "created_at"]);
  const amp = data.amplifiers || {};
  table("table-amplifiers", amp.people, ["author", "platform", "direct_descendants", "total_descendants", "new_voices_brought"]);
  table("table-cascades", amp.cascades, ["root", "size", "depth", "structural_virality"]);
  const b = data.breakdown || {};
  for (const [key, sel] of [["platform", "f-platform"], ["language", "f-lang"], ["variant", "f-variant"]]) {
    barChart(`chart-${key}`, b[key], "voices");
    table(`table-${key}`, b[key], ["key", "posts", "voices", "amplifiers"]);
    options($(sel), b[key]);
  }
  table("table-hashtags", b.cooccurring_hashtags, ["key", "posts"]);
  const extra = $("extra");
  extra.replaceChildren();
  for (const name of ["magnitude", "categories"]) {
    if (data[name] && Object.keys(data[name]).length) {
      extra.append(el("h2", name));
      extra.append(el("pre", JSON.stringify(data[name], null, 2)));
    }
  }
  $("caveat-list").replaceChildren(...caveats.map((c) => el("li", c)));
  $("policy").textContent = (data.release || {}).policy || "";
  table("table-series", series, ["start", "posts", "voices", "new_voices", "cumulative_voices", "amplifiers", "all_posts", "share"]);
}

function params() {
  const q = new URLSearchParams();
  for (const name of ["movement", "platform", "lang", "variant", "from", "to", "interval"]) {
    const v = $(`f-${name}`).value;
    if (v) q.set(name, v);
  }
  return q;
}

let generation = 0;
async function refresh() {
  const mine = ++generation, q = params();
  if (!q.get("movement")) return;
  const response = await fetch(`/api/measure?${q}`);
  const data = await response.json();
  if (mine !== generation) return;
  if (!response.ok) { $("window").textContent = `Error: ${data.error}`; return; }
  render(data);
  document.body.dataset.version = String((data.live || {}).version);
  document.body.dataset.query = q.toString();
  for (const name of ["from", "to", "interval"]) q.delete(name);
  const posts = await (await fetch(`/api/posts?${q}`)).json();
  $("posts-note").textContent = posts.texts ? "Texts shown (--show-texts)." : "Texts hidden; start with --show-texts to see them.";
  table("table-posts", posts.posts, ["created_at", "platform", "author", "kind", "lang", "hashtags"].concat(posts.texts ? ["text"] : []));
}

async function start() {
  const names = (await (await fetch("/api/movements")).json()).movements || [];
  names.forEach((n) => $("f-movement").append(el("option", n, { value: n })));
  $("filters").addEventListener("change", () => refresh());
  await refresh();
  const source = new EventSource("/api/events");
  source.addEventListener("store", (event) => {
    const state = JSON.parse(event.data);
    $("live").textContent = `${fmt(state.posts)} posts in the store, latest ${fmt(state.last_post)} (version ${state.version})`;
    if (String(state.version) !== document.body.dataset.version) refresh();
  });
  source.onerror = () => { $("live").textContent = "reconnecting…"; };
}
document.addEventListener("DOMContentLoaded", () => { start(); });
