/**
 * A small model of the BPMN the generator writes: flow nodes placed on a grid
 * (column, row), sequence flows routed orthogonally between them, boundary
 * events on the top or bottom border of their host, and one expanded
 * sub-process kind. It serialises to Zeebe-flavoured BPMN 2.0 with full
 * BPMNDI, and refuses to serialise a layout where shapes overlap or a flow
 * runs through a shape it does not connect, so every generated diagram reads
 * left to right without clutter.
 */

export const COLUMN_WIDTH = 150;
export const ROW_HEIGHT = 140;
/** Distance of a routing channel from the centre of the row it runs beside. */
const CHANNEL_OFFSET = 78;
const MARGIN = 60;

export type Kind =
  | 'startEvent'
  | 'endEvent'
  | 'serviceTask'
  | 'userTask'
  | 'exclusiveGateway'
  | 'messageCatch'
  | 'subProcess';

export interface MessageRef {
  /** Element id of the bpmn:message. */
  id: string;
  /** Message name the application publishes. */
  name: string;
  correlationKey: string;
}

export interface Mapping {
  source: string;
  target: string;
}

export interface NodeSpec {
  id: string;
  name: string;
  kind: Kind;
  col: number;
  row: number;
  /** Id of the enclosing sub-process. */
  parent?: string;
  jobType?: string;
  headers?: Record<string, string>;
  inputs?: Mapping[];
  outputs?: Mapping[];
  formId?: string;
  candidateGroups?: string;
  dueDate?: string;
  message?: MessageRef;
  /** Last column a sub-process spans (it starts at `col`). */
  toCol?: number;
  documentation?: string;
}

export type BoundaryDefinition =
  | { type: 'message'; message: MessageRef }
  | { type: 'timer'; timeDate: string }
  | { type: 'error'; error?: { id: string; code: string; name: string } };

export interface BoundarySpec {
  id: string;
  name: string;
  attachedTo: string;
  side: 'top' | 'bottom';
  /** Horizontal position on the host's border, from the host's left edge, in px. */
  offset: number;
  interrupting: boolean;
  definition: BoundaryDefinition;
  outputs?: Mapping[];
}

/**
 * How a flow is drawn. `auto` covers forward flows; a flow back to the left, or
 * one that must avoid something, names a channel: it leaves the source on one
 * side, runs horizontally at the channel's height and enters the target on
 * one side.
 */
export type Route =
  | { kind: 'auto' }
  | {
      kind: 'channel';
      /** Height of the channel: a row number, plus `beside` to run between that row and its neighbour. */
      row: number;
      beside: 'above' | 'below' | 'centre';
      leave: 'top' | 'bottom' | 'right';
      enter: 'top' | 'bottom' | 'left';
      /** Horizontal shift of the entry point from the target's centre. */
      enterOffset?: number;
    };

export interface FlowSpec {
  id: string;
  from: string;
  to: string;
  name?: string;
  condition?: string;
  isDefault?: boolean;
  route: Route;
}

interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Point {
  x: number;
  y: number;
}

const SIZES: Record<Exclude<Kind, 'subProcess'>, { width: number; height: number }> = {
  startEvent: { width: 36, height: 36 },
  endEvent: { width: 36, height: 36 },
  messageCatch: { width: 36, height: 36 },
  serviceTask: { width: 100, height: 80 },
  userTask: { width: 100, height: 80 },
  exclusiveGateway: { width: 50, height: 50 },
};

const SUB_PROCESS_HALF_HEIGHT = 70;
const BOUNDARY_SIZE = 36;

export interface ProcessHeader {
  id: string;
  name: string;
  properties: Record<string, string>;
  documentation?: string;
}

export class Diagram {
  readonly nodes = new Map<string, NodeSpec>();
  readonly boundaries = new Map<string, BoundarySpec>();
  readonly flows: FlowSpec[] = [];
  private flowCount = 0;

