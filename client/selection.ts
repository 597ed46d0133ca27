/**
 * Lists with selections: a header checkbox selects all rows; the employer's
 * 上报 first opens the 企业承诺书, which the server times (60 seconds), and
 * submits the selection only once the employer confirms.
 */
import { csrfHeaders } from './lib/csrf';

function checkAll(): void {
  for (const all of document.querySelectorAll<HTMLInputElement>('[data-check-all]')) {
    all.addEventListener('change', () => {
      for (const box of all.closest('table')?.querySelectorAll<HTMLInputElement>('tbody input[type=checkbox]') ?? []) box.checked = all.checked;
    });
  }
}

function employerReport(): void {
  const form = document.querySelector<HTMLFormElement>('form[data-commitment]');
  const modal = document.getElementById('commitment-modal');
  if (!form || !modal) return;
  const confirm = modal.querySelector<HTMLButtonElement>('[data-confirm]')!;
  const timer = modal.querySelector<HTMLElement>('[data-timer]')!;
  const decision = form.querySelector<HTMLInputElement>('input[name=decision]')!;
  form.querySelector('[data-report]')?.addEventListener('click', async (event) => {
    event.preventDefault();
    if (!form.querySelector('tbody input[type=checkbox]:checked')) {
      alert('请先勾选要上报的申报');
      return;
    }
    const res = await fetch(form.dataset.commitment!, { method: 'POST', headers: { accept: 'application/json', ...csrfHeaders() } });
    const body = (await res.json().catch(() => ({}))) as { confirmableAt?: string; now?: string; error?: string };
    if (!res.ok || !body.confirmableAt) {
      alert(body.error || '企业承诺书未能打开，请重试');
      return;
    }
    modal.hidden = false;
    confirm.disabled = true;
    const skew = Date.parse(body.now!) - Date.now();
    const until = Date.parse(body.confirmableAt);
    const tick = () => {
      const left = Math.ceil((until - (Date.now() + skew)) / 1000);
      if (left <= 0) {
        timer.textContent = '已阅读满60秒';
        confirm.disabled = false;
        return;
      }
      timer.textContent = `请阅读 ${left} 秒后确认`;
      setTimeout(tick, 500);
    };
    tick();
  });
  confirm.addEventListener('click', () => {
    decision.value = 'report';
    form.submit();
  });
  modal.querySelector('[data-cancel]')?.addEventListener('click', () => {
    modal.hidden = true;
  });
  form.querySelector('[data-return]')?.addEventListener('click', (event) => {
    event.preventDefault();
    const reason = prompt('请填写退回原因：');
    if (!reason) return;
    decision.value = 'return';
    form.querySelector<HTMLInputElement>('input[name=reason]')!.value = reason;
    form.submit();
  });
}

checkAll();
employerReport();
