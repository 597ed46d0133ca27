/**
 * What the embedded engine knows about a deployed process before running it:
 * the bpmn-engine source context of the process, and the zeebe: extensions
 * the adapter reads itself (task definitions and headers, io mappings,
 * message subscriptions, called elements, multi-instance collections, error
 * and timer events). Reading a BPMN file also checks the rules Zeebe checks at
 * deploy time that the embedded engine depends on, so a file either runs the
 * same here and on Zeebe, or is refused at deployment.
 */
import { BpmnModdle } from 'bpmn-moddle';
import serializer, { deserialize, type SerializableContext } from 'moddle-context-serializer';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { typeResolver } from './elements.js';

export interface Mapping {
  source: string;
  target: string;
}

export interface ElementDef {
  id: string;
  type: string;
  name?: string;
  parent: { id: string; type: string };
  behaviour: Behaviour;
}

interface ExtensionValue {
  $type: string;
  [attribute: string]: unknown;
}

interface EventDefinitionDef {
  type: string;
  behaviour: Behaviour;
}

interface Behaviour {
  extensionElements?: { values?: ExtensionValue[] };
  eventDefinitions?: EventDefinitionDef[];
  attachedTo?: { id: string };
  cancelActivity?: boolean;
  triggeredByEvent?: boolean;
  isExecutable?: boolean;
  messageRef?: { id: string };
  errorRef?: { id: string };
  loopCharacteristics?: { type: string; behaviour: Behaviour & Record<string, unknown> };
  errorCode?: string;
  timeDuration?: string;
  timeDate?: string;
  timeCycle?: string;
  [attribute: string]: unknown;
}

interface SequenceFlowDef {
  id: string;
  sourceId: string;
  targetId: string;
  parent: { id: string };
  behaviour: Behaviour & { conditionExpression?: { body?: string } };
}

/** The JSON moddle-context-serializer produces, which bpmn-engine runs from. */
interface RawContext {
  id: string;
  activities: ElementDef[];
  processes: ElementDef[];
  sequenceFlows: SequenceFlowDef[];
  [key: string]: unknown;
}

export interface JobDefinition {
  type: string;
  retries: string;
}

export interface CatchingError {
  /** The element whose boundary event (or whose scope's) catches the error. */
  scopeElementId: string;
  boundaryId: string;
}

const JOB_TASK_TYPES = new Set(['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask', 'bpmn:ScriptTask']);
const MESSAGE_CATCH_TYPES = new Set(['bpmn:IntermediateCatchEvent', 'bpmn:BoundaryEvent', 'bpmn:ReceiveTask']);

/** Events bpmn-engine would run differently from Zeebe (or the port cannot reach): refused at deployment. */
const UNSUPPORTED_EVENTS = new Set([
  'bpmn:SignalEventDefinition',
  'bpmn:EscalationEventDefinition',
  'bpmn:CompensateEventDefinition',
  'bpmn:ConditionalEventDefinition',
  'bpmn:CancelEventDefinition',
]);

export class DeployError extends Error {}

/** One executable process of a BPMN file, with the zeebe: extensions the adapter interprets. */
export class ProcessModel {
  private readonly elements = new Map<string, ElementDef>();
  private readonly boundaries = new Map<string, ElementDef[]>();
  private elementCount?: number;

  constructor(
    readonly bpmnProcessId: string,
    private readonly raw: RawContext,
  ) {
    for (const element of raw.activities) {
      this.elements.set(element.id, element);
      const attachedTo = element.behaviour.attachedTo?.id;
      if (element.type === 'bpmn:BoundaryEvent' && attachedTo) {
        this.boundaries.set(attachedTo, [...(this.boundaries.get(attachedTo) ?? []), element]);
      }
    }
  }

  /** The whole file's source context, as stored with the definition. */
  sourceJson(): string {
    return JSON.stringify(this.raw);
  }

  element(id: string): ElementDef | undefined {
    return this.elements.get(id);
  }

  /** How many flow elements and sequence flows the process has. */
  size(): number {
    this.elementCount ??=
      this.ownElements().length + this.raw.sequenceFlows.filter((f) => this.processOf(f.sourceId) === this.bpmnProcessId).length;
    return this.elementCount;
  }

  /** The elements of this process (not of other processes in the same file). */
  ownElements(): ElementDef[] {
    return this.raw.activities.filter((e) => this.processOf(e.id) === this.bpmnProcessId);
  }

  extension(elementId: string, $type: string): ExtensionValue | undefined {
    return this.elements.get(elementId)?.behaviour.extensionElements?.values?.find((v) => v.$type === $type);
  }

