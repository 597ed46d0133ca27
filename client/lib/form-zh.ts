/**
 * form-js in Chinese. @bpmn-io/form-js-viewer 1.23 has no translation
 * module, so each English text is replaced where form-js lets us:
 *
 * - validation messages: the `validator` service is decorated (a form-js
 *   module), its messages rewritten per field ("请填写民族");
 * - the date picker: flatpickr, which form-js uses, is localised globally
 *   with its own Mandarin locale; the date input's format hint is Chinese;
 * - the file picker: a field renderer of our own registered for `filepicker`
 *   (选择文件 / 未选择文件), which also shows files already uploaded as
 *   images and links instead of clearing them;
 * - what remains in form-js's own renderers (the select's "Select", the
 *   search boxes' "Search", the date format placeholder) is rewritten in the
 *   form's DOM as form-js renders it.
 *
 * The "Powered by bpmn.io" mark stays: form-js's licence forbids removing or
 * hiding it (see the report in the README's forms section).
 */
import flatpickr from 'flatpickr';
import { Mandarin } from 'flatpickr/dist/l10n/zh.js';
import { Errors, Label, type Form } from '@bpmn-io/form-js-viewer';
// preact is form-js's own copy, deliberately not a dependency of ours: a field's
// hooks only work with the very preact instance that renders the form.
import { h, type ComponentChild, type FunctionComponent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

// The Mandarin locale leaves the screen readers' labels in English.
flatpickr.localize({ ...Mandarin, yearAriaLabel: '年', monthAriaLabel: '月', hourAriaLabel: '时', minuteAriaLabel: '分' });
flatpickr.setDefaults({ ariaDateFormat: 'Y年n月j日' });

export interface SchemaField {
  id?: string;
  key?: string;
  type?: string;
  label?: string;
  description?: string;
  components?: SchemaField[];
  validate?: Record<string, unknown>;
  [property: string]: unknown;
}

const CHOICE_TYPES = new Set(['select', 'radio', 'checklist', 'taglist']);

function plainLabel(field: SchemaField | undefined): string {
  return (field?.label ?? '').replace(/[：:*\s]+$/, '').trim();
}

/** A form-js (English) validation message in Chinese, naming the field. */
export function chineseMessage(message: string, field?: SchemaField): string {
  const label = plainLabel(field);
  if (message === 'Field is required.') {
    if (!label || label.length > 30) return field?.type === 'checkbox' ? '请勾选此项' : '此项为必填项';
    if (field?.type === 'checkbox') return `请勾选“${label}”`;
    if (field?.type === 'filepicker') return label.startsWith('上传') ? `请${label}` : `请上传${label}`;
    if (CHOICE_TYPES.has(field?.type ?? '')) return `请选择${label}`;
    return `请填写${label}`;
  }
  const named = label && label.length <= 30 ? label : '此项';
  let m: RegExpMatchArray | null;
  if ((m = message.match(/^Field must have minimum length of (\d+)\.$/))) return `${named}至少${m[1]}个字`;
  if ((m = message.match(/^Field must have maximum length of (\d+)\.$/))) return `${named}不能超过${m[1]}个字`;
  if ((m = message.match(/^Field must have minimum value of (.+)\.$/))) return `${named}不能小于${m[1]}`;
  if ((m = message.match(/^Field must have maximum value of (.+)\.$/))) return `${named}不能大于${m[1]}`;
  if (/^Field must match pattern /.test(message)) return `${named}的格式不正确`;
  if (/^Field must be a valid email\.$/.test(message)) return `${named}不是有效的电子邮箱地址`;
  if (/^Field must be a valid +international phone number/.test(message)) return `${named}不是有效的电话号码`;
  if (message === 'Value is not a number.') return `${named}必须是数字`;
  if (/^Value is expected to be an integer\.$/.test(message)) return `${named}必须是整数`;
  if ((m = message.match(/^Value is expected to have at most (\d+) decimal digits?\.$/))) return `${named}最多保留${m[1]}位小数`;
  if ((m = message.match(/^Please select a valid value, the two nearest valid values are (.+) and (.+)\.$/))) return `${named}的值无效，最接近的有效值为 ${m[1]} 和 ${m[2]}`;
  if (message === 'Date and time must both be entered.') return `请同时填写${named}的日期和时间`;
  return message;
}

interface FormFieldRegistry {
  get(id: string): SchemaField | undefined;
}
interface ValidatorService {
  validateFieldInstance(instance: { id: string }, value: unknown): string[];
  validateField(field: SchemaField, value: unknown): string[];
}

/** Rewrites every message the validator gives in Chinese. */
class ChineseValidation {
  static $inject = ['validator', 'formFieldRegistry'];
  constructor(validator: ValidatorService, registry: FormFieldRegistry) {
    const byInstance = validator.validateFieldInstance.bind(validator);
    const byField = validator.validateField.bind(validator);
    validator.validateFieldInstance = (instance, value) => byInstance(instance, value).map((e) => chineseMessage(e, registry.get(instance.id)));
    validator.validateField = (field, value) => byField(field, value).map((e) => chineseMessage(e, field));
  }
}

/** How the page links an uploaded attachment (the case's or the task's download route). */
export type AttachmentUrl = (id: number) => string | null;

interface FileRegistry {
  getFiles(key: string): File[];
  hasKey(key: string): boolean;
  setFiles(key: string, files: File[]): void;
  deleteFiles(key: string): void;
}

interface FieldProps {
  field: SchemaField & { multiple?: boolean; accept?: string };
  onChange(change: { value: unknown }): void;
  domId: string;
  errors?: string[];
  disabled?: boolean;
  readonly?: boolean;
  value?: unknown;
}

const FILES_PREFIX = 'files::';
let filesCounter = 0;

function uploadedIds(value: unknown): number[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0);
}

