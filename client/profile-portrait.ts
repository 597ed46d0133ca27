/**
 * 个人信息 → 照片与签名: uploads the chosen file (multipart, the CSRF token in
 * its header) and reloads the page, where the server's flash says what
 * happened; a refusal is shown under the form, naming the field.
 */
import { csrfHeaders } from './lib/csrf.js';

for (const form of document.querySelectorAll<HTMLFormElement>('form.portrait-upload')) {
  const errors = form.querySelector<HTMLElement>('.form-errors')!;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.textContent = '';
    const input = form.querySelector<HTMLInputElement>('input[type=file]')!;
    const file = input.files?.[0];
    if (!file) {
      errors.textContent = '请选择要上传的文件';
      return;
    }
    const body = new FormData();
    body.append('file', file);
    const button = form.querySelector('button')!;
    button.disabled = true;
    try {
      const res = await fetch(form.dataset.action!, { method: 'POST', body, headers: { ...csrfHeaders(), accept: 'application/json' }, credentials: 'same-origin' });
      const answer = (await res.json().catch(() => ({}))) as { redirect?: string; error?: string };
      if (res.ok && answer.redirect) {
        window.location.assign(answer.redirect);
        return;
      }
      errors.textContent = answer.error ?? '上传失败，请稍后再试';
    } finally {
      button.disabled = false;
    }
  });
}
