/**
 * 获取短信验证码 beside a start form that asks for one (seed 003 §3.1.4): asks
 * the server to send the code to the phone in 个人信息, then counts down the
 * 60 seconds before another may be requested. The server throttles on its
 * own (1 a minute, 5 an hour per phone); its refusal is shown as it comes.
 */
import { csrfHeaders } from './lib/csrf.js';

const box = document.getElementById('sms-code');

/** Puts the button under the form's 短信验证码 field once form-js has drawn it. */
function besideField(element: HTMLElement): void {
  const place = () => {
    const input = document.querySelector<HTMLInputElement>('#form input[id$="smsCode"], #form input[name="smsCode"]');
    const field = input?.closest('.fjs-form-field');
    if (!field) return false;
    field.after(element);
    return true;
  };
  if (place()) return;
  const observer = new MutationObserver(() => {
    if (place()) observer.disconnect();
  });
  observer.observe(document.getElementById('form') ?? document.body, { childList: true, subtree: true });
  window.setTimeout(() => observer.disconnect(), 10_000);
}

if (box) {
  besideField(box);
  const button = box.querySelector<HTMLButtonElement>('button')!;
  const status = box.querySelector<HTMLElement>('.sms-status')!;
  const label = button.textContent ?? '获取短信验证码';
  const countDown = (seconds: number) => {
    button.disabled = true;
    const tick = () => {
      if (seconds <= 0) {
        button.disabled = false;
        button.textContent = label;
        return;
      }
      button.textContent = `${seconds}秒后可重新获取`;
      seconds -= 1;
      window.setTimeout(tick, 1000);
    };
    tick();
  };
  button.addEventListener('click', async () => {
    button.disabled = true;
    status.textContent = '';
    status.classList.remove('field-error-message');
    const res = await fetch('/sms/code', { method: 'POST', headers: { ...csrfHeaders(), accept: 'application/json' }, credentials: 'same-origin' });
    const answer = (await res.json().catch(() => ({}))) as { message?: string; error?: string; devOutbox?: string };
    if (res.ok) {
      status.textContent = answer.message ?? '验证码已发送';
      if (answer.devOutbox) {
        const link = document.createElement('a');
        link.href = answer.devOutbox;
        link.target = '_blank';
        link.textContent = '（开发环境：在短信发件箱查看）';
        status.append(' ', link);
      }
      countDown(60);
      return;
    }
    status.textContent = answer.error ?? '发送失败，请稍后再试';
    status.classList.add('field-error-message');
    const wait = Number(res.headers.get('retry-after'));
    if (res.status === 429 && wait > 0 && wait <= 60) countDown(wait);
    else button.disabled = false;
  });
}
