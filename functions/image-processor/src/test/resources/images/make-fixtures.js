// Regenerates the small colour-managed fixtures the tests use (run from scripts/bench/images, which has
// sharp installed):  node ../../../functions/image-processor/src/test/resources/images/make-fixtures.js
// Each image is 96x64: the left half sRGB red, the right half sRGB blue, stored in another colour space.
const path = require('path');
const sharp = require(path.resolve('node_modules/sharp'));
const here = __dirname;
const w = 96, h = 64;
const raw = Buffer.alloc(w * h * 3);
for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
  const i = (y * w + x) * 3;
  if (x < w / 2) { raw[i] = 255; } else { raw[i + 2] = 255; }
}
const input = () => sharp(raw, { raw: { width: w, height: h, channels: 3 } });
(async () => {
  // CMYK samples, no embedded profile (decoders must assume a CMYK profile).
  await input().toColourspace('cmyk').jpeg({ quality: 90 }).toFile(path.join(here, 'cmyk.jpg'));
  // Adobe RGB (1998) samples with the profile embedded.
  await input().withIccProfile('/usr/share/color/icc/compatibleWithAdobeRGB1998.icc')
    .jpeg({ quality: 90 }).toFile(path.join(here, 'adobe-rgb.jpg'));
  // Display P3 samples with the profile embedded.
  await input().withIccProfile('p3').jpeg({ quality: 90 }).toFile(path.join(here, 'display-p3.jpg'));
})();
