/**
 * Renders a form-js schema with the data the server put in the page, and
 * submits it as JSON to the page's action. The server validates again and
 * answers refusals per field; they are shown under the form.
 */
import { Form } from '@bpmn-io/form-js-viewer';
import { csrfHeaders } from './lib/csrf';

function readJson<T>(id: string): T {
  const el = document.getElementById(id);
  return JSON.parse(el?.textContent || 'null') as T;
}

async function mount(): Promise<void> {
  const container = document.getElementById('form');
  if (!container) return;
  const schema = readJson<Record<string, unknown>>('form-schema');
  const data = readJson<Record<string, unknown>>('form-data') ?? {};
  const action = container.dataset.action!;
  const readonly = container.dataset.readonly === 'true';
  const errorsBox = document.getElementById('form-errors')!;
  const form = new Form({ container });
  await form.importSchema(schema, data);
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
    if (Object.keys(event.errors).length) return;
    errorsBox.textContent = '';
    let data: Record<string, unknown>;
    try {
      data = await uploadFiles(event.data, event.files, schema);
    } catch (err) {
      showErrors([(err as Error).message]);
      return;
    }
    const res = await fetch(action, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...csrfHeaders() },
      body: JSON.stringify(data),
    });
    const body = (await res.json().catch(() => ({}))) as { error?: string; errors?: Array<{ field: string; message: string }>; redirect?: string };
    if (res.ok) {
      window.location.assign(body.redirect || window.location.pathname);
      return;
    }
    showErrors(body.errors?.length ? body.errors.map((e) => e.message) : [body.error || '提交失败，请稍后再试']);
  });

  function showErrors(list: string[]): void {
    errorsBox.innerHTML = '';
    for (const message of list) {
      const li = document.createElement('li');
      li.textContent = message;
      errorsBox.appendChild(li);
    }
    errorsBox.scrollIntoView({ behavior: 'smooth', block: 'center' });
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
