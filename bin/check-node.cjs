// Stops at once, with one line, on a Node older than ringdesk needs (package.json "engines"):
// the bundle, better-sqlite3 and Ink need Node 22.12 or newer. CommonJS and plain syntax so
// that any old Node can read it.
'use strict';
var wanted = require('../package.json').engines.node.replace(/^>=\s*/, '');
var need = wanted.split('.').map(Number);
var have = process.versions.node.split('.').map(Number);
var older = have[0] < need[0] || (have[0] === need[0] && have[1] < (need[1] || 0));
if (older) {
  process.stderr.write('ringdesk needs Node.js ' + wanted + ' or newer, this is ' + process.version +
    ': install Node 24 LTS (https://nodejs.org/en/download, or your package manager) and run it again\n');
  process.exit(1);
}
