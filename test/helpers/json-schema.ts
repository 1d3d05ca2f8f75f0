/**
 * The shipped JSON Schemas (docs/*.schema.json) as validators, with ajv (JSON Schema 2020-12,
 * formats such as date-time): the contract tests and the test POS use these, never a hand-made
 * checker.
 */
import fs from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: its function is the default export's default under Node's ESM
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => void;

// strictTuples off: a GeoJSON position may carry an altitude after [longitude, latitude]
const ajv = new Ajv2020({ allErrors: true, strict: true, strictTuples: false, allowUnionTypes: true });
addFormats(ajv);
const compiled = new Map<string, ValidateFunction>();

export type SchemaName = 'menu' | 'zones' | 'pos-order' | 'pos-inbound' | 'callbacks';

/** The parsed schema docs/<name>.schema.json. */
export function schemaOf(name: SchemaName): Record<string, any> {
  return JSON.parse(fs.readFileSync(new URL(`../../docs/${name}.schema.json`, import.meta.url), 'utf8'));
}

function validator(name: SchemaName): ValidateFunction {
  let v = compiled.get(name);
  if (!v) compiled.set(name, (v = ajv.compile(schemaOf(name))));
  return v;
}

const describe = (e: ErrorObject) =>
  `$${e.instancePath.replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.')} ${e.message ?? 'is wrong'}${Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`;

/** Every way `value` breaks docs/<name>.schema.json, as "$.path message {params}"; empty when it conforms. */
export function schemaErrors(name: SchemaName, value: unknown): string[] {
  const v = validator(name);
  return v(value) ? [] : (v.errors ?? []).map(describe);
}