function filePickerRenderer(getFileRegistry: () => FileRegistry | null, attachmentUrl: AttachmentUrl) {
  function ChineseFilePicker(props: FieldProps): ComponentChild {
    const { field, onChange, domId, errors = [], disabled, readonly, value } = props;
    const fileRegistry = getFileRegistry();
    const input = useRef<HTMLInputElement>(null);
    const [, rerender] = useState(0);
    const filesKey = typeof value === 'string' && value.startsWith(FILES_PREFIX) ? value : '';
    const uploaded = uploadedIds(value);
    const selected = filesKey && fileRegistry ? fileRegistry.getFiles(filesKey) : [];

    // A key form-js no longer knows (the form was re-imported) means nothing is chosen; ids of uploaded files stay.
    useEffect(() => {
      if (filesKey && fileRegistry && !fileRegistry.hasKey(filesKey)) onChange({ value: null });
    }, [filesKey, fileRegistry]);

    const onFileChange = (event: Event) => {
      const files = Array.from((event.target as HTMLInputElement).files ?? []);
      if (!fileRegistry) return;
      if (!files.length) {
        if (filesKey) fileRegistry.deleteFiles(filesKey);
        onChange({ value: uploaded.length ? value : null });
        rerender((n) => n + 1);
        return;
      }
      const key = filesKey || `${FILES_PREFIX}zh-${Date.now().toString(36)}-${++filesCounter}`;
      fileRegistry.setFiles(key, files);
      onChange({ value: key });
      rerender((n) => n + 1);
    };

    const inactive = disabled || readonly || !fileRegistry;
    const required = Boolean(field.validate?.required) && !readonly;
    const errorId = `${domId}-error-message`;
    const descriptionId = `${domId}-description`;
    const classes = ['fjs-form-field', 'fjs-form-field-filepicker', 'zh-filepicker'];
    if (errors.length) classes.push('fjs-has-errors');
    if (disabled) classes.push('fjs-disabled');
    if (readonly) classes.push('fjs-readonly');

    const chosenText = selected.length === 0 ? '未选择文件' : selected.length === 1 ? selected[0]!.name : `已选择 ${selected.length} 个文件`;
    const shown = uploaded.map((id) => {
      const href = attachmentUrl(id);
      const name = plainLabel(field).replace(/^上传/, '') || '附件';
      if (!href) return h('li', { key: id }, `${name}（已上传）`);
      return h(
        'li',
        { key: id },
        h('a', { href, target: '_blank', rel: 'noopener' }, h('img', { src: href, alt: name, class: 'zh-upload-preview', loading: 'lazy' }), h('span', null, `查看${name}`)),
      );
    });

    return h(
      'div',
      { class: classes.join(' ') },
      h(Label as unknown as FunctionComponent<Record<string, unknown>>, { htmlFor: domId, label: field.label, required }),
      uploaded.length ? h('ul', { class: 'zh-uploaded' }, shown) : null,
      readonly && !uploaded.length ? h('p', { class: 'zh-no-upload' }, '未上传') : null,
      readonly
        ? null
        : [
            h('input', {
              type: 'file',
              class: 'fjs-hidden',
              ref: input,
              id: `${domId}-input`,
              name: domId,
              tabIndex: -1,
              'aria-hidden': 'true',
              disabled: inactive,
              multiple: field.multiple || undefined,
              accept: field.accept || undefined,
              onChange: onFileChange,
            }),
            h(
              'div',
              { class: 'fjs-filepicker-container' },
              h(
                'button',
                {
                  type: 'button',
                  id: domId,
                  class: 'fjs-button fjs-filepicker-button',
                  disabled: inactive,
                  'aria-describedby': [field.description ? descriptionId : '', `${domId}-chosen`, errors.length ? errorId : ''].filter(Boolean).join(' '),
                  onClick: () => input.current?.click(),
                },
                uploaded.length ? '重新选择' : '选择文件',
              ),
              h('span', { class: 'fjs-form-field-label', id: `${domId}-chosen` }, uploaded.length && !selected.length ? '已上传' : chosenText),
            ),
          ],
      field.description ? h('div', { class: 'fjs-form-field-description', id: descriptionId }, field.description) : null,
      h(Errors, { id: errorId, errors }),
    );
  }
  ChineseFilePicker.config = { type: 'filepicker', keyed: true, label: '文件', group: 'basic-input', emptyValue: null, create: (o = {}) => ({ ...o }) };
  return ChineseFilePicker;
}

