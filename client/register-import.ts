/**
 * 企业库 / 资格库 import: the chosen workbook goes up with the session's CSRF
 * token in a header (a multipart form cannot carry it in a field the server
 * reads first); the server answers with the report page to open, or with the
 * refusal of the file itself, shown at the file field.
 */
import { csrfHeaders } from './lib/csrf';

const form = document.querySelector<HTMLFormElement>('form[data-register-import]');
if (form) {
  const error = form.querySelector<HTMLElement>('[data-import-error]')!;
  const input = form.querySelector<HTMLInputElement>('input[type=file]')!;
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
  const show = (message: string) => {
    error.textContent = message;
    error.hidden = !message;
    input.setAttribute('aria-invalid', message ? 'true' : 'false');
    if (message) input.focus();
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!input.files?.length) {
      show('导入文件：请选择要导入的Excel文件（.xlsx）');
      return;
    }
    show('');
    button.disabled = true;
    button.textContent = '正在校验并导入…';
    try {
      const res = await fetch(form.action, { method: 'POST', body: new FormData(form), headers: { accept: 'application/json', ...csrfHeaders() } });
      const body = (await res.json().catch(() => ({}))) as { redirect?: string; error?: string };
      if (body.redirect) {
        window.location.assign(body.redirect);
        return;
      }
      show(body.error || '导入失败，请稍后再试');
    } catch {
      show('网络异常，文件未上传，请重试');
    }
    button.disabled = false;
    button.textContent = '校验并导入';
  });
}
