/**
 * Translates a Zeebe-flavoured BPMN file into what Operaton runs, at
 * deployment. The processes stay one source (generated, linted with the
 * Camunda 8.6 rules, deployable to a licensed Zeebe); this function is the
 * only place that knows how Operaton differs. It is pure: XML in, XML out,
 * or a TranslationRefused naming every element it cannot carry over.
 *
 * Rules (each has a test in test/server/engine/operaton/translate.spec.ts):
 * - zeebe:taskDefinition → an external task (`operaton:type="external"`,
 *   topic = job type); task headers, retries and what the adapter must know
 *   travel as `operaton:properties`, which fetchAndLock hands to workers.
 * - job-worker user tasks → external tasks of topic io.camunda.zeebe:userTask,
 *   so they reach the same inbox; form id, assignment and schedule become
 *   the headers Zeebe gives such jobs (FEEL ones through local variables).
 * - zeebe:ioMapping → `operaton:inputOutput` with FEEL scripts.
 * - FEEL conditions → `language="feel"`.
 * - FEEL where Operaton reads only its own expressions (timers) → `${name}`
 *   for a plain variable, else a FEEL input mapping into a local variable
 *   that the element reads.
 * - message correlation keys → a local variable per message on the waiting
 *   element (or the host of a boundary event), matched by the adapter with
 *   `localCorrelationKeys`.
 * - output mappings of an error boundary event (Operaton has no mappings on
 *   boundary events) → an intermediate throw event right after it that
 *   applies them to the error's variables, which the adapter hands over in
 *   one wrapper variable so they stay local as in Zeebe.
 * - call activities → `calledElement` with `operaton:in/out variables="all"`
 *   as Zeebe's propagation flags say.
 */
import crypto from 'node:crypto';
import { BpmnModdle } from 'bpmn-moddle';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import operatonModdle from './operaton-moddle.json' with { type: 'json' };

export const USER_TASK_TOPIC = 'io.camunda.zeebe:userTask';

/** Names of the properties and variables the adapter and the translation share. */
export const META = {
  prefix: '__zeebe_',
  retries: '__zeebe_retries',
  hasOutputs: '__zeebe_outputs',
  errorVariables: '__zeebe_errorVariables',
  formId: '__zeebe_formId',
  errorWrapper: '__zeebe_error',
  assignment: {
    candidateGroups: '__zeebe_candidateGroups',
    candidateUsers: '__zeebe_candidateUsers',
    assignee: '__zeebe_assignee',
    dueDate: '__zeebe_dueDate',
    followUpDate: '__zeebe_followUpDate',
  },
} as const;

/** The local variable that holds a waiting element's correlation key for a message. */
export function correlationVariable(messageName: string): string {
  return `__zeebe_ck_${crypto.createHash('sha1').update(messageName).digest('hex').slice(0, 16)}`;
}

export interface Finding {
  elementId: string;
  message: string;
}

export class TranslationRefused extends Error {
  constructor(
    readonly resourceName: string,
    readonly findings: Finding[],
  ) {
    super(`${resourceName} 无法部署到 Operaton：${findings.map((f) => `${f.elementId}：${f.message}`).join('；')}`);
    this.name = 'TranslationRefused';
  }
}

type El = {
  $type: string;
  $parent?: El;
  id: string;
  name?: string;
  flowElements?: El[];
  extensionElements?: { $type: string; values?: El[] };
  [key: string]: unknown;
};

type Moddle = InstanceType<typeof BpmnModdle> & { create(type: string, attrs?: Record<string, unknown>): El };

const DEFAULT_HISTORY_TIME_TO_LIVE = 'P180D';
const DEFAULT_RETRIES = '3';
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Tasks Operaton can run as external tasks only under the service-task tag. */
const RETAGGED = ['bpmn:UserTask', 'bpmn:ScriptTask', 'bpmn:BusinessRuleTask'];
const EXTERNAL_CAPABLE = ['bpmn:ServiceTask', 'bpmn:SendTask', ...RETAGGED];
/** Zeebe extensions the engine does not need: the catalog reads them from the original file. */
const DROPPED = new Set(['zeebe:Properties', 'zeebe:VersionTag', 'zeebe:PriorityDefinition', 'zeebe:JobPriorityDefinition']);

