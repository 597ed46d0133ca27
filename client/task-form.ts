/**
 * Renders a form-js schema with the data the server put in the page, in
 * Chinese (lib/form-zh.ts), and submits it as JSON to the page's action. The
 * server validates again; its refusals are shown at their fields and, as
 * form-js's own, in an error summary above the form (GOV.UK pattern: a
 * heading and one link per problem that moves to its field).
 */
import { Form } from '@bpmn-io/form-js-viewer';
import { csrfHeaders } from './lib/csrf';
import { chineseModule, localiseRenderedTexts, type SchemaField } from './lib/form-zh';

function readJson<T>(id: string): T {
  const el = document.getElementById(id);
  return JSON.parse(el?.textContent || 'null') as T;
}

/** Where an uploaded file of this page's case or task can be opened. */
function attachmentUrl(id: number): string | null {
  const m = window.location.pathname.match(/^\/(applications|tasks)\/(\d+)/);
  return m ? `/${m[1]}/${m[2]}/attachments/${id}` : null;
}

function walk(schema: SchemaField, visit: (c: SchemaField) => void): void {
  for (const c of schema.components ?? []) {
    visit(c);
    walk(c, visit);
  }
}

interface Problem {
  message: string;
  /** The component id (form-js keys its errors by it), when the problem belongs to a field. */
  fieldId?: string;
}

async function mount(): Promise<void> {
  const container = document.getElementById('form');
  if (!container) return;
  const schema = readJson<SchemaField>('form-schema');
  const data = readJson<Record<string, unknown>>('form-data') ?? {};
  const action = container.dataset.action!;
  const readonly = container.dataset.readonly === 'true';
  const errorsBox = document.getElementById('form-errors')!;
  const byId = new Map<string, SchemaField>();
  // The server names a refused field by its key or, in its rules' messages, by its label.
  const idByName = new Map<string, string>();
  walk(schema, (c) => {
    if (c.id) byId.set(c.id, c);
    if (!c.id || !c.key) return;
    idByName.set(c.key, c.id);
    const label = c.label?.replace(/[：:*\s]+$/, '');
    if (label && !idByName.has(label)) idByName.set(label, c.id);
  });

  localiseRenderedTexts(container);
  const form = new Form({ container, additionalModules: [chineseModule(attachmentUrl)] });
  await form.importSchema(schema, data);
  const summary = errorSummary(container, errorsBox);
  if (readonly) {
    form.setProperty('readOnly', true);
  } else {
    // The generated forms carry no button of their own: the page submits them.
    const bar = document.createElement('div');
    bar.className = 'actions';
    const submit = document.createElement('button');
    submit.type = 'button';
    submit.className = 'primary';
    submit.textContent = container.dataset.submitLabel || '提交';
    submit.addEventListener('click', () => {
      submit.disabled = true;
      try {
        form.submit();
      } finally {
        setTimeout(() => (submit.disabled = false), 1500);
      }
    });
    bar.appendChild(submit);
    container.after(bar);
  }

  form.on('submit', async (event: { data: Record<string, unknown>; errors: Record<string, unknown>; files: Map<string, File[]> }) => {
    const own = Object.entries(event.errors).flatMap(([fieldId, list]) => messages(list).map((message) => ({ message, fieldId })));
    if (own.length) {
      summary.show(own);
      return;
    }
    summary.clear();
    let payload: Record<string, unknown>;
    try {
      payload = await uploadFiles(event.data, event.files, schema);
    } catch (err) {
      summary.show([{ message: (err as Error).message }]);
      return;
    }
    const res = await fetch(action, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...csrfHeaders() },
      body: JSON.stringify(payload),
    });
    const body = (await res.json().catch(() => ({}))) as { error?: string; field?: string; errors?: Array<{ field: string; message: string }>; redirect?: string };
    if (res.ok) {
      window.location.assign(body.redirect || window.location.pathname);
      return;
    }
    const refused = body.errors?.length ? body.errors : [{ field: body.field ?? '', message: body.error || '提交失败，请稍后再试' }];
    const problems: Problem[] = refused.map((e) => ({ message: e.message, fieldId: (e.field && idByName.get(e.field)) || undefined }));
    showAtFields(problems);
    summary.show(problems);
  });

  /** The server's refusals at their fields, beside form-js's own (form-js keeps a field's errors until it changes). */
  function showAtFields(problems: Problem[]): void {
    const errors: Record<string, string[]> = {};
    for (const p of problems) if (p.fieldId) (errors[p.fieldId] ??= []).push(p.message);
    if (!Object.keys(errors).length) return;
    const state = form as unknown as { _setState(state: { errors: Record<string, string[]> }): void };
    state._setState({ errors });
  }

  function messages(list: unknown): string[] {
    if (Array.isArray(list)) return list.flatMap((item) => (typeof item === 'string' ? [item] : messages(item)));
    if (list && typeof list === 'object') return Object.values(list).flatMap(messages);
    return [];
  }

  /** The summary above the form; the page's own error list (#form-errors) becomes its list. */
  function errorSummary(form: HTMLElement, list: HTMLElement) {
    const box = document.createElement('div');
    box.className = 'error-summary';
    box.setAttribute('role', 'alert');
    box.tabIndex = -1;
    box.hidden = true;
    const heading = document.createElement('h2');
    heading.className = 'error-summary-title';
    heading.textContent = '请更正以下问题';
    list.removeAttribute('role');
    list.className = 'error-summary-list';
    box.append(heading, list);
    form.before(box);
    return {
      show(problems: Problem[]) {
        list.replaceChildren();
        for (const p of problems) {
          const li = document.createElement('li');
          const target = p.fieldId ? focusTarget(p.fieldId) : null;
          if (target) {
            const a = document.createElement('a');
            a.href = `#${target.id}`;
            const label = byId.get(p.fieldId!)?.label?.replace(/[：:*\s]+$/, '');
            a.textContent = label && !p.message.includes(label) && label.length <= 30 ? `${label}：${p.message}` : p.message;
            a.addEventListener('click', (e) => {
              e.preventDefault();
              target.scrollIntoView({ block: 'center' });
              target.focus();
            });
            li.appendChild(a);
          } else {
            li.textContent = p.message;
          }
          list.appendChild(li);
        }
        box.hidden = false;
        box.scrollIntoView({ block: 'start' });
        box.focus();
      },
      clear() {
        box.hidden = true;
        list.replaceChildren();
      },
    };
  }

  /** The control a field's link moves to: its input, the first of its options, or its file button. */
  function focusTarget(fieldId: string): HTMLElement | null {
    for (const suffix of ['', '-date', '-0']) {
      const el = container!.querySelector<HTMLElement>(`[id$="-${CSS.escape(fieldId)}${suffix}"]:not([aria-hidden="true"])`);
      if (el && el.id && !el.classList.contains('fjs-hidden')) return el;
    }
    return null;
  }
}