  constructor(readonly header: ProcessHeader) {}

  add(node: NodeSpec): NodeSpec {
    if (this.nodes.has(node.id) || this.boundaries.has(node.id)) throw new Error(`${this.header.id}: duplicate id ${node.id}`);
    this.nodes.set(node.id, node);
    return node;
  }

  boundary(spec: BoundarySpec): BoundarySpec {
    if (this.nodes.has(spec.id) || this.boundaries.has(spec.id)) throw new Error(`${this.header.id}: duplicate id ${spec.id}`);
    this.boundaries.set(spec.id, spec);
    return spec;
  }

  connect(from: string, to: string, options: Partial<Omit<FlowSpec, 'id' | 'from' | 'to'>> = {}): FlowSpec {
    this.flowCount += 1;
    const flow: FlowSpec = { id: `Flow_${from}_${to}`, from, to, route: { kind: 'auto' }, ...options };
    if (this.flows.some((f) => f.id === flow.id)) flow.id = `${flow.id}_${this.flowCount}`;
    this.flows.push(flow);
    return flow;
  }

  // --- geometry -----------------------------------------------------------

  private minRow(): number {
    return Math.min(...[...this.nodes.values()].map((n) => n.row));
  }

  centre(col: number, row: number): Point {
    return { x: MARGIN + 60 + col * COLUMN_WIDTH, y: MARGIN + 60 + (row - this.minRow()) * ROW_HEIGHT };
  }

  bounds(id: string): Bounds {
    const node = this.nodes.get(id);
    if (node) {
      const c = this.centre(node.col, node.row);
      if (node.kind === 'subProcess') {
        const last = this.centre(node.toCol ?? node.col, node.row);
        const left = c.x - 50;
        return { x: left, y: c.y - SUB_PROCESS_HALF_HEIGHT, width: last.x + 50 - left, height: 2 * SUB_PROCESS_HALF_HEIGHT };
      }
      const size = SIZES[node.kind];
      return { x: c.x - size.width / 2, y: c.y - size.height / 2, width: size.width, height: size.height };
    }
    const boundary = this.boundaries.get(id);
    if (boundary) {
      const host = this.bounds(boundary.attachedTo);
      const cx = host.x + boundary.offset;
      const cy = boundary.side === 'top' ? host.y : host.y + host.height;
      return { x: cx - BOUNDARY_SIZE / 2, y: cy - BOUNDARY_SIZE / 2, width: BOUNDARY_SIZE, height: BOUNDARY_SIZE };
    }
    throw new Error(`${this.header.id}: unknown element ${id}`);
  }

  private isGateway(id: string): boolean {
    return this.nodes.get(id)?.kind === 'exclusiveGateway';
  }

