import type { BothEngines } from './migration.js';
import { portable } from './portable.js';

// v4 (issue 5, customer base): search as you type over name, company, every phone form
// and the addresses (FTS5, rowid = customer id, kept in step by triggers), and the
// indexes the call log and the customer's history read by. A bulk import pauses the
// triggers inside its own transaction (settings row 'customer-search:paused', never
// visible to anyone else) and rebuilds the rows it touched in one statement at the end.
// National significant number of an E.164 key: calling codes are a prefix code of 1 digit
// (1, 7), 2 digits (this list) or 3 digits.
const callingCodes2 = '|20|27|30|31|32|33|34|36|39|40|41|43|44|45|46|47|48|49|51|52|53|54|55|56|57|58|60|61|62|63|64|65|66|81|82|84|86|90|91|92|93|94|95|98|';
const nsn = `substr(p.e164, CASE WHEN instr('|1|7|', '|' || substr(p.e164, 2, 1) || '|') THEN 3
  WHEN instr('${callingCodes2}', '|' || substr(p.e164, 2, 2) || '|') THEN 4 ELSE 5 END)`;
const searchRowFor = (id: string) => `
  INSERT INTO customer_search (rowid, name, company, phones, addresses)
    SELECT id, name, company, phones, addresses FROM customer_search_source WHERE id = ${id};`;
const rebuildSearchRow = (id: string) => `
  DELETE FROM customer_search WHERE rowid = ${id};${searchRowFor(id)}`;
const unlessPaused = `NOT EXISTS (SELECT 1 FROM settings WHERE key = 'customer-search:paused')`;
const v4 = `
CREATE VIRTUAL TABLE customer_search USING fts5(
  name, company, phones, addresses,
  content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='2 3');
-- what the index holds for one customer: phones as E.164 digits, national digits and trunk-0 form
CREATE VIEW customer_search_source AS
SELECT c.id AS id, c.name AS name, c.company AS company,
  IFNULL((SELECT group_concat(CASE WHEN substr(p.e164, 1, 1) = '+'
      THEN substr(p.e164, 2) || ' ' || ${nsn} || ' 0' || ${nsn} ELSE p.e164 END, ' ')
    FROM customer_phones p WHERE p.customer_id = c.id), '') AS phones,
  trim(c.city || ' ' || IFNULL((SELECT group_concat(
      a.street || ' ' || a.house || ' ' || a.flat || ' ' || a.city || ' ' || a.postcode, ' ')
    FROM addresses a WHERE a.customer_id = c.id), '')) AS addresses
FROM customers c;
INSERT INTO customer_search (rowid, name, company, phones, addresses)
  SELECT id, name, company, phones, addresses FROM customer_search_source;
CREATE TRIGGER customer_search_customer_in AFTER INSERT ON customers WHEN ${unlessPaused} BEGIN ${searchRowFor('NEW.id')} END;
CREATE TRIGGER customer_search_customer_up AFTER UPDATE OF name, company, city ON customers WHEN ${unlessPaused} BEGIN
  ${rebuildSearchRow('NEW.id')}
END;
CREATE TRIGGER customer_search_customer_del AFTER DELETE ON customers BEGIN
  DELETE FROM customer_search WHERE rowid = OLD.id;
END;
CREATE TRIGGER customer_search_phone_in AFTER INSERT ON customer_phones WHEN ${unlessPaused} BEGIN
  ${rebuildSearchRow('NEW.customer_id')}
END;
CREATE TRIGGER customer_search_phone_up AFTER UPDATE ON customer_phones WHEN ${unlessPaused} BEGIN
  ${rebuildSearchRow('OLD.customer_id')} ${rebuildSearchRow('NEW.customer_id')}
END;
CREATE TRIGGER customer_search_phone_del AFTER DELETE ON customer_phones WHEN ${unlessPaused} BEGIN
  ${rebuildSearchRow('OLD.customer_id')}
END;
CREATE TRIGGER customer_search_address_in AFTER INSERT ON addresses
  WHEN NEW.customer_id IS NOT NULL AND ${unlessPaused} BEGIN ${rebuildSearchRow('NEW.customer_id')} END;
CREATE TRIGGER customer_search_address_up AFTER UPDATE ON addresses WHEN ${unlessPaused} BEGIN
  ${rebuildSearchRow('OLD.customer_id')} ${rebuildSearchRow('NEW.customer_id')}
END;
CREATE TRIGGER customer_search_address_del AFTER DELETE ON addresses
  WHEN OLD.customer_id IS NOT NULL AND ${unlessPaused} BEGIN ${rebuildSearchRow('OLD.customer_id')} END;
CREATE INDEX customers_category ON customers(category, id);
CREATE INDEX calls_customer ON calls(customer_id, started_at) WHERE customer_id IS NOT NULL;
CREATE INDEX calls_remote ON calls(remote_key, started_at);
`;

export const migration: BothEngines = { version: 4, name: 'customer base: search index, call log indexes', up: (db) => db.exec(v4),
  // PostgreSQL: no FTS5; trigram indexes (pg_trgm, in Debian's postgresql package, a trusted
  // extension the database's owner may create) under the fields the search reads, case-blind
  postgres: `
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX customers_name_trgm ON customers USING gin (lower(name) gin_trgm_ops);
CREATE INDEX customers_company_trgm ON customers USING gin (lower(company) gin_trgm_ops);
CREATE INDEX customer_phones_trgm ON customer_phones USING gin (e164 gin_trgm_ops);
CREATE INDEX addresses_street_trgm ON addresses USING gin (lower(street) gin_trgm_ops);
${portable(`CREATE INDEX customers_category ON customers(category, id);
CREATE INDEX calls_customer ON calls(customer_id, started_at) WHERE customer_id IS NOT NULL;
CREATE INDEX calls_remote ON calls(remote_key, started_at);`)}`,
};
