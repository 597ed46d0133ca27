/**
 * The process designer: bpmn-js Modeler with the properties panel and its
 * Zeebe provider, Camunda 8 behaviours, element templates generated from the
 * job-type catalogue (a list to pick from, never a typed job type), lint on
 * the fly by the server's rules, drafts and deploy with a comment.
 */
import Modeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule } from 'bpmn-js-properties-panel';
import { CloudElementTemplatesPropertiesProviderModule } from 'bpmn-js-element-templates';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import TokenSimulationModule from 'bpmn-js-token-simulation/lib/modeler';
import { postJson, readJson, showFindings, type Finding } from './studio/api';
import { mountDryRun, mountTokenSimulation } from './studio/try-out';
import { chineseOf, translateModule } from './studio/translate';
import { translateForever } from './studio/form-translate';

interface Template {
  id: string;
  name: string;
  description: string;
  category: { id: string; name: string };
  appliesTo: string[];
}

interface StudioData {
  processId: string;
  version: number;
  latestVersion: number;
  draftId: number | null;
  draftMine: boolean;
  xml: string;
  templates: Template[];
  formIds: string[];
  groups: Array<{ name: string; value: string }>;
}

type Shape = { id: string; type: string; businessObject: { $instanceOf(type: string): boolean; name?: string; modelerTemplate?: string } };