  waypoints(flow: FlowSpec): Point[] {
    const s = this.bounds(flow.from);
    const t = this.bounds(flow.to);
    const sc = { x: s.x + s.width / 2, y: s.y + s.height / 2 };
    const tc = { x: t.x + t.width / 2, y: t.y + t.height / 2 };
    const boundary = this.boundaries.get(flow.from);
    const route = flow.route;

    if (route.kind === 'channel') {
      const rowCentre = this.centre(0, route.row).y;
      const y = route.beside === 'centre' ? rowCentre : rowCentre + (route.beside === 'below' ? CHANNEL_OFFSET : -CHANNEL_OFFSET);
      const start =
        route.leave === 'right'
          ? { x: s.x + s.width, y: sc.y }
          : { x: sc.x, y: route.leave === 'top' ? s.y : s.y + s.height };
      const points: Point[] = [start];
      if (route.leave === 'right') points.push({ x: start.x + 25, y: sc.y }, { x: start.x + 25, y });
      else points.push({ x: start.x, y });
      if (route.enter === 'left') {
        points.push({ x: t.x - 25, y }, { x: t.x - 25, y: tc.y }, { x: t.x, y: tc.y });
      } else {
        const ex = tc.x + (route.enterOffset ?? 0);
        points.push({ x: ex, y }, { x: ex, y: route.enter === 'top' ? t.y : t.y + t.height });
      }
      return dedupe(points);
    }

    if (boundary) {
      const start = { x: sc.x, y: boundary.side === 'top' ? s.y : s.y + s.height };
      if (Math.abs(tc.x - start.x) < t.width / 2 - 4) {
        return [start, { x: start.x, y: boundary.side === 'top' ? t.y + t.height : t.y }];
      }
      const enterX = tc.x > start.x ? t.x : t.x + t.width;
      return [start, { x: start.x, y: tc.y }, { x: enterX, y: tc.y }];
    }

    if (Math.abs(sc.y - tc.y) < 1) {
      if (tc.x <= sc.x) throw new Error(`${this.header.id}: flow ${flow.id} runs right to left; give it a channel route`);
      return [
        { x: s.x + s.width, y: sc.y },
        { x: t.x, y: tc.y },
      ];
    }

    const down = tc.y > sc.y;
    if (Math.abs(sc.x - tc.x) < 1) {
      return [
        { x: sc.x, y: down ? s.y + s.height : s.y },
        { x: tc.x, y: down ? t.y : t.y + t.height },
      ];
    }
    if (tc.x < sc.x) throw new Error(`${this.header.id}: flow ${flow.id} runs right to left; give it a channel route`);

    if (this.isGateway(flow.from)) {
      // A split leaves the gateway by its lower or upper corner and turns into the target.
      const start = { x: sc.x, y: down ? s.y + s.height : s.y };
      return [start, { x: sc.x, y: tc.y }, { x: t.x, y: tc.y }];
    }
    // A merge leaves the task to the right and drops (or rises) into the target.
    const start = { x: s.x + s.width, y: sc.y };
    return [start, { x: tc.x, y: sc.y }, { x: tc.x, y: down ? t.y : t.y + t.height }];
  }

  // --- layout checks ------------------------------------------------------

  /** Every shape pair that overlaps and every flow segment that crosses a shape it does not connect. */
  layoutProblems(): string[] {
    const problems: string[] = [];
    const shapes = [...this.nodes.values()]
      .filter((n) => n.kind !== 'subProcess')
      .map((n) => ({ id: n.id, parent: n.parent, b: this.bounds(n.id) }));
    const subProcesses = [...this.nodes.values()].filter((n) => n.kind === 'subProcess').map((n) => ({ id: n.id, b: this.bounds(n.id) }));
    const boundaryShapes = [...this.boundaries.values()].map((b) => ({ id: b.id, host: b.attachedTo, b: this.bounds(b.id) }));

    for (let i = 0; i < shapes.length; i++) {
      for (let j = i + 1; j < shapes.length; j++) {
        if (intersects(shapes[i].b, shapes[j].b, 4)) problems.push(`shapes overlap: ${shapes[i].id} / ${shapes[j].id}`);
      }
      for (const sp of subProcesses) {
        const inside = shapes[i].parent === sp.id;
        if (!inside && intersects(shapes[i].b, sp.b, 4)) problems.push(`shape ${shapes[i].id} overlaps sub-process ${sp.id}`);
      }
      for (const bs of boundaryShapes) {
        if (bs.host !== shapes[i].id && intersects(shapes[i].b, bs.b, 2)) problems.push(`shape ${shapes[i].id} overlaps boundary event ${bs.id}`);
      }
    }

    for (const flow of this.flows) {
      const points = this.waypoints(flow);
      const ends = new Set([flow.from, flow.to]);
      const hostOfSource = this.boundaries.get(flow.from)?.attachedTo;
      for (let k = 0; k + 1 < points.length; k++) {
        const a = points[k];
        const b = points[k + 1];
        if (a.x !== b.x && a.y !== b.y) problems.push(`flow ${flow.id} has a diagonal segment`);
        for (const shape of [...shapes, ...boundaryShapes]) {
          if (ends.has(shape.id) || shape.id === hostOfSource) continue;
          if ('host' in shape && (ends.has(shape.host) || shape.host === hostOfSource)) continue;
          if (segmentCrosses(a, b, shape.b)) problems.push(`flow ${flow.id} crosses ${shape.id}`);
        }
        for (const sp of subProcesses) {
          const related = [flow.from, flow.to].some((id) => this.nodes.get(id)?.parent === sp.id || id === sp.id) || hostOfSource === sp.id;
          if (!related && segmentCrosses(a, b, sp.b)) problems.push(`flow ${flow.id} crosses sub-process ${sp.id}`);
        }
      }
    }
    return problems;
  }

