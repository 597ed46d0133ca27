/**
 * formId → form-js schema, read from forms/*.form. Zeebe's gRPC API cannot
 * hand back a linked form's JSON, so the server keeps its own registry of the
 * same files it deploys.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FormSchema } from './schema.js';

export class FormRegistry {
  private readonly forms = new Map<string, FormSchema>();

  constructor(schemas: FormSchema[] = []) {
    for (const schema of schemas) this.add(schema);
  }

  static fromDirectory(dir: string): FormRegistry {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.form')) : [];
    return new FormRegistry(files.map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as FormSchema));
  }

  add(schema: FormSchema): void {
    if (!schema.id) throw new Error('form schema without id');
    this.forms.set(schema.id, schema);
  }

  get(formId: string): FormSchema | undefined {
    return this.forms.get(formId);
  }

  ids(): string[] {
    return [...this.forms.keys()].sort();
  }
}