  taskDefinition(elementId: string): JobDefinition | undefined {
    const def = this.extension(elementId, 'zeebe:TaskDefinition');
    if (def) return { type: String(def.type ?? ''), retries: String(def.retries ?? '3') };
    if (this.isJobWorkerUserTask(elementId)) return { type: 'io.camunda.zeebe:userTask', retries: '1' };
    return undefined;
  }

  isJobWorkerUserTask(elementId: string): boolean {
    return this.elements.get(elementId)?.type === 'bpmn:UserTask' && !this.extension(elementId, 'zeebe:UserTask');
  }

  taskHeaders(elementId: string): Record<string, string> {
    const headers = this.extension(elementId, 'zeebe:TaskHeaders')?.values as Array<{ key: string; value: string }> | undefined;
    return Object.fromEntries((headers ?? []).map((h) => [h.key, h.value ?? '']));
  }

  inputs(elementId: string): Mapping[] {
    return this.mappings(elementId, 'inputParameters');
  }

  outputs(elementId: string): Mapping[] {
    return this.mappings(elementId, 'outputParameters');
  }

  /** The FEEL script of a script task without a job. */
  script(elementId: string): { expression: string; resultVariable: string } | undefined {
    const script = this.extension(elementId, 'zeebe:Script');
    if (!script) return undefined;
    return { expression: String(script.expression ?? ''), resultVariable: String(script.resultVariable ?? '') };
  }

  /** Name and correlation key expressions of the message an element waits for. */
  message(elementId: string): { id: string; name: string; correlationKey?: string } | undefined {
    const element = this.elements.get(elementId);
    if (!element) return undefined;
    const ref =
      element.behaviour.messageRef?.id ??
      element.behaviour.eventDefinitions?.find((ed) => ed.type === 'bpmn:MessageEventDefinition')?.behaviour.messageRef?.id;
    const message = ref ? this.elements.get(ref) : undefined;
    if (!message) return undefined;
    const subscription = message.behaviour.extensionElements?.values?.find((v) => v.$type === 'zeebe:Subscription');
    return {
      id: message.id,
      name: String(message.behaviour.name ?? message.name ?? ''),
      correlationKey: subscription?.correlationKey as string | undefined,
    };
  }

  calledElement(elementId: string): { processId: string; propagateAllChildVariables: boolean; propagateAllParentVariables: boolean } | undefined {
    const called = this.extension(elementId, 'zeebe:CalledElement');
    if (!called) return undefined;
    return {
      processId: String(called.processId ?? ''),
      propagateAllChildVariables: called.propagateAllChildVariables !== false,
      propagateAllParentVariables: called.propagateAllParentVariables !== false,
    };
  }

  loop(elementId: string): { inputCollection: string; inputElement?: string; outputCollection?: string; outputElement?: string } | undefined {
    const lc = this.elements.get(elementId)?.behaviour.loopCharacteristics;
    const zeebe = lc?.behaviour.extensionElements?.values?.find((v) => v.$type === 'zeebe:LoopCharacteristics');
    if (!zeebe) return undefined;
    return {
      inputCollection: String(zeebe.inputCollection ?? ''),
      inputElement: zeebe.inputElement as string | undefined,
      outputCollection: zeebe.outputCollection as string | undefined,
      outputElement: zeebe.outputElement as string | undefined,
    };
  }

  userTaskProperties(elementId: string): {
    formKey?: string;
    formId?: string;
    assignee?: string;
    candidateGroups?: string;
    candidateUsers?: string;
    dueDate?: string;
    followUpDate?: string;
  } {
    const form = this.extension(elementId, 'zeebe:FormDefinition');
    const assignment = this.extension(elementId, 'zeebe:AssignmentDefinition');
    const schedule = this.extension(elementId, 'zeebe:TaskSchedule');
    const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
    return {
      formKey: str(form?.formKey),
      formId: str(form?.formId),
      assignee: str(assignment?.assignee),
      candidateGroups: str(assignment?.candidateGroups),
      candidateUsers: str(assignment?.candidateUsers),
      dueDate: str(schedule?.dueDate),
      followUpDate: str(schedule?.followUpDate),
    };
  }

  /** The error code (maybe FEEL) an error end event throws. */
  thrownErrorCode(elementId: string): string | undefined {
    const element = this.elements.get(elementId);
    if (element?.type !== 'bpmn:EndEvent') return undefined;
    const definition = element.behaviour.eventDefinitions?.find((ed) => ed.type === 'bpmn:ErrorEventDefinition');
    const errorRef = definition?.behaviour.errorRef?.id;
    if (!definition) return undefined;
    const code = errorRef ? this.elements.get(errorRef)?.behaviour.errorCode : undefined;
    return code === undefined ? '' : String(code);
  }