/** The form-js module: Chinese validation and the Chinese file picker. */
export function chineseModule(attachmentUrl: AttachmentUrl) {
  class ChineseFields {
    static $inject = ['formFields', 'injector'];
    constructor(formFields: { register(type: string, component: unknown): void }, injector: { get(name: string, strict?: boolean): unknown }) {
      formFields.register('filepicker', filePickerRenderer(() => (injector.get('fileRegistry', false) as FileRegistry | null) ?? null, attachmentUrl));
    }
  }
  return {
    __init__: ['zhValidation', 'zhFields'],
    zhValidation: ['type', ChineseValidation],
    zhFields: ['type', ChineseFields],
  };
}

/** The date input's format in Chinese with an example, in the browser's own date order (the one the date picker parses). */
function dateHint(placeholder: string): string {
  const example = placeholder.replace(/y+/i, '2026').replace(/m+/i, '01').replace(/d+/i, '31');
  return `${placeholder.replace(/y+/i, '年').replace(/m+/i, '月').replace(/d+/i, '日')}，如 ${example}`;
}

/** Texts form-js's own renderers write as text, by the element they sit in. */
const RENDERED_TEXTS: Array<[string, Record<string, string>]> = [
  ['.fjs-select-display', { Select: '请选择' }],
  ['.fjs-dropdownlist-empty', { 'No results': '无匹配项', 'All values selected': '已全部选择' }],
];

/**
 * Rewrites the English texts form-js's own renderers put into the container,
 * now and whenever it re-renders. Text nodes are changed in place (not
 * replaced), so Preact keeps updating the node it owns.
 */
export function localiseRenderedTexts(container: HTMLElement): void {
  const apply = () => {
    for (const [selector, texts] of RENDERED_TEXTS) {
      for (const el of container.querySelectorAll<HTMLElement>(selector)) {
        for (const node of el.childNodes) {
          if (node.nodeType !== Node.TEXT_NODE) continue;
          const zh = texts[(node as Text).data.trim()];
          if (zh) (node as Text).data = zh;
        }
      }
    }
    for (const input of container.querySelectorAll<HTMLInputElement>('input[placeholder]')) {
      const p = input.placeholder;
      if (p === 'Search') input.placeholder = '搜索';
      else if (/^[ymd]+\W[ymd]+\W[ymd]+$/i.test(p)) input.placeholder = dateHint(p);
    }
  };
  apply();
  new MutationObserver(apply).observe(container, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['placeholder'] });
}

export type { Form };