/** The FEEL of a Zeebe expression attribute, or null for a static value. */
function feelOf(value: string): string | null {
  const trimmed = value.trim();
  return trimmed.startsWith('=') ? trimmed.slice(1).trim() : null;
}

function feelString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

const FEEL_WORDS = new Set([
  'if', 'then', 'else', 'for', 'in', 'return', 'some', 'every', 'satisfies', 'and', 'or', 'not',
  'null', 'true', 'false', 'between', 'instance', 'of', 'function', 'date', 'time', 'duration',
]);

/** The variable names a FEEL expression reads (roots of paths; calls and literals left out). */
export function feelNames(expression: string): string[] {
  const withoutStrings = expression.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const names = new Set<string>();
  for (const match of withoutStrings.matchAll(/(?<![.\w])([A-Za-z_][A-Za-z0-9_]*)(?!\w|\s*\()/g)) {
    if (!FEEL_WORDS.has(match[1])) names.add(match[1]);
  }
  return [...names];
}

class Translator {
  readonly findings: Finding[] = [];
  private readonly messages = new Map<string, { name: string; correlationKey?: string }>();
  /** Elements whose error boundaries map outputs: their external tasks hand error variables over wrapped. */
  private readonly wrapErrorsUnder = new Set<El>();
  private readonly externalTasks: El[] = [];

  constructor(private readonly moddle: Moddle) {}

  refuse(element: El, message: string): void {
    this.findings.push({ elementId: element.id ?? element.$type, message });
  }

  translate(definitions: El): void {
    const roots = (definitions.rootElements as El[] | undefined) ?? [];
    for (const root of roots) {
      if (root.$type === 'bpmn:Message') this.readMessage(root);
      if (root.$type === 'bpmn:Error' && typeof root.errorCode === 'string' && feelOf(root.errorCode) !== null) {
        this.refuse(root, '错误代码不能是 FEEL 表达式');
      }
    }
    for (const process of roots.filter((r) => r.$type === 'bpmn:Process')) {
      if (!process.historyTimeToLive) process.historyTimeToLive = DEFAULT_HISTORY_TIME_TO_LIVE;
      this.stripExtensions(process);
      this.container(process);
    }
    for (const task of this.externalTasks) {
      const wrap = [...this.wrapErrorsUnder].some((host) => host === task || isInside(task, host));
      this.property(task, META.errorVariables, wrap ? 'wrap' : 'plain');
    }
  }

  private readMessage(message: El): void {
    const name = String(message.name ?? '');
    if (feelOf(name) !== null) this.refuse(message, '消息名称不能是 FEEL 表达式');
    const subscription = this.zeebe(message, 'zeebe:Subscription')[0];
    this.messages.set(message.id, { name, correlationKey: subscription?.correlationKey as string | undefined });
    this.stripExtensions(message);
  }

  private container(container: El): void {
    const elements = [...(container.flowElements ?? [])];
    for (const element of elements) this.element(element, container);
    for (const element of elements) if (element.flowElements) this.container(element);
  }

  private element(element: El, container: El): void {
    const known = new Set([
      'zeebe:TaskDefinition', 'zeebe:TaskHeaders', 'zeebe:IoMapping', 'zeebe:FormDefinition',
      'zeebe:AssignmentDefinition', 'zeebe:TaskSchedule', 'zeebe:CalledElement', ...DROPPED,
    ]);
    for (const ext of this.zeebeAll(element)) {
      if (!known.has(ext.$type)) this.refuse(element, `不支持的 Zeebe 扩展 ${ext.$type}`);
    }
    if (element.loopCharacteristics) {
      const mi = element.loopCharacteristics as El;
      if (mi.extensionElements?.values?.some((v) => v.$type.startsWith('zeebe:'))) this.refuse(element, '多实例（zeebe:loopCharacteristics）暂不能翻译');
    }
    if (element.$type === 'bpmn:SequenceFlow') return this.condition(element);

    const definition = this.zeebe(element, 'zeebe:TaskDefinition')[0];
    const isUserTask = element.$type === 'bpmn:UserTask';
    if (isUserTask && this.zeebe(element, 'zeebe:UserTask').length) {
      this.refuse(element, 'Camunda 用户任务（zeebe:userTask）不能翻译，请使用作业型用户任务');
    }
    if (definition || isUserTask) this.externalTask(element, definition);
    else if (EXTERNAL_CAPABLE.includes(element.$type)) this.refuse(element, '缺少任务类型（zeebe:taskDefinition）');

    this.ioMapping(element, container);
    if (element.$type === 'bpmn:CallActivity') this.callActivity(element);
    for (const event of eventDefinitions(element)) this.eventDefinition(element, event);
    if (element.$type === 'bpmn:ReceiveTask') this.messageWait(element, element, element.messageRef as El | undefined);
    this.stripExtensions(element);
  }

  private externalTask(element: El, definition: El | undefined): void {
    if (!EXTERNAL_CAPABLE.includes(element.$type)) {
      this.refuse(element, `${element.$type} 不能作为作业执行`);
      return;
    }
    const isUserTask = element.$type === 'bpmn:UserTask';
    const type = isUserTask ? USER_TASK_TOPIC : String(definition?.type ?? '');
    if (!type) return this.refuse(element, '缺少任务类型');
    if (feelOf(type) !== null) return this.refuse(element, '任务类型不能是 FEEL 表达式');
    const retries = String(definition?.retries ?? DEFAULT_RETRIES);
    if (!/^\d+$/.test(retries)) this.refuse(element, '重试次数必须是整数');
    element.type = 'external';
    element.topic = type;
    this.externalTasks.push(element);
    this.property(element, META.retries, retries);
    for (const list of this.zeebe(element, 'zeebe:TaskHeaders')) {
      for (const header of (list.values as El[] | undefined) ?? []) {
        const key = String(header.key ?? '');
        if (key.startsWith(META.prefix)) this.refuse(element, `任务头 ${key} 的名称为系统保留`);
        this.property(element, key, String(header.value ?? ''));
      }
    }
    if (isUserTask) this.userTask(element);
  }

  private userTask(element: El): void {
    const form = this.zeebe(element, 'zeebe:FormDefinition')[0];
    if (form?.externalReference) this.refuse(element, '外部表单（externalReference）不能翻译');
    if (form?.formId) this.property(element, META.formId, String(form.formId));
    if (form?.formKey) this.property(element, 'io.camunda.zeebe:formKey', String(form.formKey));
    const assignment = this.zeebe(element, 'zeebe:AssignmentDefinition')[0];
    const schedule = this.zeebe(element, 'zeebe:TaskSchedule')[0];
    const fields: Array<[keyof typeof META.assignment, El | undefined, boolean]> = [
      ['candidateGroups', assignment, true],
      ['candidateUsers', assignment, true],
      ['assignee', assignment, false],
      ['dueDate', schedule, false],
      ['followUpDate', schedule, false],
    ];
    for (const [field, source, isList] of fields) {
      const value = source?.[field];
      if (typeof value !== 'string' || value === '') continue;
      const feel = feelOf(value);
      if (feel !== null) this.input(element, META.assignment[field], feel);
      else {
        const header = isList ? JSON.stringify(value.split(',').map((v) => v.trim()).filter(Boolean)) : value;
        this.property(element, `io.camunda.zeebe:${field}`, header);
      }
    }
  }

  private ioMapping(element: El, container: El): void {
    const mapping = this.zeebe(element, 'zeebe:IoMapping')[0];
    if (!mapping) return;
    const inputs = (mapping.inputParameters as El[] | undefined) ?? [];
    const outputs = (mapping.outputParameters as El[] | undefined) ?? [];
    for (const p of [...inputs, ...outputs]) {
      if (String(p.target ?? '').includes('.')) this.refuse(element, `映射目标 ${String(p.target)} 含有“.”，不能翻译`);
    }
    if (element.$type === 'bpmn:BoundaryEvent') {
      const isError = eventDefinitions(element).some((d) => d.$type === 'bpmn:ErrorEventDefinition');
      if (!isError || inputs.length) return this.refuse(element, '边界事件上的变量映射只支持错误边界事件的输出映射');
      return this.errorOutputs(element, container, outputs);
    }
    if (element.$type === 'bpmn:StartEvent') return this.refuse(element, '开始事件上的变量映射不能翻译');
    for (const p of inputs) this.input(element, String(p.target), expression(String(p.source ?? '')));
    for (const p of outputs) this.output(element, String(p.target), expression(String(p.source ?? '')));
    if (outputs.length && this.externalTasks.includes(element)) this.property(element, META.hasOutputs, 'true');
  }

  /** Operaton maps nothing on boundary events: an event after the boundary applies the mappings. */
  private errorOutputs(boundary: El, container: El, outputs: El[]): void {
    const host = boundary.attachedToRef as El;
    this.wrapErrorsUnder.add(host);
    const event = this.moddle.create('bpmn:IntermediateThrowEvent', { id: `${META.prefix}outputs_${boundary.id}`, name: boundary.name });
    event.$parent = container;
    const names = new Set(outputs.flatMap((p) => feelNames(expression(String(p.source ?? '')))));
    for (const name of names) {
      const fromError = `get value(${META.errorWrapper}, ${feelString(name)})`;
      this.input(event, name, `if ${META.errorWrapper} = null or ${fromError} = null then ${name} else ${fromError}`);
    }
    for (const p of outputs) this.output(event, String(p.target), expression(String(p.source ?? '')));
    this.output(event, META.errorWrapper, 'null');
    const flow = this.moddle.create('bpmn:SequenceFlow', { id: `${META.prefix}flow_${boundary.id}`, sourceRef: boundary, targetRef: event });
    flow.$parent = container;
    const outgoing = (boundary.outgoing as El[] | undefined) ?? [];
    for (const original of outgoing) original.sourceRef = event;
    event.outgoing = outgoing;
    event.incoming = [flow];
    boundary.outgoing = [flow];
    container.flowElements!.push(event, flow);
  }

  private callActivity(element: El): void {
    const called = this.zeebe(element, 'zeebe:CalledElement')[0];
    const processId = String(called?.processId ?? '');
    if (!processId || feelOf(processId) !== null) return this.refuse(element, '被调用流程必须是固定的流程 ID');
    element.calledElement = processId;
    const hasOutputs = Boolean((this.zeebe(element, 'zeebe:IoMapping')[0]?.outputParameters as El[] | undefined)?.length);
    if (called?.propagateAllParentVariables !== false) this.extension(element, this.moddle.create('operaton:In', { variables: 'all' }));
    if (called?.propagateAllChildVariables !== false && !hasOutputs) this.extension(element, this.moddle.create('operaton:Out', { variables: 'all' }));
  }

  private eventDefinition(element: El, definition: El): void {
    switch (definition.$type) {
      case 'bpmn:TimerEventDefinition':
        return this.timer(element, definition);
      case 'bpmn:MessageEventDefinition':
        if (element.$type === 'bpmn:StartEvent') return this.refuse(element, '消息开始事件暂不能翻译');
        if (element.$type === 'bpmn:IntermediateCatchEvent') return this.messageWait(element, element, definition.messageRef as El | undefined);
        if (element.$type === 'bpmn:BoundaryEvent') return this.messageWait(element, element.attachedToRef as El, definition.messageRef as El | undefined);
        return this.refuse(element, '发送消息事件暂不能翻译');
      default:
        return;
    }
  }

  private timer(element: El, definition: El): void {
    for (const field of ['timeDate', 'timeDuration', 'timeCycle']) {
      const formal = definition[field] as El | undefined;
      if (!formal || typeof formal.body !== 'string') continue;
      const feel = feelOf(formal.body);
      if (feel === null) continue;
      if (PLAIN_NAME.test(feel)) {
        formal.body = `\${${feel}}`;
        continue;
      }
      const local = `${META.prefix}timer_${element.id}`;
      // Operaton reads a timer from a string: ISO dates, durations and cycles are what string() makes of FEEL's.
      const text = `string(${feel})`;
      if (element.$type === 'bpmn:IntermediateCatchEvent') this.input(element, local, text);
      else if (element.$type === 'bpmn:BoundaryEvent') this.input(element.attachedToRef as El, local, text);
      else return this.refuse(element, '开始事件的定时器不能是 FEEL 表达式');
      formal.body = `\${${local}}`;
    }
  }

  /** The waiting element keeps its correlation key in a local variable, which publishing matches. */
  private messageWait(element: El, holder: El, messageRef: El | undefined): void {
    const message = messageRef ? this.messages.get(messageRef.id) : undefined;
    if (!message) return this.refuse(element, '等待的消息未定义');
    if (!message.correlationKey) return this.refuse(element, `消息 ${message.name} 缺少关联键（zeebe:subscription correlationKey）`);
    const feel = feelOf(message.correlationKey) ?? feelString(message.correlationKey);
    this.input(holder, correlationVariable(message.name), feel);
  }

  private condition(flow: El): void {
    const condition = flow.conditionExpression as El | undefined;
    if (!condition || typeof condition.body !== 'string') return;
    const feel = feelOf(condition.body);
    if (feel === null) return this.refuse(flow, '条件必须是 FEEL 表达式（以“=”开头）');
    condition.body = feel;
    condition.language = 'feel';
  }

  private zeebeAll(element: El): El[] {
    return (element.extensionElements?.values ?? []).filter((v) => v.$type.startsWith('zeebe:'));
  }

  private zeebe(element: El, type: string): El[] {
    return this.zeebeAll(element).filter((v) => v.$type === type);
  }

  private stripExtensions(element: El): void {
    if (!element.extensionElements) return;
    element.extensionElements.values = (element.extensionElements.values ?? []).filter((v) => !v.$type.startsWith('zeebe:'));
    if (!element.extensionElements.values.length) delete element.extensionElements;
  }

  private extension(element: El, value: El): void {
    element.extensionElements ??= this.moddle.create('bpmn:ExtensionElements', { values: [] }) as unknown as { $type: string; values: El[] };
    element.extensionElements.values ??= [];
    value.$parent = element.extensionElements as unknown as El;
    element.extensionElements.values.push(value);
  }

  private find(element: El, type: string): El {
    const existing = element.extensionElements?.values?.find((v) => v.$type === type);
    if (existing) return existing;
    const created = this.moddle.create(type, {});
    this.extension(element, created);
    return created;
  }

  private property(element: El, name: string, value: string): void {
    const properties = this.find(element, 'operaton:Properties');
    const values = ((properties.values as El[] | undefined) ?? []).filter((p) => p.name !== name);
    values.push(this.moddle.create('operaton:Property', { name, value }));
    properties.values = values;
  }

  private parameter(element: El, kind: 'inputParameters' | 'outputParameters', name: string, feel: string): void {
    const io = this.find(element, 'operaton:InputOutput');
    const type = kind === 'inputParameters' ? 'operaton:InputParameter' : 'operaton:OutputParameter';
    const parameters = ((io[kind] as El[] | undefined) ?? []).filter((p) => p.name !== name);
    const script = this.moddle.create('operaton:Script', { scriptFormat: 'feel', value: feel });
    parameters.push(this.moddle.create(type, { name, definition: script }));
    io[kind] = parameters;
  }

  private input(element: El, name: string, feel: string): void {
    this.parameter(element, 'inputParameters', name, feel);
  }

  private output(element: El, name: string, feel: string): void {
    this.parameter(element, 'outputParameters', name, feel);
  }
}

/** A mapping source: FEEL after '=', else a static string. */
function expression(source: string): string {
  return feelOf(source) ?? feelString(source);
}

function eventDefinitions(element: El): El[] {
  return (element.eventDefinitions as El[] | undefined) ?? [];
}

function isInside(element: El, container: El): boolean {
  for (let parent = element.$parent; parent; parent = parent.$parent) if (parent === container) return true;
  return false;
}

/**
 * Operaton runs external tasks only as service tasks. Every user, script and
 * business-rule task left after translation is an external task (the others
 * were refused), so their tags change wholesale; ids, and so the diagram, stay.
 */
function retag(xml: string): string {
  return xml.replace(/<(\/?)((?:[\w-]+:)?)(userTask|scriptTask|businessRuleTask)(?=[\s>/])/g, (_m, slash: string, prefix: string) => `<${slash}${prefix}serviceTask`);
}

export async function translateToOperaton(resourceName: string, xml: string): Promise<string> {
  const moddle = new BpmnModdle({ zeebe: zeebeModdle, operaton: operatonModdle }) as Moddle;
  let definitions: El;
  try {
    definitions = (await moddle.fromXML(xml)).rootElement as El;
  } catch (err) {
    throw new TranslationRefused(resourceName, [{ elementId: resourceName, message: `不是有效的 BPMN 文件：${(err as Error).message}` }]);
  }
  const translator = new Translator(moddle);
  translator.translate(definitions);
  if (translator.findings.length) throw new TranslationRefused(resourceName, translator.findings);
  const { xml: out } = await moddle.toXML(definitions, { format: true });
  return retag(out);
}