  /** The id of the embedded subprocess (or the process) an element sits in. */
  parentId(elementId: string): string | undefined {
    return this.elements.get(elementId)?.parent.id;
  }

  processOf(elementId: string): string | undefined {
    let id: string | undefined = elementId;
    while (id && this.elements.has(id)) id = this.elements.get(id)?.parent.id;
    return id;
  }

  /**
   * The boundary event that catches a BPMN error thrown at an element: on the
   * element itself, then on each enclosing subprocess, as Zeebe looks for it.
   * Error event subprocesses are not searched: bpmn-engine does not start them
   * for errors thrown by tasks (see README).
   */
  errorCatcher(elementId: string, errorCode: string): CatchingError | undefined {
    let scope: string | undefined = elementId;
    while (scope && this.elements.has(scope)) {
      for (const boundary of this.boundaries.get(scope) ?? []) {
        const definition = boundary.behaviour.eventDefinitions?.find((ed) => ed.type === 'bpmn:ErrorEventDefinition');
        if (!definition) continue;
        const errorRef = definition.behaviour.errorRef?.id;
        const code = errorRef ? this.elements.get(errorRef)?.behaviour.errorCode : undefined;
        if (!errorRef || code === undefined || String(code) === errorCode) return { scopeElementId: scope, boundaryId: boundary.id };
      }
      scope = this.elements.get(scope)?.parent.id;
    }
    return undefined;
  }

  startEvents(): ElementDef[] {
    return this.raw.activities.filter(
      (e) => e.type === 'bpmn:StartEvent' && e.parent.id === this.bpmnProcessId,
    );
  }

  noneStartEvent(): ElementDef | undefined {
    return this.startEvents().find((e) => !e.behaviour.eventDefinitions?.length);
  }

  messageStartEvents(): Array<{ elementId: string; messageName: string }> {
    return this.startEvents().flatMap((e) => {
      const message = this.message(e.id);
      return message ? [{ elementId: e.id, messageName: message.name }] : [];
    });
  }

  timerStartEvents(): Array<{ elementId: string; timeDate?: string; timeCycle?: string; timeDuration?: string }> {
    return this.startEvents().flatMap((e) => {
      const timer = e.behaviour.eventDefinitions?.find((ed) => ed.type === 'bpmn:TimerEventDefinition');
      if (!timer) return [];
      const { timeDate, timeCycle, timeDuration } = timer.behaviour;
      return [{ elementId: e.id, timeDate, timeCycle, timeDuration }];
    });
  }

  /**
   * The source context bpmn-engine runs an instance from: only this process
   * executable, only the given start event of it, multi-instance collections
   * taken from zeebe:loopCharacteristics.
   */
  contextJson(startEventId: string): string {
    const raw = structuredClone(this.raw);
    for (const p of raw.processes) p.behaviour.isExecutable = p.id === this.bpmnProcessId;
    const dropped = new Set(this.startEvents().map((e) => e.id).filter((id) => id !== startEventId));
    raw.activities = raw.activities.filter((a) => !dropped.has(a.id));
    raw.sequenceFlows = raw.sequenceFlows.filter((f) => !dropped.has(f.sourceId));
    for (const activity of raw.activities) {
      const lc = activity.behaviour.loopCharacteristics;
      const loop = this.loop(activity.id);
      if (!lc || !loop) continue;
      lc.behaviour.collection = loop.inputCollection;
      lc.behaviour.elementVariable = loop.inputElement ?? '__zeebeInputElement';
      const completion = lc.behaviour.completionCondition as { body?: string } | undefined;
      if (completion && typeof completion === 'object') lc.behaviour.completionCondition = completion.body;
    }
    return JSON.stringify(raw);
  }

  private mappings(elementId: string, kind: 'inputParameters' | 'outputParameters'): Mapping[] {
    const io = this.extension(elementId, 'zeebe:IoMapping');
    const list = (io?.[kind] as Array<{ source?: string; target?: string }> | undefined) ?? [];
    return list.map((m) => ({ source: m.source ?? '', target: m.target ?? '' }));
  }
}

export interface ParsedResource {
  processes: ProcessModel[];
}

