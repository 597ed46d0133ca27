/** The part of the form-js schema the server reads to validate a submission. */
export interface FormValue {
  label: string;
  value: string | number | boolean;
}

export interface FormComponent {
  type: string;
  key?: string;
  /** Group components nest under `path`; plain groups have none. */
  path?: string;
  label?: string;
  components?: FormComponent[];
  values?: FormValue[];
  validate?: {
    required?: boolean;
    minLength?: number;
    maxLength?: number;
    pattern?: string;
    min?: number;
    max?: number;
    validationType?: 'email' | 'phone' | string;
  };
  /** Custom properties of the form editor; `validationRule` names one of our validators (身份证号 …). */
  properties?: Record<string, string>;
  /** datetime subtype: date / time / datetime */
  subtype?: string;
  readonly?: boolean;
  disabled?: boolean;
  conditional?: { hide?: string };
}

export interface FormSchema {
  id: string;
  type?: string;
  schemaVersion?: number;
  components: FormComponent[];
}
