/**
 * Lists with selections: a header checkbox selects all rows; the employer's
 * 上报 first opens the 企业承诺书, which the server times (60 seconds), and
 * submits the selection only once the employer confirms; 退回 needs the reason
 * typed in the page's field (no prompt()).
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
  const reportButton = form.querySelector<HTMLButtonElement>('[data-report]');
  // No case on this page can be reported or returned: the page shows no buttons.
  if (!reportButton) return;
  const selectionError = form.querySelector<HTMLElement>('[data-selection-error]');
  const reasonField = form.querySelector<HTMLElement>('[data-reason-field]');
  const reasonError = form.querySelector<HTMLElement>('[data-reason-error]');
  const reason = form.querySelector<HTMLTextAreaElement>('textarea[name=reason]');

  /** The page's own message in place of alert(): shown above the buttons, read out by screen readers. */
  const showSelectionError = (text: string | null) => {
    if (!selectionError) return;
    selectionError.textContent = text ?? '';
    selectionError.hidden = !text;
    selectionError.setAttribute('role', 'alert');
  };
  const showReasonError = (text: string | null) => {
    if (!reasonField || !reasonError || !reason) return;
    reasonField.classList.toggle('field-error', Boolean(text));
    reasonError.textContent = text ?? '';
    reasonError.hidden = !text;
    if (text) reason.setAttribute('aria-invalid', 'true');
    else reason.removeAttribute('aria-invalid');
  };
  const anySelected = (verb: string) => {
    if (form.querySelector('tbody input[type=checkbox]:checked')) return true;
    showSelectionError(`请先勾选要${verb}的申报`);
    return false;
  };

  reportButton.addEventListener('click', async (event) => {
    event.preventDefault();
    showReasonError(null);
    if (!anySelected('上报')) return;
    showSelectionError(null);
    const res = await fetch(form.dataset.commitment!, { method: 'POST', headers: { accept: 'application/json', ...csrfHeaders() } });
    const body = (await res.json().catch(() => ({}))) as { confirmableAt?: string; now?: string; error?: string };
    if (!res.ok || !body.confirmableAt) {
      showSelectionError(body.error || '企业承诺书未能打开，请重试');
      return;
    }
    modal.hidden = false;
    confirm.disabled = true;
    confirm.focus();
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
    // The report button is the submitter, so the form sends decision=report.
    form.requestSubmit(reportButton);
  });
  modal.querySelector('[data-cancel]')?.addEventListener('click', () => {
    modal.hidden = true;
    reportButton.focus();
  });
  // 退回: the reason is typed in the page; the server checks it again.
  form.querySelector('[data-return]')?.addEventListener('click', (event) => {
    if (!anySelected('退回')) {
      event.preventDefault();
      return;
    }
    showSelectionError(null);
    if (reason && !reason.value.trim()) {
      event.preventDefault();
      showReasonError('退回原因：退回申报须填写退回原因，申请人将在“我的消息”中看到');
      reason.focus();
    }
  });
}

checkAll();
employerReport();
