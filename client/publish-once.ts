/**
 * Forms marked data-publish-once (公告发布) send once: the button is disabled
 * while the request runs, so a second click does not send the batch again.
 * (The server answers a repeat of the page's filing key with the first
 * announcement anyway; this keeps the page from even asking.)
 */
for (const form of document.querySelectorAll<HTMLFormElement>('form[data-publish-once]')) {
  form.addEventListener('submit', (event) => {
    if (form.dataset.sent) {
      event.preventDefault();
      return;
    }
    form.dataset.sent = 'true';
    for (const button of form.querySelectorAll<HTMLButtonElement>('button')) {
      button.setAttribute('aria-disabled', 'true');
      button.textContent = '正在发布…';
    }
  });
}