  // --- serialisation ------------------------------------------------------

  toXml(): string {
    const problems = this.layoutProblems();
    if (problems.length) throw new Error(`${this.header.id}: layout problems\n  ${problems.join('\n  ')}`);
    this.checkConnections();

    const messages = new Map<string, MessageRef>();
    const errors = new Map<string, { id: string; code: string; name: string }>();
    for (const n of this.nodes.values()) if (n.message) messages.set(n.message.id, n.message);
    for (const b of this.boundaries.values()) {
      if (b.definition.type === 'message') messages.set(b.definition.message.id, b.definition.message);
      if (b.definition.type === 'error' && b.definition.error) errors.set(b.definition.error.id, b.definition.error);
    }

    const out: string[] = [];
    out.push('<?xml version="1.0" encoding="UTF-8"?>');
    out.push(
      '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" ' +
        'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" ' +
        'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" ' +
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
        `id="Definitions_${this.header.id}" targetNamespace="http://bpmn.io/schema/bpmn" exporter="zhuce process generator" exporterVersion="1.0" ` +
        'modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.6.0">',
    );
    out.push(`  <bpmn:process id="${this.header.id}" name="${esc(this.header.name)}" isExecutable="true">`);
    if (this.header.documentation) out.push(`    <bpmn:documentation>${esc(this.header.documentation)}</bpmn:documentation>`);
    out.push('    <bpmn:extensionElements>');
    out.push('      <zeebe:properties>');
    for (const [name, value] of Object.entries(this.header.properties)) {
      out.push(`        <zeebe:property name="${esc(name)}" value="${esc(value)}" />`);
    }
    out.push('      </zeebe:properties>');
    out.push('    </bpmn:extensionElements>');
    this.writeContainer(out, undefined, '    ');
    out.push('  </bpmn:process>');
    for (const m of messages.values()) {
      out.push(`  <bpmn:message id="${m.id}" name="${esc(m.name)}">`);
      out.push('    <bpmn:extensionElements>');
      out.push(`      <zeebe:subscription correlationKey="${esc(m.correlationKey)}" />`);
      out.push('    </bpmn:extensionElements>');
      out.push('  </bpmn:message>');
    }
    for (const e of errors.values()) out.push(`  <bpmn:error id="${e.id}" name="${esc(e.name)}" errorCode="${esc(e.code)}" />`);
    this.writeDiagram(out);
    out.push('</bpmn:definitions>');
    return out.join('\n') + '\n';
  }

  private checkConnections(): void {
    for (const id of [...this.nodes.keys(), ...this.boundaries.keys()]) {
      const node = this.nodes.get(id);
      const incoming = this.flows.filter((f) => f.to === id).length;
      const outgoing = this.flows.filter((f) => f.from === id).length;
      const isStart = node?.kind === 'startEvent';
      const isEnd = node?.kind === 'endEvent';
      if (!isStart && !this.boundaries.has(id) && incoming === 0) throw new Error(`${this.header.id}: ${id} has no incoming flow`);
      if (!isEnd && outgoing === 0) throw new Error(`${this.header.id}: ${id} has no outgoing flow`);
      if (node?.kind !== 'exclusiveGateway' && outgoing > 1) throw new Error(`${this.header.id}: ${id} splits without a gateway`);
      if (node?.kind !== 'exclusiveGateway' && incoming > 1) throw new Error(`${this.header.id}: ${id} joins without a gateway`);
      if (node?.kind === 'exclusiveGateway' && incoming > 1 && outgoing > 1) throw new Error(`${this.header.id}: gateway ${id} both joins and splits`);
    }
  }

