/**
 * Renders a form-js schema with the data the server put in the page, and
 * submits it as JSON to the page's action. The server validates again and
 * answers refusals per field; they are shown under the form.
 */
import { Form } from '@bpmn-io/form-js-viewer';

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
  if (readonly) form.setProperty('readOnly', true);

  form.on('submit', async (event: { data: Record<string, unknown>; errors: Record<string, unknown> }) => {
    if (Object.keys(event.errors).length) return;
    errorsBox.textContent = '';
    const res = await fetch(action, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(event.data),
    });
    const body = (await res.json().catch(() => ({}))) as { error?: string; errors?: Array<{ field: string; message: string }>; redirect?: string };
    if (res.ok) {
      window.location.assign(body.redirect || window.location.pathname);
      return;
    }
    const list = body.errors?.length ? body.errors.map((e) => e.message) : [body.error || '提交失败，请稍后再试'];
    errorsBox.innerHTML = '';
    for (const message of list) {
      const li = document.createElement('li');
      li.textContent = message;
      errorsBox.appendChild(li);
    }
    errorsBox.scrollIntoView({ behavior: 'smooth', block: 'center' });
  });
}

void mount();
