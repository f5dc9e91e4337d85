// Checks Dayshift's outputs against sharp's: same dimensions, and SSIM (luma, 8x8 windows, stride 4)
// at or above THRESHOLD for every pair. Prints the lowest SSIM; exit 1 when a check fails.
// Usage: node compare.js SHARP_DIR DAYSHIFT_DIR THRESHOLD
const fs = require('fs');
const path = require('path');
const sharp = require('sharp');

async function luma(file) {
  const { data, info } = await sharp(file).flatten({ background: '#ffffff' }).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data, w: info.width, h: info.height };
}

function ssim(a, b) {
  const C1 = (0.01 * 255) ** 2, C2 = (0.03 * 255) ** 2;
  let sum = 0, n = 0;
  for (let y = 0; y + 8 <= a.h; y += 4) {
    for (let x = 0; x + 8 <= a.w; x += 4) {
      let ma = 0, mb = 0;
      for (let j = 0; j < 8; j++) for (let i = 0; i < 8; i++) { const k = (y + j) * a.w + x + i; ma += a.data[k]; mb += b.data[k]; }
      ma /= 64; mb /= 64;
      let va = 0, vb = 0, cov = 0;
      for (let j = 0; j < 8; j++) for (let i = 0; i < 8; i++) {
        const k = (y + j) * a.w + x + i; const da = a.data[k] - ma, db = b.data[k] - mb;
        va += da * da; vb += db * db; cov += da * db;
      }
      va /= 63; vb /= 63; cov /= 63;
      sum += ((2 * ma * mb + C1) * (2 * cov + C2)) / ((ma * ma + mb * mb + C1) * (va + vb + C2));
      n++;
    }
  }
  return n ? sum / n : 1;
}

(async () => {
  const [sharpDir, dayshiftDir, thresholdArg] = process.argv.slice(2);
  const threshold = Number(thresholdArg);
  let worst = { s: 2 }, failures = 0, pairs = 0;
  for (const variant of fs.readdirSync(sharpDir).sort()) {
    for (const f of fs.readdirSync(path.join(sharpDir, variant)).sort()) {
      const other = path.join(dayshiftDir, variant, f);
      if (!fs.existsSync(other)) { console.log(`MISSING ${variant}/${f} from Dayshift`); failures++; continue; }
      const a = await luma(path.join(sharpDir, variant, f));
      const b = await luma(other);
      pairs++;
      if (a.w !== b.w || a.h !== b.h) { console.log(`SIZE ${variant}/${f}: sharp ${a.w}x${a.h}, Dayshift ${b.w}x${b.h}`); failures++; continue; }
      const s = ssim(a, b);
      if (s < worst.s) worst = { s, name: `${variant}/${f}` };
      if (s < threshold) { console.log(`SSIM ${variant}/${f}: ${s.toFixed(4)} < ${threshold}`); failures++; }
    }
  }
  console.log(`quality: ${pairs} pairs, dimensions equal, lowest SSIM ${worst.s.toFixed(4)} (${worst.name}), threshold ${threshold}: ${failures ? 'FAILED' : 'ok'}`);
  process.exit(failures ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(1); });