  private writeContainer(out: string[], parent: string | undefined, indent: string): void {
    const inContainer = (id: string) => (this.nodes.get(id)?.parent ?? this.nodes.get(this.boundaries.get(id)?.attachedTo ?? '')?.parent) === parent;
    for (const node of this.nodes.values()) {
      if (node.parent !== parent) continue;
      this.writeNode(out, node, indent);
    }
    for (const boundary of this.boundaries.values()) {
      if (!inContainer(boundary.id)) continue;
      this.writeBoundary(out, boundary, indent);
    }
    for (const flow of this.flows) {
      if (!inContainer(flow.from)) continue;
      const attrs = `id="${flow.id}"${flow.name ? ` name="${esc(flow.name)}"` : ''} sourceRef="${flow.from}" targetRef="${flow.to}"`;
      if (flow.condition) {
        out.push(`${indent}<bpmn:sequenceFlow ${attrs}>`);
        out.push(`${indent}  <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${esc(flow.condition)}</bpmn:conditionExpression>`);
        out.push(`${indent}</bpmn:sequenceFlow>`);
      } else {
        out.push(`${indent}<bpmn:sequenceFlow ${attrs} />`);
      }
    }
  }

  private flowRefs(id: string, indent: string): string[] {
    return [
      ...this.flows.filter((f) => f.to === id).map((f) => `${indent}<bpmn:incoming>${f.id}</bpmn:incoming>`),
      ...this.flows.filter((f) => f.from === id).map((f) => `${indent}<bpmn:outgoing>${f.id}</bpmn:outgoing>`),
    ];
  }

  private writeNode(out: string[], node: NodeSpec, indent: string): void {
    const tag = {
      startEvent: 'bpmn:startEvent',
      endEvent: 'bpmn:endEvent',
      serviceTask: 'bpmn:serviceTask',
      userTask: 'bpmn:userTask',
      exclusiveGateway: 'bpmn:exclusiveGateway',
      messageCatch: 'bpmn:intermediateCatchEvent',
      subProcess: 'bpmn:subProcess',
    }[node.kind];
    const defaultFlow = this.flows.find((f) => f.from === node.id && f.isDefault);
    out.push(`${indent}<${tag} id="${node.id}" name="${esc(node.name)}"${defaultFlow ? ` default="${defaultFlow.id}"` : ''}>`);
    const inner = indent + '  ';
    if (node.documentation) out.push(`${inner}<bpmn:documentation>${esc(node.documentation)}</bpmn:documentation>`);
    const ext = this.extensionLines(node, inner + '  ');
    if (ext.length) {
      out.push(`${inner}<bpmn:extensionElements>`);
      out.push(...ext);
      out.push(`${inner}</bpmn:extensionElements>`);
    }
    out.push(...this.flowRefs(node.id, inner));
    if (node.kind === 'messageCatch' && node.message) {
      out.push(`${inner}<bpmn:messageEventDefinition id="${node.id}_Definition" messageRef="${node.message.id}" />`);
    }
    if (node.kind === 'subProcess') this.writeContainer(out, node.id, inner);
    out.push(`${indent}</${tag}>`);
  }

