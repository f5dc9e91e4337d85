// Writes the reference set into DIR (skips files that exist): photo-like 12 MP and 24 MP JPEGs, PNG
// screenshots with alpha, a CMYK JPEG, and (separately) the 50 MP JPEG for the memory run.
// Usage: node generate.js SET_DIR BIG_DIR
const fs = require('fs');
const path = require('path');
const sharp = require('sharp');

function rng(seed) {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 4294967296; };
}

// Photo-like: smooth lighting, soft blobs, edges and fine grain (so JPEG has real work at every scale).
function photo(w, h, seed) {
  const rnd = rng(seed);
  const buf = Buffer.alloc(w * h * 3);
  const blobs = Array.from({ length: 14 }, () => [rnd() * w, rnd() * h, 40 + rnd() * w / 5, rnd() * 255, rnd() * 255, rnd() * 255]);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let r = 70 + 110 * x / w, g = 50 + 130 * y / h, b = 110 + 70 * Math.sin(x / 89 + y / 137);
      for (const [bx, by, br, cr, cg, cb] of blobs) {
        const d = ((x - bx) ** 2 + (y - by) ** 2) / (br * br);
        if (d < 1) { const k = (1 - d) * (1 - d); r += (cr - r) * k; g += (cg - g) * k; b += (cb - b) * k; }
      }
      const n = (rnd() - 0.5) * 18 + 9 * Math.sin(x * 0.31) * Math.cos(y * 0.27);
      const i = (y * w + x) * 3;
      buf[i] = r + n; buf[i + 1] = g + n; buf[i + 2] = b + n;
    }
  }
  return sharp(buf, { raw: { width: w, height: h, channels: 3 } });
}

// Screenshot-like: flat panels, sharp-edged text-like strokes, a transparent margin.
function screenshot(w, h, seed) {
  const rnd = rng(seed);
  const buf = Buffer.alloc(w * h * 4);
  const panels = Array.from({ length: 8 }, () => [rnd() * w, rnd() * h, rnd() * w / 2, rnd() * h / 3, 180 + rnd() * 75, 180 + rnd() * 75, 190 + rnd() * 65]);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4;
      let c = [250, 250, 252];
      for (const [px, py, pw, ph, r, g, b] of panels) if (x >= px && x < px + pw && y >= py && y < py + ph) c = [r, g, b];
      if ((y % 24) < 12 && (y % 24) > 3 && ((x * 7 + (y / 24 | 0) * 13) % 97) < 60 && ((x / 6 | 0) % 9) !== 0) c = [40, 44, 52];
      const margin = x < w * 0.04 || x > w * 0.96 || y < h * 0.04 || y > h * 0.96;
      buf[i] = c[0]; buf[i + 1] = c[1]; buf[i + 2] = c[2]; buf[i + 3] = margin ? 0 : 255;
    }
  }
  return sharp(buf, { raw: { width: w, height: h, channels: 4 } });
}

async function make(file, build) {
  if (fs.existsSync(file)) return;
  process.stderr.write(`bench/images: generating ${path.basename(file)}\n`);
  await build().toFile(file + '.part');
  fs.renameSync(file + '.part', file);
}

(async () => {
  const [set, big] = process.argv.slice(2);
  if (!set || !big) { console.error('usage: node generate.js SET_DIR BIG_DIR'); process.exit(2); }
  fs.mkdirSync(set, { recursive: true });
  fs.mkdirSync(big, { recursive: true });
  await make(path.join(set, 'photo-12mp-a.jpg'), () => photo(4000, 3000, 1).jpeg({ quality: 90 }));
  await make(path.join(set, 'photo-12mp-b.jpg'), () => photo(3000, 4000, 2).jpeg({ quality: 88 }));
  await make(path.join(set, 'photo-24mp-a.jpg'), () => photo(6000, 4000, 3).jpeg({ quality: 90 }));
  await make(path.join(set, 'photo-24mp-b.jpg'), () => photo(6000, 4000, 4).jpeg({ quality: 85 }));
  await make(path.join(set, 'screenshot-a.png'), () => screenshot(2880, 1800, 5).png());
  await make(path.join(set, 'screenshot-b.png'), () => screenshot(1920, 1080, 6).png());
  await make(path.join(set, 'cmyk-12mp.jpg'), () => photo(4000, 3000, 7).toColourspace('cmyk').jpeg({ quality: 90 }));
  await make(path.join(big, 'photo-50mp.jpg'), () => photo(8660, 5774, 8).jpeg({ quality: 90 }));
})().catch((e) => { console.error(e); process.exit(1); });
