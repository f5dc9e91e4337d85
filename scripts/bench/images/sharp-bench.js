// The sharp side: the same three variants (320 px WebP q75, 1280 px JPEG q82, 2560 px JPEG q85, inside,
// never enlarged, JPEG flattened on white as Dayshift does), libvips on one thread.
// Usage: node sharp-bench.js SET_DIR OUT_DIR ROUNDS
const fs = require('fs');
const path = require('path');
const sharp = require('sharp');
sharp.concurrency(1);
sharp.cache(false);

const variants = [
  { name: 'thumb', size: 320, ext: 'webp', out: (s) => s.webp({ quality: 75 }) },
  { name: 'medium', size: 1280, ext: 'jpg', out: (s) => s.flatten({ background: '#ffffff' }).jpeg({ quality: 82 }) },
  { name: 'large', size: 2560, ext: 'jpg', out: (s) => s.flatten({ background: '#ffffff' }).jpeg({ quality: 85 }) },
];

function pipeline(input, v) {
  return v.out(sharp(input).rotate().resize(v.size, v.size, { fit: 'inside', withoutEnlargement: true }));
}

(async () => {
  const [set, out, roundsArg] = process.argv.slice(2);
  const rounds = Number(roundsArg);
  const files = fs.readdirSync(set).filter((f) => fs.statSync(path.join(set, f)).isFile()).sort();
  const inputs = files.map((f) => fs.readFileSync(path.join(set, f)));
  for (let i = 0; i < inputs.length; i++) {
    for (const v of variants) {
      fs.mkdirSync(path.join(out, v.name), { recursive: true });
      await pipeline(inputs[i], v).toFile(path.join(out, v.name, `${files[i]}.${v.ext}`));
    }
  }
  const nanos = inputs.map(() => 0n);
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < inputs.length; i++) {
      const t0 = process.hrtime.bigint();
      for (const v of variants) await pipeline(inputs[i], v).toBuffer();
      nanos[i] += process.hrtime.bigint() - t0;
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  files.forEach((f, i) => console.log(`sharp ${f}: ${(Number(nanos[i]) / 1e6 / rounds).toFixed(1)} ms`));
  console.log(`sharp: ${(inputs.length * rounds / seconds).toFixed(3)} images/s (${inputs.length} images x ${rounds} rounds in ${seconds.toFixed(2)} s, libvips ${sharp.versions.vips}, 1 thread)`);
  console.log(`sharp-cpu: ${(inputs.length * rounds / cpuSeconds).toFixed(3)} images per CPU second (process CPU time ${cpuSeconds.toFixed(2)} s)`);
})().catch((e) => { console.error(e); process.exit(1); });