  private extensionLines(node: NodeSpec, indent: string): string[] {
    const lines: string[] = [];
    if (node.jobType) lines.push(`${indent}<zeebe:taskDefinition type="${esc(node.jobType)}" />`);
    if (node.formId) lines.push(`${indent}<zeebe:formDefinition formId="${esc(node.formId)}" />`);
    if (node.candidateGroups) lines.push(`${indent}<zeebe:assignmentDefinition candidateGroups="${esc(node.candidateGroups)}" />`);
    if (node.dueDate) lines.push(`${indent}<zeebe:taskSchedule dueDate="${esc(node.dueDate)}" />`);
    lines.push(...ioMappingLines(node.inputs, node.outputs, indent));
    if (node.headers && Object.keys(node.headers).length) {
      lines.push(`${indent}<zeebe:taskHeaders>`);
      for (const [key, value] of Object.entries(node.headers)) {
        lines.push(`${indent}  <zeebe:header key="${esc(key)}" value="${esc(value)}" />`);
      }
      lines.push(`${indent}</zeebe:taskHeaders>`);
    }
    return lines;
  }

  private writeBoundary(out: string[], b: BoundarySpec, indent: string): void {
    out.push(
      `${indent}<bpmn:boundaryEvent id="${b.id}" name="${esc(b.name)}"${b.interrupting ? '' : ' cancelActivity="false"'} attachedToRef="${b.attachedTo}">`,
    );
    const inner = indent + '  ';
    const io = ioMappingLines(undefined, b.outputs, inner + '  ');
    if (io.length) {
      out.push(`${inner}<bpmn:extensionElements>`);
      out.push(...io);
      out.push(`${inner}</bpmn:extensionElements>`);
    }
    out.push(...this.flowRefs(b.id, inner));
    const d = b.definition;
    if (d.type === 'message') out.push(`${inner}<bpmn:messageEventDefinition id="${b.id}_Definition" messageRef="${d.message.id}" />`);
    if (d.type === 'timer') {
      out.push(`${inner}<bpmn:timerEventDefinition id="${b.id}_Definition">`);
      out.push(`${inner}  <bpmn:timeDate xsi:type="bpmn:tFormalExpression">${esc(d.timeDate)}</bpmn:timeDate>`);
      out.push(`${inner}</bpmn:timerEventDefinition>`);
    }
    if (d.type === 'error') {
      out.push(`${inner}<bpmn:errorEventDefinition id="${b.id}_Definition"${d.error ? ` errorRef="${d.error.id}"` : ''} />`);
    }
    out.push(`${indent}</bpmn:boundaryEvent>`);
  }

  /** External label of events and gateways: below events, above-left of gateways, beside boundary events. */
  private labelBounds(id: string): Bounds | undefined {
    const node = this.nodes.get(id);
    const boundary = this.boundaries.get(id);
    const name = node?.name ?? boundary?.name;
    const external = boundary || (node && ['startEvent', 'endEvent', 'messageCatch', 'exclusiveGateway'].includes(node.kind));
    if (!name || !external) return undefined;
    const b = this.bounds(id);
    const size = labelSize(name);
    const cx = b.x + b.width / 2;
    if (boundary) {
      const onLeftOfHost = boundary.offset < this.bounds(boundary.attachedTo).width / 2;
      const x = onLeftOfHost ? b.x - 4 - size.width : b.x + b.width + 4;
      const y = boundary.side === 'top' ? b.y - size.height : b.y + b.height;
      return { x, y, ...size };
    }
    // Above and to the left, clear of flows that leave or enter through the top corner.
    if (node?.kind === 'exclusiveGateway') return { x: cx - 6 - size.width, y: b.y - 2 - size.height, ...size };
    return { x: cx - size.width / 2, y: b.y + b.height + 6, ...size };
  }

