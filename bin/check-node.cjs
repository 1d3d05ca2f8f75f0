// Stops at once, with one line, on a Node older than ringdesk needs (package.json "engines"):
// the bundle, better-sqlite3 and Ink need Node 22.12 or newer. CommonJS and plain syntax so
// that any old Node can read it.
'use strict';
var wanted = require('../package.json').engines.node.replace(/^>=\s*/, '');
var need = wanted.split('.').map(Number);
var have = process.versions.node.split('.').map(Number);
var older = have[0] < need[0] || (have[0] === need[0] && have[1] < (need[1] || 0));
// In a checkout where npm start or the test install already brought Node 24 into .ringdesk/node-24
// (scripts/install-node), run on that one instead of refusing: a hook or cron line that calls
// bin/ringdesk.js with the system's old Node then works as npm start does.
var path = require('path');
var fs = require('fs');
var brought = path.join(__dirname, '..', '.ringdesk', 'node-24', 'node_modules', '.bin', 'node');
if (older && !process.env.RINGDESK_BROUGHT_NODE && fs.existsSync(brought)) {
  // the child has the terminal; ^C reaches it too, and the parent only waits for its end
  process.on('SIGINT', function () {});
  var env = Object.assign({}, process.env, { RINGDESK_BROUGHT_NODE: '1' });
  var run = require('child_process').spawnSync(brought, process.execArgv.concat(process.argv.slice(1)), { stdio: 'inherit', env: env });
  process.exit(run.status === null ? 1 : run.status);
}
if (older) {
  process.stderr.write('ringdesk needs Node.js ' + wanted + ' or newer, this is ' + process.version +
    ': install Node 24 LTS (https://nodejs.org/en/download, or your package manager) and run it again\n');
  process.exit(1);
}