/** Reads a BPMN file and checks it; throws DeployError listing every problem. */
export async function parseBpmn(resourceName: string, xml: string): Promise<ParsedResource> {
  let moddleContext: Parameters<typeof serializer>[0];
  try {
    moddleContext = (await new BpmnModdle({ zeebe: zeebeModdle }).fromXML(xml.trim())) as unknown as Parameters<typeof serializer>[0];
  } catch (err) {
    throw new DeployError(`'${resourceName}': not a readable BPMN file: ${(err as Error).message}`);
  }
  const raw = JSON.parse(serializer(moddleContext, typeResolver).serialize()) as RawContext;
  const executable = raw.processes.filter((p) => p.behaviour.isExecutable);
  if (!executable.length) throw new DeployError(`'${resourceName}': the file has no executable process`);
  const processes = executable.map((p) => new ProcessModel(p.id, raw));
  const problems = processes.flatMap((model) => validate(model, raw));
  if (problems.length) {
    throw new DeployError(`'${resourceName}': ${problems.map((p) => `\n- ${p}`).join('')}`);
  }
  return { processes };
}

function validate(model: ProcessModel, raw: RawContext): string[] {
  const problems: string[] = [];
  const at = (e: ElementDef, msg: string) => problems.push(`Element: ${e.id} - ${msg}`);
  for (const e of model.ownElements()) {
    const eventTypes = e.behaviour.eventDefinitions?.map((ed) => ed.type) ?? [];
    if (JOB_TASK_TYPES.has(e.type) && !model.taskDefinition(e.id) && !(e.type === 'bpmn:ScriptTask' && model.script(e.id))) {
      if (e.type === 'bpmn:BusinessRuleTask' && model.extension(e.id, 'zeebe:CalledDecision')) {
        at(e, 'DMN decisions (zeebe:calledDecision) are not supported by the embedded engine');
      } else {
        at(e, "Must have exactly one 'zeebe:taskDefinition' extension element");
      }
    }
    const taskDefinition = model.extension(e.id, 'zeebe:TaskDefinition');
    if (taskDefinition && !taskDefinition.type) at(e, "Attribute 'type' must be present and not empty");
    if (e.type === 'bpmn:UserTask' && model.extension(e.id, 'zeebe:UserTask')) {
      at(e, 'Zeebe user tasks (zeebe:userTask) are not supported by the embedded engine; use job-worker user tasks');
    }
    const catchesMessage =
      (MESSAGE_CATCH_TYPES.has(e.type) && eventTypes.includes('bpmn:MessageEventDefinition')) || e.type === 'bpmn:ReceiveTask';
    const messageStart = e.type === 'bpmn:StartEvent' && eventTypes.includes('bpmn:MessageEventDefinition');
    if (catchesMessage || messageStart) {
      const message = model.message(e.id);
      const needsCorrelationKey = catchesMessage || isEventSubprocessStart(e, raw);
      if (!message) at(e, 'Must reference a message');
      else if (!message.name) at(e, 'Must have a message name');
      else if (needsCorrelationKey && !message.correlationKey) {
        at(e, `Must have a correlation key (zeebe:subscription) on message '${message.id}'`);
      }
    }
    if (e.type === 'bpmn:CallActivity' && !model.calledElement(e.id)?.processId) {
      at(e, "Must have exactly one 'zeebe:calledElement' extension element with a processId");
    }
    if (eventTypes.includes('bpmn:TimerEventDefinition')) {
      const timer = e.behaviour.eventDefinitions?.find((ed) => ed.type === 'bpmn:TimerEventDefinition')?.behaviour;
      if (!timer?.timeDuration && !timer?.timeDate && !timer?.timeCycle) at(e, 'Must have a timer definition');
    }
    if (e.type === 'bpmn:EndEvent' && eventTypes.includes('bpmn:ErrorEventDefinition') && !model.thrownErrorCode(e.id)) {
      at(e, 'Must reference an error with an error code');
    }
    if (e.behaviour.triggeredByEvent) {
      at(e, 'event subprocesses are not supported by the embedded engine (bpmn-engine cannot interrupt a scope for them)');
    }
    for (const type of eventTypes) {
      if (UNSUPPORTED_EVENTS.has(type)) at(e, `${type.replace('bpmn:', '')} is not supported by the embedded engine`);
    }
    const lc = e.behaviour.loopCharacteristics;
    if (lc?.type === 'bpmn:MultiInstanceLoopCharacteristics' && !model.loop(e.id)?.inputCollection) {
      at(e, "Must have an 'inputCollection' in zeebe:loopCharacteristics");
    }
  }
  return problems;
}

function isEventSubprocessStart(e: ElementDef, raw: RawContext): boolean {
  const parent = raw.activities.find((a) => a.id === e.parent.id);
  return Boolean(parent?.behaviour.triggeredByEvent);
}

/** Turns a stored source context back into what bpmn-engine runs. */
export function sourceContext(json: string): SerializableContext {
  return deserialize(JSON.parse(json), typeResolver);
}
