// Another console: adds one customer with a number and exits, printing when it committed.
import { Store } from '../../../dist/store/index.js';

const [file, name, phone] = process.argv.slice(2);
const store = Store.open(file, { region: 'CZ', currency: 'CZK' });
const n = store.lookupCaller(phone);
const id = store.customers.create({ name, phone: { key: n.key, asTyped: phone } });
process.stdout.write(JSON.stringify({ committedAt: Date.now(), id }) + '\n');
store.close();
