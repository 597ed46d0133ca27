/**
 * Every form in forms/ is valid against form-js's own JSON schema (the one
 * the form-js editor and Camunda's tooling validate with), vendored from
 * bpmn-io/form-js in test/forms/form-json-schema.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';

const root = path.resolve(import.meta.dirname, '..', '..');
const formDir = path.join(root, 'forms');
const schemaRoot = path.join(import.meta.dirname, 'form-json-schema');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Inlines the schema's file references as json-schema-ref-parser's `bundle`
 * does upstream: a file is inlined where first met and a later (or recursive)
 * reference to it points there.
 */
function bundle(entry: string): Json {
  const placed = new Map<string, string>();
  const read = (file: string): Json => JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
  const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');
  function walk(node: Json, dir: string, pointer: string): Json {
    if (Array.isArray(node)) return node.map((item, i) => walk(item, dir, `${pointer}/${i}`));
    if (node === null || typeof node !== 'object') return node;
    const ref = node.$ref;
    if (typeof ref === 'string' && !ref.startsWith('#')) {
      const file = path.resolve(dir, ref);
      const at = placed.get(file);
      if (at !== undefined) return { ...node, $ref: `#${at}` };
      placed.set(file, pointer);
      const rest = { ...node };
      delete rest.$ref;
      const inlined = walk(read(file), path.dirname(file), pointer);
      return { ...(inlined as Record<string, Json>), ...(walk(rest, dir, pointer) as Record<string, Json>) };
    }
    const out: Record<string, Json> = {};
    for (const [key, value] of Object.entries(node)) out[key] = walk(value, dir, `${pointer}/${escape(key)}`);
    return out;
  }
  // The entry's references are written relative to the package root (src/defs/…).
  return walk(read(entry), schemaRoot, '');
}

function formJsValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  return ajv.compile(bundle(path.join(schemaRoot, 'src', 'index.json')) as object);
}

describe("forms against form-js's JSON schema", () => {
  const validate = formJsValidator();
  const files = fs.readdirSync(formDir).filter((f) => f.endsWith('.form')).sort();

  it('finds the forms', () => {
    assert.ok(files.length >= 40, `only ${files.length} forms in forms/`);
  });

  for (const file of files) {
    it(`${file} is a valid form-js form`, () => {
      // given
      const form = JSON.parse(fs.readFileSync(path.join(formDir, file), 'utf8')) as unknown;
      // when
      const valid = validate(form);
      // then
      assert.ok(valid, `${file}: ${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}`);
    });
  }

  it('refuses what form-js refuses: an unknown field type, options that are no list, a file picker with a description, a non-boolean required', () => {
    // given
    const base = { type: 'default', id: 'x', schemaVersion: 16 };
    const bad = [
      { ...base, components: [{ id: 'a', type: 'no-such-type', key: 'a' }] },
      { ...base, components: [{ id: 'a', type: 'select', key: 'a', label: 'A', values: 'not a list' }] },
      { ...base, components: [{ id: 'a', type: 'filepicker', key: 'a', label: 'A', description: 'a hint form-js would not show' }] },
      { ...base, components: [{ id: 'a', type: 'textfield', key: 'a', validate: { required: 'yes' } }] },
      { ...base, type: 'not-default', components: [] },
    ];
    for (const form of bad) {
      // when / then
      assert.equal(validate(form), false, JSON.stringify(form));
    }
    assert.equal(validate({ ...base, components: [{ id: 'a', type: 'textfield', key: 'a', label: 'A' }] }), true, JSON.stringify(validate.errors));
  });
});
