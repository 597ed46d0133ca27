/**
 * Builders for form-js components (schemaVersion 19, as @bpmn-io/form-js
 * 1.23 writes it). Keys are the process variables the form writes; the
 * validation is the one the server re-checks (server/forms).
 */

export const SCHEMA_VERSION = 19;

export interface Component {
  id: string;
  type: string;
  key?: string;
  label?: string;
  [property: string]: unknown;
}

export interface FormSchema {
  id: string;
  type: 'default';
  schemaVersion: number;
  executionPlatform: 'Camunda Cloud';
  executionPlatformVersion: string;
  exporter: { name: string; version: string };
  components: Component[];
}

export interface FieldOptions {
  required?: boolean;
  readonly?: boolean;
  pattern?: string;
  patternErrorMessage?: string;
  minLength?: number;
  maxLength?: number;
  /** One of the server's named validators: idNumber, creditCode, mobile. */
  rule?: 'idNumber' | 'creditCode' | 'mobile';
  description?: string;
  /** FEEL; the field is hidden (and neither validated nor submitted) while it is true. */
  hide?: string;
  defaultValue?: string | boolean | string[];
}

export type Option = string | [value: string, label: string];

/** Builds one form; ids are unique within it. */
export class FormBuilder {
  private texts = 0;
  private groups = 0;
  private readonly ids = new Set<string>();

  constructor(readonly id: string) {}

  private unique(id: string): string {
    if (this.ids.has(id)) throw new Error(`${this.id}: duplicate component id ${id}`);
    this.ids.add(id);
    return id;
  }

  private field(type: string, key: string, label: string, o: FieldOptions, extra: Record<string, unknown> = {}): Component {
    const validate: Record<string, unknown> = {};
    if (o.required) validate.required = true;
    if (o.pattern) validate.pattern = o.pattern;
    if (o.patternErrorMessage) validate.patternErrorMessage = o.patternErrorMessage;
    if (o.minLength !== undefined) validate.minLength = o.minLength;
    if (o.maxLength !== undefined) validate.maxLength = o.maxLength;
    const component: Component = { id: this.unique(`Field_${key}`), type, key, label, ...extra };
    if (o.description) component.description = o.description;
    if (o.defaultValue !== undefined) component.defaultValue = o.defaultValue;
    if (o.readonly) component.readonly = true;
    if (Object.keys(validate).length) component.validate = validate;
    if (o.rule) component.properties = { validationRule: o.rule };
    if (o.hide) component.conditional = { hide: o.hide };
    return component;
  }

  textfield(key: string, label: string, o: FieldOptions = {}): Component {
    return this.field('textfield', key, label, { maxLength: o.readonly ? undefined : 100, ...o });
  }

  textarea(key: string, label: string, o: FieldOptions = {}): Component {
    return this.field('textarea', key, label, { maxLength: o.readonly ? undefined : 500, ...o });
  }

  readonly(key: string, label: string): Component {
    return this.field('textfield', key, label, { readonly: true });
  }

  select(key: string, label: string, options: Option[], o: FieldOptions = {}): Component {
    return this.field('select', key, label, o, { values: values(options) });
  }

  radio(key: string, label: string, options: Option[], o: FieldOptions = {}): Component {
    return this.field('radio', key, label, o, { values: values(options) });
  }

  checklist(key: string, label: string, options: Option[], o: FieldOptions = {}): Component {
    return this.field('checklist', key, label, o, { values: values(options) });
  }

  checkbox(key: string, label: string, o: FieldOptions = {}): Component {
    return this.field('checkbox', key, label, o);
  }

  date(key: string, label: string, o: FieldOptions = {}): Component {
    return this.field('datetime', key, label, o, { subtype: 'date', dateLabel: label });
  }

  /** Image uploads: the server checks type from the bytes and the size limits (rule 5). */
  files(key: string, label: string, o: FieldOptions & { multiple?: boolean; accept?: string } = {}): Component {
    const { multiple = false, accept = '.jpg,.jpeg,.png', ...rest } = o;
    return this.field('filepicker', key, label, rest, { accept, multiple });
  }

  text(markdown: string, hide?: string): Component {
    this.texts += 1;
    const component: Component = { id: this.unique(`Text_${this.texts}`), type: 'text', text: markdown };
    if (hide) component.conditional = { hide };
    return component;
  }

  /**
   * form-js's file picker has no description (its JSON schema refuses one):
   * the hint goes into a text right below the picker, hidden with it.
   */
  private fileHints(components: Component[]): Component[] {
    return components.flatMap((c) => {
      const inner = Array.isArray(c.components) ? { ...c, components: this.fileHints(c.components as Component[]) } : c;
      if (c.type !== 'filepicker' || typeof c.description !== 'string') return [inner];
      const { description, ...picker } = inner;
      const hint = this.text(String(description), (c.conditional as { hide?: string } | undefined)?.hide);
      return [picker as Component, hint];
    });
  }

  group(label: string, components: Component[], hide?: string): Component {
    this.groups += 1;
    const component: Component = { id: this.unique(`Group_${this.groups}`), type: 'group', label, showOutline: true, components };
    if (hide) component.conditional = { hide };
    return component;
  }

  build(components: Component[]): FormSchema {
    components = this.fileHints(components);
    return {
      id: this.id,
      type: 'default',
      schemaVersion: SCHEMA_VERSION,
      executionPlatform: 'Camunda Cloud',
      executionPlatformVersion: '8.6.0',
      exporter: { name: 'zhuce process generator', version: '1.0' },
      components,
    };
  }
}

function values(options: Option[]): Array<{ label: string; value: string }> {
  return options.map((o) => (typeof o === 'string' ? { label: o, value: o } : { label: o[1], value: o[0] }));
}