interface SchemaNode {
  key?: string;
  label?: string;
  components?: SchemaNode[];
}

function labelOf(schema: SchemaNode, key: string): string {
  for (const c of schema.components ?? []) {
    if (c.key === key) return (c.label ?? key).replace(/[：:*\s]+$/, '');
    const inner = labelOf(c, key);
    if (inner !== key) return inner;
  }
  return key;
}

/**
 * form-js keeps picked files aside and puts a "files::…" key in the field;
 * each file is uploaded first and the field then carries the attachment ids.
 */
async function uploadFiles(data: Record<string, unknown>, files: Map<string, File[]>, schema: SchemaNode): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { ...data };
  for (const [field, value] of Object.entries(data)) {
    if (typeof value !== 'string' || !value.startsWith('files::')) continue;
    const ids: number[] = [];
    for (const file of files.get(value) ?? []) {
      const body = new FormData();
      body.append('file', file);
      body.append('field', field);
      body.append('label', labelOf(schema, field));
      const res = await fetch('/uploads', { method: 'POST', body, headers: { accept: 'application/json', ...csrfHeaders() } });
      const answer = (await res.json().catch(() => ({}))) as { id?: number; error?: string };
      if (!res.ok || !answer.id) throw new Error(answer.error || `${file.name} 上传失败`);
      ids.push(answer.id);
    }
    out[field] = ids.length === 1 ? ids[0] : ids;
  }
  return out;
}

/** The commitment letter's reading time, counted by the server from when the page opened it (rule 2). */
async function commitmentTimer(): Promise<void> {
  const box = document.getElementById('commitment-timer');
  if (!box?.dataset.action) return;
  const res = await fetch(box.dataset.action, { method: 'POST', headers: { accept: 'application/json', ...csrfHeaders() } });
  const body = (await res.json().catch(() => ({}))) as { confirmableAt?: string; now?: string; error?: string };
  if (!res.ok || !body.confirmableAt) {
    box.textContent = body.error || '承诺书未能打开，请刷新页面重试';
    return;
  }
  // Count on the server's clock: the difference to ours is taken once.
  const skew = Date.parse(body.now ?? new Date().toISOString()) - Date.now();
  const until = Date.parse(body.confirmableAt);
  const tick = () => {
    const left = Math.ceil((until - (Date.now() + skew)) / 1000);
    if (left <= 0) {
      box.textContent = '承诺书已阅读满60秒，可以作出承诺并提交。';
      box.classList.add('done');
      return;
    }
    box.textContent = `请仔细阅读承诺书：还需阅读 ${left} 秒后方可提交。`;
    setTimeout(tick, 500);
  };
  tick();
}

void mount();
void commitmentTimer();
