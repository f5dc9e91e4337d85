// Validates many definitions in one node process with asl-validator (the library the CLI wraps).
// Usage: node validate-many.js ASL_VALIDATOR_DIR DEFINITIONS.json  -> prints [{valid, errors: [text]}] as JSON.
const fs = require('fs');
const path = require('path');
const validator = require(path.join(process.argv[2], 'dist', 'src', 'validator.js'));
const defs = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
const out = defs.map((d) => {
  try {
    const r = validator(JSON.parse(JSON.stringify(d)));
    return { valid: r.isValid, errors: r.errors.map((e) => e.Message || e.message || JSON.stringify(e)) };
  } catch (e) {
    return { valid: false, errors: ['validator threw: ' + e.message] };
  }
});
process.stdout.write(JSON.stringify(out));