  private writeDiagram(out: string[]): void {
    out.push(`  <bpmndi:BPMNDiagram id="BPMNDiagram_${this.header.id}">`);
    out.push(`    <bpmndi:BPMNPlane id="BPMNPlane_${this.header.id}" bpmnElement="${this.header.id}">`);
    const shape = (id: string, extra = '') => {
      const b = this.bounds(id);
      out.push(`      <bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"${extra}>`);
      out.push(`        <dc:Bounds x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" />`);
      const label = this.labelBounds(id);
      if (label) out.push(...labelLines(label, '        '));
      out.push('      </bpmndi:BPMNShape>');
    };
    // Sub-processes first so their children draw on top of them.
    for (const n of this.nodes.values()) if (n.kind === 'subProcess') shape(n.id, ' isExpanded="true"');
    for (const n of this.nodes.values()) if (n.kind !== 'subProcess') shape(n.id, n.kind === 'exclusiveGateway' ? ' isMarkerVisible="true"' : '');
    for (const b of this.boundaries.values()) shape(b.id);
    for (const f of this.flows) {
      out.push(`      <bpmndi:BPMNEdge id="${f.id}_di" bpmnElement="${f.id}">`);
      const points = this.waypoints(f);
      for (const p of points) out.push(`        <di:waypoint x="${p.x}" y="${p.y}" />`);
      if (f.name) {
        const size = labelSize(f.name);
        const [a, b] = points;
        const label = a.x === b.x ? { x: a.x + 6, y: a.y + (b.y > a.y ? 6 : -6 - size.height), ...size } : { x: a.x + 6, y: a.y - 4 - size.height, ...size };
        out.push(...labelLines(label, '        '));
      }
      out.push('      </bpmndi:BPMNEdge>');
    }
    out.push('    </bpmndi:BPMNPlane>');
    out.push('  </bpmndi:BPMNDiagram>');
  }
}

/** A rough size for a label in the modeler's 11px font: 12px per CJK character, lines of at most 96px. */
function labelSize(text: string): { width: number; height: number } {
  const width = [...text].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e7f ? 12 : 7), 0);
  const lines = Math.ceil(width / 96);
  return { width: Math.min(Math.max(width, 20), 96), height: 14 * lines };
}

function labelLines(b: Bounds, indent: string): string[] {
  return [`${indent}<bpmndi:BPMNLabel>`, `${indent}  <dc:Bounds x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" />`, `${indent}</bpmndi:BPMNLabel>`];
}

function ioMappingLines(inputs: Mapping[] | undefined, outputs: Mapping[] | undefined, indent: string): string[] {
  if (!inputs?.length && !outputs?.length) return [];
  return [
    `${indent}<zeebe:ioMapping>`,
    ...(inputs ?? []).map((m) => `${indent}  <zeebe:input source="${esc(m.source)}" target="${esc(m.target)}" />`),
    ...(outputs ?? []).map((m) => `${indent}  <zeebe:output source="${esc(m.source)}" target="${esc(m.target)}" />`),
    `${indent}</zeebe:ioMapping>`,
  ];
}

function dedupe(points: Point[]): Point[] {
  return points.filter((p, i) => i === 0 || p.x !== points[i - 1].x || p.y !== points[i - 1].y);
}

function intersects(a: Bounds, b: Bounds, tolerance: number): boolean {
  return a.x < b.x + b.width - tolerance && b.x < a.x + a.width - tolerance && a.y < b.y + b.height - tolerance && b.y < a.y + a.height - tolerance;
}

/** Whether an axis-parallel segment passes through the inside of a box (touching its border is fine). */
function segmentCrosses(a: Point, b: Point, box: Bounds): boolean {
  const inset = 2;
  const left = box.x + inset;
  const right = box.x + box.width - inset;
  const top = box.y + inset;
  const bottom = box.y + box.height - inset;
  if (a.y === b.y) {
    const [x1, x2] = a.x < b.x ? [a.x, b.x] : [b.x, a.x];
    return a.y > top && a.y < bottom && x2 > left && x1 < right;
  }
  const [y1, y2] = a.y < b.y ? [a.y, b.y] : [b.y, a.y];
  return a.x > left && a.x < right && y2 > top && y1 < bottom;
}

export function esc(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
