/** The studio's JSON calls: CSRF header, Chinese errors, findings of a refused deploy. */
import { csrfHeaders } from '../lib/csrf';

export interface Finding {
  elementId: string;
  message: string;
  source: string;
  severity: 'error' | 'warning';
}

export interface ApiAnswer<T> {
  ok: boolean;
  status: number;
  body: T & { error?: string; field?: string; findings?: Finding[] };
}

export async function postJson<T>(url: string, data: unknown): Promise<ApiAnswer<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...csrfHeaders() },
    body: JSON.stringify(data),
  });
  const body = (await res.json().catch(() => ({ error: `请求失败（${res.status}）` }))) as ApiAnswer<T>['body'];
  return { ok: res.ok, status: res.status, body };
}

export function readJson<T>(id: string): T {
  return JSON.parse(document.getElementById(id)?.textContent || 'null') as T;
}

/** Shows a list of findings (or one message) in a box; clicking a finding calls `pick` with its element. */
export function showFindings(box: HTMLElement, title: string, findings: Finding[], pick?: (elementId: string) => void): void {
  box.innerHTML = '';
  const heading = document.createElement('h3');
  heading.textContent = title;
  box.appendChild(heading);
  if (!findings.length) return;
  const list = document.createElement('ul');
  for (const f of findings) {
    const li = document.createElement('li');
    li.className = f.severity;
    const where = document.createElement(pick ? 'button' : 'strong');
    where.textContent = f.elementId;
    if (pick && where instanceof HTMLButtonElement) {
      where.type = 'button';
      where.className = 'link';
      where.addEventListener('click', () => pick(f.elementId));
    }
    li.append(where, document.createTextNode(`：${f.message}`));
    list.appendChild(li);
  }
  box.appendChild(list);
}
