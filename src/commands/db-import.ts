/** `ringdesk db import customers.csv` and `ringdesk db export`: the customer base in and out of CSV. */
import fs from 'node:fs';
import type { CommandModule } from 'yargs';
import { configFrom, printJson, say, type GlobalArgs } from './common.js';
import { openStore } from './engine.js';
import { customerFields, exportCustomersCsv, importCustomersCsv } from '../customers/customer-csv.js';
import { matchKeys, type MatchKey } from '../domain/customer.js';
import type { DuplicatePolicy } from '../store/ports.js';
import { openPrivate } from '../files/private-file.js';

/** A refusal whose message is for the user (cli.ts prints it without a stack). */
class ImportCommandError extends Error {
  readonly userFacing = true;
}

interface ImportArgs extends GlobalArgs {
  file: string; map?: string[]; 'skip-bad': boolean; duplicates: DuplicatePolicy; match: MatchKey; delimiter?: string; encoding?: string; json: boolean;
}

export const dbImportCommand: CommandModule<GlobalArgs, ImportArgs> = {
  command: 'import <file>',
  describe: 'import customers from a CSV file (all rows or none, unless --skip-bad)',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'CSV with a header line' })
      .option('map', { type: 'string', array: true, describe: `field=Column (or field=N, 1-based) when a header is not recognised; fields: ${customerFields.join(', ')}` })
      .option('skip-bad', { type: 'boolean', default: false, describe: 'import the good rows even when some are bad' })
      .option('match', {
        choices: matchKeys, default: 'name+phone' as MatchKey,
        describe: 'when a row is a customer already there: name+phone = same name (or company) and one of the numbers; '
          + 'id = the id column is this database\'s customer id (a file exported from here); phone = any card with the number '
          + '(merges people who share a phone). Otherwise a new card, even when the number is on another one (the console\'s chooser tells them apart)',
      })
      .option('duplicates', { choices: ['merge', 'report'] as const, default: 'merge' as DuplicatePolicy, describe: 'a row that matches a card (or an earlier row): merge into it, or report the row as bad' })
      .option('delimiter', { type: 'string', describe: 'column separator; detected from the header when absent' })
      .option('encoding', { type: 'string', describe: 'the file\'s encoding when not UTF-8, e.g. windows-1250, iso-8859-2, windows-1252, utf-16le (a line that is not UTF-8 is refused without it)' })
      .option('json', { type: 'boolean', default: false, describe: 'machine-readable outcome' })
      .example('$0 db import customers.csv', 'import, refusing the whole file if any row is bad')
      .example('$0 db import old.csv --map name=Klient --map phone=3 --skip-bad', 'map two columns by hand, skip bad rows')
      .example('$0 db import edited.csv --match id', 'a file exported from this database and edited: rows update the cards by id')
      .example('$0 db import excel.csv --encoding windows-1250', 'a CSV saved by an older Excel in Windows-1250')
      .epilogue('Written in short transactions (about 25 ms each, with a pause between them): consoles on the same database keep working during a long import. '
        + 'Every row is checked first: unless --skip-bad, one bad row means nothing is written. Importing the same file again changes nothing.'),
  handler: (argv) => {
    const config = configFrom(argv);
    if (argv.delimiter !== undefined && argv.delimiter.replace('\\t', '\t').length !== 1) {
      throw new ImportCommandError(`--delimiter must be one character, got "${argv.delimiter}"`);
    }
    const store = openStore(config, { create: true });
    try {
      const started = Date.now();
      const r = importCustomersCsv(store, argv.file, {
        region: config.region, map: argv.map, skipBad: argv['skip-bad'], duplicates: argv.duplicates, match: argv.match,
        delimiter: argv.delimiter?.replace('\\t', '\t'), encoding: argv.encoding,
      });
      if (!r.ok) throw new ImportCommandError(r.error);
      if (argv.json) {
        printJson({ file: argv.file, ms: Date.now() - started, ...r });
      } else {
        for (const p of r.problems) say(`${argv.file}:${p.line}: ${p.reason}`);
        if (r.ignoredColumns.length) say(`ignored columns: ${r.ignoredColumns.join(', ')} (map them with --map field=Column)`);
        say(r.committed
          ? `imported ${argv.file}: ${r.created} new customers, ${r.merged} merged into customers already there (matched on ${argv.match})${r.problems.length ? `, ${r.problems.length} bad row${r.problems.length === 1 ? '' : 's'} skipped` : ''} (${((Date.now() - started) / 1000).toFixed(1)} s)`
          : `nothing imported: ${r.problems.length} bad row${r.problems.length === 1 ? '' : 's'} of ${r.rows + r.problems.length}; fix them, or import the rest with --skip-bad`);
      }
      if (!r.committed) process.exitCode = 1;
    } finally {
      store.close();
    }
  },
};

/** Write everything, waiting out a full pipe (stdout into `head` or `gzip`). */
function writeAll(fd: number, text: string): void {
  let buf = Buffer.from(text);
  while (buf.length > 0) {
    try {
      buf = buf.subarray(fs.writeSync(fd, buf));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

interface ExportArgs extends GlobalArgs { file?: string; json: boolean }

export const dbExportCommand: CommandModule<GlobalArgs, ExportArgs> = {
  command: 'export [file]',
  describe: 'export every customer as CSV (to standard output when no file is named)',
  builder: (y) =>
    y
      .positional('file', { type: 'string', describe: 'CSV file to write; it is replaced' })
      .option('json', { type: 'boolean', default: false, describe: 'with a file: the outcome as JSON (without one the CSV itself is the output)' })
      .example('$0 db export customers.csv', 'the whole base; imports back with db import')
      .example('$0 db export | gzip > customers.csv.gz', 'to standard output')
      .epilogue('One row per customer with every number (as the console shows them) and the address used last; each further '
        + 'address is a row with only the id and the address. A cell that begins with =, +, -, @, tab or CR is written '
        + "behind an apostrophe ('+420 …) so that a spreadsheet never runs it as a formula; db import reads it back as it was."),
  handler: (argv) => {
    if (argv.json && !argv.file) throw new ImportCommandError('--json needs a file to write the CSV to; without one the CSV itself goes to standard output');
    const config = configFrom(argv);
    const store = openStore(config);
    let fd: number | null = null;
    try {
      if (argv.file) {
        try {
          fd = openPrivate(argv.file, 'w');
        } catch (e) {
          throw new ImportCommandError(`cannot write ${argv.file}: ${(e as Error).message}`);
        }
      }
      const out = fd ?? 1;
      const n = exportCustomersCsv(store, (text) => writeAll(out, text));
      if (argv.file && argv.json) printJson({ file: argv.file, customers: n });
      else if (argv.file) say(`exported ${n} customers to ${argv.file}`);
    } finally {
      if (fd !== null) fs.closeSync(fd);
      store.close();
    }
  },
};