async function mount(): Promise<void> {
  const container = document.getElementById('canvas');
  if (!container) return;
  const data = readJson<StudioData>('studio-data');
  const findingsBox = document.getElementById('findings')!;
  const status = document.getElementById('studio-status')!;
  const modeler = new Modeler({
    container,
    propertiesPanel: { parent: '#properties' },
    elementTemplates: data.templates,
    moddleExtensions: { zeebe: zeebeModdle },
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      ZeebePropertiesProviderModule,
      CloudElementTemplatesPropertiesProviderModule,
      ZeebeBehaviorsModule,
      TokenSimulationModule,
      translateModule,
    ],
  });
  // What bpmn-js-properties-panel shows without its translate module (the header's element type, 新建 in lists).
  translateForever(document.getElementById('properties')!, chineseOf);
  await modeler.importXML(data.xml);
  const canvas = modeler.get('canvas') as { zoom(level: string | number, center?: unknown): void; addMarker(id: string, m: string): void; removeMarker(id: string, m: string): void; scrollToElement(e: unknown): void };
  const registry = modeler.get('elementRegistry') as { get(id: string): Shape | undefined; getAll(): Shape[] };
  const selection = modeler.get('selection') as { get(): Shape[]; select(e: Shape): void };
  const eventBus = modeler.get('eventBus') as { on(event: string, fn: (e: unknown) => void): void };
  canvas.zoom('fit-viewport');
  (window as unknown as { zhuceModeler: unknown }).zhuceModeler = modeler;

  const pick = (elementId: string) => {
    const element = registry.get(elementId);
    if (!element) return;
    selection.select(element);
    canvas.scrollToElement(element);
  };

  // Lint on the fly: the server's rules (Camunda 8.6 + the catalogue), markers on the diagram.
  let marked: string[] = [];
  const mark = (findings: Finding[]) => {
    for (const id of marked) canvas.removeMarker(id, 'zhuce-lint-error');
    marked = findings.map((f) => f.elementId).filter((id) => registry.get(id));
    for (const id of marked) canvas.addMarker(id, 'zhuce-lint-error');
  };
  let lintTimer: ReturnType<typeof setTimeout> | undefined;
  let lintRound = 0;
  const lint = async () => {
    const round = ++lintRound;
    const { xml } = await modeler.saveXML({ format: false });
    const answer = await postJson<{ findings: Finding[] }>(`/analyst/api/processes/${encodeURIComponent(data.processId)}/lint`, { xml });
    if (round !== lintRound) return;
    const findings = answer.body.findings ?? [];
    const errors = findings.filter((f) => f.severity === 'error');
    mark(errors);
    const warnings = findings.length - errors.length;
    showFindings(
      findingsBox,
      errors.length ? `检查发现 ${errors.length} 个问题${warnings ? `、${warnings} 条提示` : ''}` : warnings ? `检查通过，另有 ${warnings} 条提示` : '检查通过：没有发现问题',
      findings,
      pick,
    );
    findingsBox.dataset.state = errors.length ? 'problems' : 'clean';
  };
  eventBus.on('commandStack.changed', () => {
    clearTimeout(lintTimer);
    findingsBox.dataset.state = 'pending';
    lintTimer = setTimeout(() => void lint(), 600);
  });
  void lint();

  // The template list: pick a step from the catalogue, applied to the selected task.
  const templates = modeler.get('elementTemplates') as { applyTemplate(element: Shape, template: unknown): Shape; getAll(): Template[] };
  const list = document.getElementById('templates')!;
  const filter = document.getElementById('template-filter') as HTMLInputElement;
  const hint = document.getElementById('template-hint')!;
  // The properties panel's "选择模板" asks for a chooser: the catalogue list beside the diagram is it.
  (modeler.get('eventBus') as { on(event: string, fn: () => void): void }).on('elementTemplates.select', () => {
    list.scrollIntoView({ block: 'nearest' });
    filter.focus();
  });
  const groups = new Map<string, Template[]>();
  for (const t of data.templates) groups.set(t.category.name, [...(groups.get(t.category.name) ?? []), t]);
  for (const [name, items] of groups) {
    const section = document.createElement('section');
    const h = document.createElement('h4');
    h.textContent = name;
    section.appendChild(h);
    for (const t of items) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'template';
      button.dataset.templateId = t.id;
      button.title = t.description;
      button.textContent = t.name;
      button.addEventListener('click', () => {
        const [element] = selection.get();
        if (!element || !t.appliesTo.some((type) => element.businessObject.$instanceOf(type))) {
          hint.textContent = '请先在图中选中一个任务，再选择要套用的步骤';
          hint.className = 'template-hint warn';
          return;
        }
        const applied = templates.applyTemplate(element, templates.getAll().find((x) => x.id === t.id));
        selection.select(applied ?? element);
        hint.textContent = `已将「${element.businessObject.name ?? element.id}」设为：${t.name}`;
        hint.className = 'template-hint';
      });
      section.appendChild(button);
    }
    list.appendChild(section);
  }
  // 人工办理: a job-worker user task linked to a deployed form, with the candidate group the inbox knows.
  const userSection = document.createElement('section');
  const userHeading = document.createElement('h4');
  userHeading.textContent = '人工办理（选择表单）';
  const groupSelect = document.createElement('select');
  groupSelect.id = 'candidate-group';
  groupSelect.setAttribute('aria-label', '候选办理组');
  for (const g of data.groups) groupSelect.add(new Option(g.name, g.value));
  userSection.append(userHeading, groupSelect);
  for (const formId of data.formIds) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'template';
    button.dataset.formId = formId;
    button.textContent = `表单 ${formId}`;
    button.addEventListener('click', () => {
      const [element] = selection.get();
      if (!element || !element.businessObject.$instanceOf('bpmn:Task')) {
        hint.textContent = '请先在图中选中一个任务，再选择办理表单';
        hint.className = 'template-hint warn';
        return;
      }
      const target = makeUserTask(element, formId, groupSelect.value);
      selection.select(target);
      hint.textContent = `已将「${element.businessObject.name ?? element.id}」设为人工办理，表单 ${formId}`;
      hint.className = 'template-hint';
    });
    userSection.appendChild(button);
  }
  list.prepend(userSection);

  function makeUserTask(element: Shape, formId: string, candidateGroups: string): Shape {
    const bpmnReplace = modeler.get('bpmnReplace') as { replaceElement(e: Shape, target: { type: string }): Shape };
    const modeling = modeler.get('modeling') as { updateProperties(e: Shape, p: Record<string, unknown>): void; updateModdleProperties(e: Shape, o: unknown, p: Record<string, unknown>): void };
    const moddle = modeler.get('moddle') as { create(type: string, attrs?: Record<string, unknown>): { values?: unknown[] } };
    const target = element.type === 'bpmn:UserTask' ? element : bpmnReplace.replaceElement(element, { type: 'bpmn:UserTask' });
    const bo = target.businessObject as unknown as { extensionElements?: { values?: Array<{ $type: string }> } };
    let extensions = bo.extensionElements;
    if (!extensions) {
      extensions = moddle.create('bpmn:ExtensionElements', { values: [] }) as { values?: Array<{ $type: string }> };
      modeling.updateProperties(target, { extensionElements: extensions });
    }
    // Job-worker user tasks, as both engines run them: no zeebe:userTask (a Camunda user task).
    const kept = (extensions.values ?? []).filter((v) => !['zeebe:FormDefinition', 'zeebe:AssignmentDefinition', 'zeebe:UserTask'].includes(v.$type));
    modeling.updateModdleProperties(target, extensions, {
      values: [...kept, moddle.create('zeebe:FormDefinition', { formId }), moddle.create('zeebe:AssignmentDefinition', { candidateGroups })],
    });
    return target;
  }

  filter.addEventListener('input', () => {
    const q = filter.value.trim();
    for (const b of list.querySelectorAll<HTMLButtonElement>('button.template')) b.hidden = Boolean(q) && !b.textContent!.includes(q);
  });

  // Check, draft, deploy
  const api = (what: string) => `/analyst/api/processes/${encodeURIComponent(data.processId)}/${what}`;
  const busy = (on: boolean) => {
    for (const b of document.querySelectorAll<HTMLButtonElement>('.studio-toolbar button')) b.disabled = on;
  };
  const say = (text: string, kind: 'ok' | 'error' = 'ok') => {
    status.textContent = text;
    status.className = `studio-status ${kind}`;
  };

  mountTokenSimulation(modeler);
  mountDryRun(modeler, { processId: data.processId, busy, say });

  document.getElementById('check')!.addEventListener('click', async () => {
    busy(true);
    say('正在按部署要求完整检查（建模规则、作业目录、表单、嵌入式引擎、Operaton 引擎）…');
    try {
      const { xml } = await modeler.saveXML({ format: true });
      const answer = await postJson<{ findings: Finding[] }>(api('check'), { xml });
      const findings = answer.body.findings ?? [];
      if (!answer.ok) say(answer.body.error ?? '检查失败', 'error');
      else say(findings.length ? `完整检查发现 ${findings.length} 个问题，部署前须修改` : '完整检查通过：可以部署', findings.length ? 'error' : 'ok');
      mark(findings);
      showFindings(findingsBox, findings.length ? `完整检查发现 ${findings.length} 个问题` : '完整检查通过', findings, pick);
    } finally {
      busy(false);
    }
  });

  let draftId = data.draftMine ? data.draftId : null;
  document.getElementById('save-draft')!.addEventListener('click', async () => {
    busy(true);
    try {
      const { xml } = await modeler.saveXML({ format: true });
      const title = (document.getElementById('draft-title') as HTMLInputElement).value;
      const answer = await postJson<{ id: number; title: string }>(api('drafts'), { xml, baseVersion: data.version, title, draftId });
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
      const { xml } = await modeler.saveXML({ format: true });
      const answer = await postJson<{ resources: Array<{ kind: string; resourceId: string; version: number }> }>(api('deploy'), { xml, comment: comment.value, draftId });
      if (answer.ok) {
        window.location.assign(`/analyst/processes/${encodeURIComponent(data.processId)}?deployed=1`);
        return;
      }
      if (answer.body.findings) {
        dialog.close();
        mark(answer.body.findings);
        say(`${answer.body.error}`, 'error');
        showFindings(findingsBox, `未部署：${answer.body.findings.length} 个问题`, answer.body.findings, pick);
        findingsBox.scrollIntoView({ block: 'nearest' });
        return;
      }
      dialogError.textContent = answer.body.error ?? '部署失败';
    } finally {
      confirmButton.disabled = false;
    }
  });
}

void mount();
