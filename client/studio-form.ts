/**
 * The form designer: the form-js editor (palette, canvas, properties panel in
 * Chinese as far as form-js allows) on any deployed version or draft, a
 * preview that renders the schema being edited with the matter's sample data
 * in the form-js viewer (in Chinese as the applicant's form), drafts, and
 * deploy with a comment.
 */
import { Form, FormEditor } from '@bpmn-io/form-js';
import { postJson, readJson, showFindings } from './studio/api';
import { translateForever } from './studio/form-translate';
import { chineseModule, localiseRenderedTexts } from './lib/form-zh';

interface FormPageData {
  formId: string;
  version: number;
  latestVersion: number;
  draftId: number | null;
  draftMine: boolean;
  schema: Record<string, unknown>;
  sampleData: Record<string, unknown>;
}

async function mount(): Promise<void> {
  const container = document.getElementById('form-editor');
  if (!container) return;
  const data = readJson<FormPageData>('form-data');
  const status = document.getElementById('studio-status')!;
  const say = (text: string, kind: 'ok' | 'error' = 'ok') => {
    status.textContent = text;
    status.className = `studio-status ${kind}`;
  };
  const busy = (on: boolean) => {
    for (const b of document.querySelectorAll<HTMLButtonElement>('.studio-toolbar button')) b.disabled = on;
  };
  translateForever(container);
  translateForever(document.getElementById('form-properties')!);
  const editor = new FormEditor({ container, propertiesPanel: { parent: '#form-properties' } });
  await editor.importSchema(data.schema);
  (window as unknown as { zhuceFormEditor: unknown }).zhuceFormEditor = editor;

  // Preview: the schema as it is being edited, with the matter's sample data.
  const previewBox = document.getElementById('form-preview')!;
  const sample = document.getElementById('sample-data') as HTMLTextAreaElement;
  const sampleError = document.getElementById('sample-data-error')!;
  const result = document.getElementById('preview-result')!;
  sample.value = JSON.stringify(data.sampleData, null, 2);
  // The preview speaks as the applicant's form will; its sample data links no uploaded file.
  localiseRenderedTexts(previewBox);
  const preview = new Form({ container: previewBox, additionalModules: [chineseModule(() => null)] });
  let round = 0;
  const render = async () => {
    const mine = ++round;
    let values: Record<string, unknown>;
    try {
      values = JSON.parse(sample.value || '{}') as Record<string, unknown>;
      sampleError.textContent = '';
    } catch {
      sampleError.textContent = '示例数据不是有效的 JSON';
      return;
    }
    const schema = editor.saveSchema();
    if (mine !== round) return;
    try {
      await preview.importSchema(schema, values);
      previewBox.dataset.state = 'ready';
    } catch (err) {
      sampleError.textContent = `预览失败：${(err as Error).message}`;
    }
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const later = () => {
    clearTimeout(timer);
    previewBox.dataset.state = 'pending';
    timer = setTimeout(() => void render(), 400);
  };
  (editor as unknown as { on(e: string, fn: () => void): void }).on('changed', later);
  sample.addEventListener('input', later);
  await render();
  document.getElementById('preview-validate')!.addEventListener('click', () => {
    const errors = preview.validate() as Record<string, string[]>;
    const fields = Object.keys(errors);
    result.textContent = fields.length ? `预览校验未通过：${fields.length} 个字段有问题（已在预览中标出）` : '预览校验通过';
    result.className = fields.length ? 'error' : 'hint';
  });

  const schemaText = () => JSON.stringify(editor.saveSchema(), null, 2);
  const api = (what: string) => `/analyst/api/forms/${encodeURIComponent(data.formId)}/${what}`;

  let draftId = data.draftMine ? data.draftId : null;
  document.getElementById('save-draft')!.addEventListener('click', async () => {
    busy(true);
    try {
      const title = (document.getElementById('draft-title') as HTMLInputElement).value;
      const answer = await postJson<{ id: number; title: string }>(api('drafts'), { schema: schemaText(), baseVersion: data.version, title, draftId });
      if (!answer.ok) return say(answer.body.error ?? '保存失败', 'error');
      draftId = answer.body.id;
      history.replaceState(null, '', `?draft=${draftId}`);
      say(`草稿「${answer.body.title}」已保存（基于第${data.version}版）`);
    } finally {
      busy(false);
    }
  });

  const dialog = document.getElementById('deploy-dialog') as HTMLDialogElement;
  const comment = document.getElementById('deploy-comment') as HTMLTextAreaElement;
  const dialogError = document.getElementById('deploy-error')!;
  document.getElementById('deploy')!.addEventListener('click', () => {
    dialogError.textContent = '';
    dialog.showModal();
    comment.focus();
  });
  document.getElementById('deploy-cancel')!.addEventListener('click', () => dialog.close());
  document.getElementById('deploy-confirm')!.addEventListener('click', async () => {
    const confirmButton = document.getElementById('deploy-confirm') as HTMLButtonElement;
    confirmButton.disabled = true;
    dialogError.textContent = '正在检查并部署…';
    try {
      const answer = await postJson<{ resources: Array<{ version: number }> }>(api('deploy'), { schema: schemaText(), comment: comment.value, draftId });
      if (answer.ok) {
        window.location.assign(`/analyst/forms/${encodeURIComponent(data.formId)}?deployed=1`);
        return;
      }
      if (answer.body.findings) {
        dialog.close();
        say(answer.body.error ?? '未部署', 'error');
        const box = document.createElement('section');
        box.id = 'findings';
        box.className = 'studio-findings';
        document.getElementById('findings')?.remove();
        document.querySelector('.studio-form-editor')!.after(box);
        showFindings(box, `未部署：${answer.body.findings.length} 个问题`, answer.body.findings);
        return;
      }
      dialogError.textContent = answer.body.error ?? '部署失败';
    } finally {
      confirmButton.disabled = false;
    }
  });
}

void mount();
