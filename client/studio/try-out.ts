/**
 * Try before deploy, in the designer: token simulation (bpmn-js-token-simulation,
 * switched on and off from the toolbar) and the dry run, which posts the draft
 * to the server, runs it on a throw-away embedded engine with a sample case
 * and shows the path taken on the diagram and as a list.
 */
import { postJson } from './api';

interface Modeler {
  get(name: string): unknown;
  saveXML(o: { format: boolean }): Promise<{ xml?: string }>;
}

interface DryRunTask {
  elementId: string;
  name: string;
  formId: string | null;
  candidateGroups: string[];
  submitted: Record<string, unknown>;
  problem?: string;
}

interface DryRunResult {
  path: string[];
  active: string[];
  userTasks: DryRunTask[];
  state: string;
  incidents: Array<{ elementId: string; message: string }>;
  caseStatus: string;
  outcome: string;
  elapsedMs: number;
  sampleCase: { applicant: string | null; employer: string | null; specialties: string[] };
}

type Canvas = { addMarker(id: string, m: string): void; removeMarker(id: string, m: string): void; scrollToElement(e: unknown): void };
type Registry = { get(id: string): { id: string; type: string; businessObject: { name?: string } } | undefined };

const DECISION_NAMES: Record<string, string> = {
  approve: '通过',
  accept: '受理',
  forward: '转报',
  report: '上报',
  agree: '同意',
  refuse: '不通过',
  correct: '补正',
  return: '退回',
};

export function mountTokenSimulation(modeler: Modeler): void {
  const button = document.getElementById('token-simulation') as HTMLButtonElement | null;
  if (!button) return;
  const toggle = modeler.get('toggleMode') as { toggleMode(active?: boolean): void };
  const eventBus = modeler.get('eventBus') as { on(e: string, fn: (ev: { active: boolean }) => void): void };
  eventBus.on('tokenSimulation.toggleMode', ({ active }) => {
    button.setAttribute('aria-pressed', String(active));
    button.textContent = active ? '退出令牌模拟' : '令牌模拟';
    document.getElementById('token-simulation-hint')!.hidden = !active;
    document.querySelector('.studio')!.classList.toggle('simulating', active);
  });
  button.addEventListener('click', () => toggle.toggleMode());
}

export function mountDryRun(modeler: Modeler, opts: { processId: string; busy(on: boolean): void; say(text: string, kind?: 'ok' | 'error'): void }): void {
  const button = document.getElementById('dry-run') as HTMLButtonElement | null;
  const box = document.getElementById('dry-run-result');
  if (!button || !box) return;
  const decision = document.getElementById('dry-run-decision') as HTMLSelectElement;
  const canvas = modeler.get('canvas') as Canvas;
  const registry = modeler.get('elementRegistry') as Registry;
  let marked: Array<[string, string]> = [];
  const clear = () => {
    for (const [id, m] of marked) canvas.removeMarker(id, m);
    marked = [];
  };
  const mark = (id: string, m: string) => {
    if (!registry.get(id)) return;
    canvas.addMarker(id, m);
    marked.push([id, m]);
  };
  const nameOf = (id: string) => registry.get(id)?.businessObject.name || id;

  button.addEventListener('click', async () => {
    opts.busy(true);
    clear();
    box.hidden = false;
    box.dataset.state = 'running';
    box.innerHTML = '<h3>试运行中：在临时数据库和嵌入式引擎上办理示例申报（约半分钟）…</h3>';
    try {
      const { xml } = await modeler.saveXML({ format: false });
      const answer = await postJson<DryRunResult>(`/analyst/api/processes/${encodeURIComponent(opts.processId)}/dry-run`, {
        xml,
        decisions: decision.value === 'approve' ? {} : { '*': decision.value },
      });
      box.innerHTML = '';
      if (!answer.ok) {
        box.dataset.state = 'refused';
        const h = document.createElement('h3');
        h.textContent = answer.body.error ?? `试运行失败（${answer.status}）`;
        box.appendChild(h);
        opts.say(answer.body.error ?? '试运行失败', 'error');
        return;
      }
      const r = answer.body;
      box.dataset.state = r.state;
      for (const id of r.path) mark(id, 'zhuce-dry-run-path');
      for (const t of r.userTasks) mark(t.elementId, 'zhuce-dry-run-task');
      for (const id of r.active) mark(id, 'zhuce-dry-run-active');
      for (const i of r.incidents) mark(i.elementId, 'zhuce-dry-run-incident');
      const h = document.createElement('h3');
      h.textContent = `试运行结果：${r.outcome}（用时 ${(r.elapsedMs / 1000).toFixed(1)} 秒，未触及正式数据）`;
      const sample = document.createElement('p');
      sample.className = 'hint';
      sample.textContent = `示例申报：${r.sampleCase.applicant ?? r.sampleCase.employer ?? '示例企业'}${r.sampleCase.employer && r.sampleCase.applicant ? `（${r.sampleCase.employer}）` : ''}；结束时申报状态：${r.caseStatus}`;
      const columns = document.createElement('div');
      columns.className = 'dry-run-columns';
      const tasks = document.createElement('section');
      tasks.innerHTML = '<h4>经过的人工任务</h4>';
      const taskList = document.createElement('ol');
      taskList.id = 'dry-run-tasks';
      for (const t of r.userTasks) {
        const li = document.createElement('li');
        const decided = Object.values(t.submitted).find((v) => typeof v === 'string' && DECISION_NAMES[v]) as string | undefined;
        li.textContent = `${t.name}${t.formId ? `（表单 ${t.formId}）` : ''}${decided ? `：${DECISION_NAMES[decided]}` : ''}${t.problem ? ` — 未能办理：${t.problem}` : ''}`;
        li.dataset.elementId = t.elementId;
        taskList.appendChild(li);
      }
      if (!r.userTasks.length) taskList.innerHTML = '<li>未经过人工任务</li>';
      tasks.appendChild(taskList);
      const path = document.createElement('section');
      path.innerHTML = '<h4>走过的路径（按顺序）</h4>';
      const pathList = document.createElement('ol');
      pathList.id = 'dry-run-path';
      pathList.className = 'dry-run-path';
      for (const id of r.path) {
        const li = document.createElement('li');
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'link';
        b.textContent = nameOf(id);
        b.title = id;
        b.dataset.elementId = id;
        b.addEventListener('click', () => canvas.scrollToElement(registry.get(id)));
        li.appendChild(b);
        pathList.appendChild(li);
      }
      path.appendChild(pathList);
      columns.append(tasks, path);
      box.append(h, sample, columns);
      for (const i of r.incidents) {
        const p = document.createElement('p');
        p.className = 'error';
        p.textContent = `事件：${nameOf(i.elementId)} — ${i.message}`;
        box.appendChild(p);
      }
      opts.say(`试运行完成：${r.outcome}`, r.state === 'completed' ? 'ok' : 'error');
    } finally {
      opts.busy(false);
    }
  });
}
