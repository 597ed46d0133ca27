/**
 * The translation of Zeebe-flavoured BPMN into what Operaton runs: one test
 * per rule (pure, no engine), then every file of processes/ translated, and
 * deployed on Operaton when OPERATON_URLS names its nodes.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BpmnModdle } from 'bpmn-moddle';
import { propertiesByElement } from '../../../../server/engine/operaton/definitions.js';
import operatonModdle from '../../../../server/engine/operaton/operaton-moddle.json' with { type: 'json' };
import { OperatonRest } from '../../../../server/engine/operaton/rest-client.js';
import { correlationVariable, feelNames, translateToOperaton, TranslationRefused, USER_TASK_TOPIC } from '../../../../server/engine/operaton/translate.js';
import { operatonFromEnv } from '../../../support/operaton.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const processDir = path.join(root, 'processes');

/** A process of the given flow elements, with the namespaces the generator writes. */
function definitions(body: string, roots = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process>${roots}
</bpmn:definitions>`;
}

type El = { $type: string; id: string; [key: string]: unknown };

/** The translated file, read back: elements by id, with their operaton extensions. */
async function translated(xml: string) {
  const out = await translateToOperaton('p.bpmn', xml);
  const { rootElement } = await new BpmnModdle({ operaton: operatonModdle }).fromXML(out);
  const process = (rootElement as unknown as { rootElements: El[] }).rootElements.find((r) => r.$type === 'bpmn:Process')!;
  const byId = new Map<string, El>();
  const walk = (container: El) => {
    for (const e of (container.flowElements as El[] | undefined) ?? []) {
      byId.set(e.id, e);
      walk(e);
    }
  };
  walk(process);
  const ext = (id: string, type: string) => ((byId.get(id)?.extensionElements as { values?: El[] } | undefined)?.values ?? []).find((v) => v.$type === type);
  const params = (id: string, kind: 'inputParameters' | 'outputParameters') =>
    Object.fromEntries(((ext(id, 'operaton:InputOutput')?.[kind] as El[] | undefined) ?? []).map((p) => [p.name, (p.definition as { value: string }).value]));
  return {
    xml: out,
    process,
    element: (id: string) => byId.get(id)!,
    properties: (id: string) => propertiesByElement(out).get(id) ?? {},
    inputs: (id: string) => params(id, 'inputParameters'),
    outputs: (id: string) => params(id, 'outputParameters'),
    ext,
  };
}

async function refusal(xml: string): Promise<TranslationRefused> {
  try {
    await translateToOperaton('p.bpmn', xml);
  } catch (err) {
    if (err instanceof TranslationRefused) return err;
    throw err;
  }
  throw new Error('the translation was not refused');
}

describe('operaton translation', () => {
  it('turns a zeebe:taskDefinition into an external task whose topic is the job type, headers and retries as properties', async () => {
    // given
    const xml = definitions(`
      <bpmn:serviceTask id="T" name="社保核查"><bpmn:extensionElements>
        <zeebe:taskDefinition type="zhuce.check-social-security" retries="5" />
        <zeebe:taskHeaders><zeebe:header key="source" value="profile" /></zeebe:taskHeaders>
      </bpmn:extensionElements></bpmn:serviceTask>`);
    // when
    const t = await translated(xml);
    // then
    assert.equal(t.element('T').$type, 'bpmn:ServiceTask');
    assert.match(t.xml, /<bpmn:serviceTask id="T" name="社保核查" operaton:type="external" operaton:topic="zhuce.check-social-security">/);
    assert.equal(t.properties('T').source, 'profile');
    assert.equal(t.properties('T').__zeebe_retries, '5');
    assert.doesNotMatch(t.xml, /<zeebe:/, 'no zeebe extension is left');
  });

  it('turns a job-worker user task into an external task of the user-task topic with its form, static groups and FEEL assignment', async () => {
    // given
    const xml = definitions(`
      <bpmn:userTask id="U" name="部级受理"><bpmn:extensionElements>
        <zeebe:formDefinition formId="ministry-acceptance" />
        <zeebe:assignmentDefinition candidateGroups="=[&quot;ministry:&quot; + profession]" assignee="reviewer1" />
        <zeebe:taskSchedule dueDate="=acceptanceDueAt" />
        <zeebe:taskHeaders><zeebe:header key="stage" value="acceptance" /></zeebe:taskHeaders>
      </bpmn:extensionElements></bpmn:userTask>
      <bpmn:userTask id="S"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="a, b" /></bpmn:extensionElements></bpmn:userTask>`);
    // when
    const t = await translated(xml);
    // then
    assert.equal(t.element('U').$type, 'bpmn:ServiceTask', 'retagged: Operaton runs external tasks as service tasks');
    assert.equal(t.element('U').topic, USER_TASK_TOPIC);
    assert.deepEqual(t.properties('U'), {
      __zeebe_retries: '3',
      stage: 'acceptance',
      __zeebe_formId: 'ministry-acceptance',
      'io.camunda.zeebe:assignee': 'reviewer1',
      __zeebe_errorVariables: 'plain',
    });
    assert.deepEqual(t.inputs('U'), { __zeebe_candidateGroups: '["ministry:" + profession]', __zeebe_dueDate: 'acceptanceDueAt' });
    assert.equal(t.properties('S')['io.camunda.zeebe:candidateGroups'], '["a","b"]');
  });

  it('maps zeebe:ioMapping to FEEL input and output parameters, static sources as FEEL strings, and marks tasks with outputs', async () => {
    // given
    const xml = definitions(`
      <bpmn:serviceTask id="T"><bpmn:extensionElements>
        <zeebe:taskDefinition type="zhuce.compute-deadline" />
        <zeebe:ioMapping>
          <zeebe:input source="=applicant.name" target="name" />
          <zeebe:input source="公告编号" target="label" />
          <zeebe:output source="=dueAt" target="reviewDueAt" />
        </zeebe:ioMapping>
      </bpmn:extensionElements></bpmn:serviceTask>`);
    // when
    const t = await translated(xml);
    // then
    assert.deepEqual(t.inputs('T'), { name: 'applicant.name', label: '"公告编号"' });
    assert.deepEqual(t.outputs('T'), { reviewDueAt: 'dueAt' });
    assert.equal(t.properties('T').__zeebe_outputs, 'true', 'the adapter completes it with local variables');
    assert.match(t.xml, /<operaton:script scriptFormat="feel">applicant.name<\/operaton:script>/);
  });

  it('gives FEEL conditions the feel language and drops the leading "="', async () => {
    // given
    const xml = definitions(`
      <bpmn:exclusiveGateway id="G" default="F2" />
      <bpmn:endEvent id="E1" /><bpmn:endEvent id="E2" />
      <bpmn:sequenceFlow id="F1" sourceRef="G" targetRef="E1">
        <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=reviewDecision != "approve"</bpmn:conditionExpression>
      </bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="F2" sourceRef="G" targetRef="E2" />`);
    // when
    const t = await translated(xml);
    // then
    const condition = t.element('F1').conditionExpression as { language: string; body: string };
    assert.equal(condition.language, 'feel');
    assert.equal(condition.body, 'reviewDecision != "approve"');
  });

  it('reads a timer from a plain variable as ${name}, and computes any other FEEL timer into a local variable of the waiting element', async () => {
    // given
    const xml = definitions(`
      <bpmn:serviceTask id="T"><bpmn:extensionElements><zeebe:taskDefinition type="x" /></bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:boundaryEvent id="B" attachedToRef="T" cancelActivity="false">
        <bpmn:timerEventDefinition><bpmn:timeDate xsi:type="bpmn:tFormalExpression">=reviewDueAt</bpmn:timeDate></bpmn:timerEventDefinition>
      </bpmn:boundaryEvent>
      <bpmn:boundaryEvent id="B2" attachedToRef="T" cancelActivity="false">
        <bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">=duration(cooling)</bpmn:timeDuration></bpmn:timerEventDefinition>
      </bpmn:boundaryEvent>
      <bpmn:intermediateCatchEvent id="C">
        <bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">=duration("PT" + string(days) + "D")</bpmn:timeDuration></bpmn:timerEventDefinition>
      </bpmn:intermediateCatchEvent>
      <bpmn:intermediateCatchEvent id="S">
        <bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1S</bpmn:timeDuration></bpmn:timerEventDefinition>
      </bpmn:intermediateCatchEvent>`);
    // when
    const t = await translated(xml);
    // then
    const timer = (id: string, field: string) => ((t.element(id).eventDefinitions as El[])[0][field] as { body: string }).body;
    assert.equal(timer('B', 'timeDate'), '${reviewDueAt}');
    assert.equal(timer('B2', 'timeDuration'), '${__zeebe_timer_B2}');
    assert.equal(t.inputs('T').__zeebe_timer_B2, 'string(duration(cooling))', 'a boundary timer is computed on its host');
    assert.equal(timer('C', 'timeDuration'), '${__zeebe_timer_C}');
    assert.equal(t.inputs('C').__zeebe_timer_C, 'string(duration("PT" + string(days) + "D"))');
    assert.equal(timer('S', 'timeDuration'), 'PT1S', 'static timers stay');
  });

  it('keeps the correlation key of a waiting message in a local variable of the catch event, or of the host of a boundary event', async () => {
    // given
    const roots = `
      <bpmn:message id="M1" name="zhuce.application-withdrawn"><bpmn:extensionElements><zeebe:subscription correlationKey="=applicationId" /></bpmn:extensionElements></bpmn:message>
      <bpmn:message id="M2" name="zhuce.announcement-published"><bpmn:extensionElements><zeebe:subscription correlationKey="=string(batch)" /></bpmn:extensionElements></bpmn:message>`;
    const xml = definitions(
      `<bpmn:serviceTask id="T"><bpmn:extensionElements><zeebe:taskDefinition type="x" /></bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:boundaryEvent id="B" attachedToRef="T"><bpmn:messageEventDefinition messageRef="M1" /></bpmn:boundaryEvent>
      <bpmn:intermediateCatchEvent id="C"><bpmn:messageEventDefinition messageRef="M2" /></bpmn:intermediateCatchEvent>
      <bpmn:receiveTask id="R" messageRef="M1" />`,
      roots,
    );
    // when
    const t = await translated(xml);
    // then
    assert.equal(t.inputs('T')[correlationVariable('zhuce.application-withdrawn')], 'applicationId');
    assert.equal(t.inputs('C')[correlationVariable('zhuce.announcement-published')], 'string(batch)');
    assert.equal(t.inputs('R')[correlationVariable('zhuce.application-withdrawn')], 'applicationId');
    assert.notEqual(correlationVariable('a'), correlationVariable('b'));
  });

  it('applies the output mappings of an error boundary event in a throw event after it, reading the error variables from their wrapper', async () => {
    // given
    const xml = definitions(
      `<bpmn:subProcess id="Sub">
        <bpmn:serviceTask id="Inner"><bpmn:extensionElements><zeebe:taskDefinition type="zhuce.check-qualification" /></bpmn:extensionElements></bpmn:serviceTask>
      </bpmn:subProcess>
      <bpmn:serviceTask id="Outside"><bpmn:extensionElements><zeebe:taskDefinition type="y" /></bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:boundaryEvent id="Failed" attachedToRef="Sub">
        <bpmn:extensionElements><zeebe:ioMapping><zeebe:output source="=checkFailure.message" target="opinion" /></zeebe:ioMapping></bpmn:extensionElements>
        <bpmn:outgoing>F</bpmn:outgoing>
        <bpmn:errorEventDefinition />
      </bpmn:boundaryEvent>
      <bpmn:endEvent id="E"><bpmn:incoming>F</bpmn:incoming></bpmn:endEvent>
      <bpmn:sequenceFlow id="F" sourceRef="Failed" targetRef="E" />`,
    );
    // when
    const t = await translated(xml);
    // then the boundary leads to the mapping event, which leads on to where the boundary led
    const event = '__zeebe_outputs_Failed';
    assert.equal(t.element(event).$type, 'bpmn:IntermediateThrowEvent');
    assert.equal((t.element('F').sourceRef as El).id, event);
    assert.equal(((t.element('Failed').outgoing as El[])[0].targetRef as El).id, event);
    assert.deepEqual(t.outputs(event), { opinion: 'checkFailure.message', __zeebe_error: 'null' });
    assert.match(t.inputs(event).checkFailure, /get value\(__zeebe_error, "checkFailure"\)/);
    assert.equal(t.ext('Failed', 'operaton:InputOutput'), undefined, 'Operaton refuses mappings on boundary events');
    // and only tasks under the boundary's host hand their error variables over wrapped
    assert.equal(t.properties('Inner').__zeebe_errorVariables, 'wrap');
    assert.equal(t.properties('Outside').__zeebe_errorVariables, 'plain');
  });

  it('calls the child process by id and passes variables both ways as Zeebe propagates them', async () => {
    // given
    const xml = definitions(`
      <bpmn:callActivity id="Call"><bpmn:extensionElements><zeebe:calledElement processId="child" propagateAllChildVariables="true" /></bpmn:extensionElements></bpmn:callActivity>
      <bpmn:callActivity id="Quiet"><bpmn:extensionElements><zeebe:calledElement processId="child" propagateAllChildVariables="false" /></bpmn:extensionElements></bpmn:callActivity>`);
    // when
    const t = await translated(xml);
    // then
    assert.equal(t.element('Call').calledElement, 'child');
    assert.equal(t.ext('Call', 'operaton:In')?.variables, 'all');
    assert.equal(t.ext('Call', 'operaton:Out')?.variables, 'all');
    assert.equal(t.ext('Quiet', 'operaton:Out'), undefined);
  });

  it('gives every process a history time to live, which Operaton requires', async () => {
    const t = await translated(definitions('<bpmn:startEvent id="S" />'));
    assert.equal(t.process.historyTimeToLive, 'P180D');
  });

  it('refuses, naming each element, what it cannot translate', async () => {
    // given
    const xml = definitions(`
      <bpmn:serviceTask id="NoType" />
      <bpmn:serviceTask id="FeelType"><bpmn:extensionElements><zeebe:taskDefinition type="=kind" /></bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:serviceTask id="Many"><bpmn:extensionElements><zeebe:taskDefinition type="x" /></bpmn:extensionElements>
        <bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=items" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
      </bpmn:serviceTask>
      <bpmn:scriptTask id="Script"><bpmn:extensionElements><zeebe:script expression="=1" resultVariable="r" /></bpmn:extensionElements></bpmn:scriptTask>
      <bpmn:intermediateCatchEvent id="NoKey"><bpmn:messageEventDefinition messageRef="M" /></bpmn:intermediateCatchEvent>
      <bpmn:sequenceFlow id="Juel" sourceRef="NoType" targetRef="FeelType"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${ok}</bpmn:conditionExpression></bpmn:sequenceFlow>`,
      '<bpmn:message id="M" name="m" />');
    // when
    const refused = await refusal(xml);
    // then
    const ids = refused.findings.map((f) => f.elementId);
    for (const id of ['NoType', 'FeelType', 'Many', 'Script', 'NoKey', 'Juel']) assert.ok(ids.includes(id), `${id} is named: ${refused.message}`);
    assert.match(refused.message, /无法部署到 Operaton/);
  });

  it('refuses a file that is not BPMN', async () => {
    const refused = await refusal('<not-bpmn');
    assert.match(refused.findings[0].message, /不是有效的 BPMN 文件/);
  });

  it('finds the variables a FEEL expression reads, not its strings, paths or functions', () => {
    assert.deepEqual(feelNames('if a.b > 1 then string(c) + "d e" else null'), ['a', 'c']);
  });

  describe('of every process in processes/', () => {
    const files = fs.readdirSync(processDir).filter((f) => f.endsWith('.bpmn'));

    it('translates each file, keeping its process ids, element ids and diagram', async () => {
      for (const file of files) {
        // given
        const source = fs.readFileSync(path.join(processDir, file), 'utf8');
        // when
        const out = await translateToOperaton(file, source);
        // then
        for (const [, id] of source.matchAll(/<bpmn:(?:serviceTask|userTask|boundaryEvent|intermediateCatchEvent|exclusiveGateway) id="([^"]+)"/g)) {
          assert.ok(out.includes(`id="${id}"`), `${file} keeps ${id}`);
        }
        assert.equal((out.match(/<bpmndi:BPMNShape /g) ?? []).length, (source.match(/<bpmndi:BPMNShape /g) ?? []).length, `${file} keeps its diagram`);
        assert.doesNotMatch(out, /<zeebe:|<bpmn:userTask/, file);
      }
    });

    describe('deployed on Operaton (OPERATON_URLS)', function () {
      this.timeout(300_000);
      const settings = operatonFromEnv();

      before(function () {
        if (typeof settings === 'string') {
          console.log(`      skipped: ${settings}`);
          this.skip();
        }
      });

      it('deploys every translated file with every form in one deployment, and the engine lists each process', async () => {
        // given
        const rest = new OperatonRest(settings as Exclude<typeof settings, string>);
        const form = new FormData();
        form.append('deployment-name', `translate-spec-${Date.now()}`);
        const formDir = path.join(root, 'forms');
        for (const file of fs.readdirSync(formDir).filter((f) => f.endsWith('.form'))) {
          form.append(file, new Blob([fs.readFileSync(path.join(formDir, file))]), file);
        }
        const processIds: string[] = [];
        for (const file of files) {
          const out = await translateToOperaton(file, fs.readFileSync(path.join(processDir, file), 'utf8'));
          processIds.push(...[...out.matchAll(/<bpmn:process id="([^"]+)"/g)].map((m) => m[1]));
          form.append(file, new Blob([out]), file);
        }
        // when
        const deployment = await rest.post<{ id: string; deployedProcessDefinitions: Record<string, { key: string }> }>('/deployment/create', form, { timeoutMs: 240_000 });
        // then
        const deployed = Object.values(deployment.deployedProcessDefinitions).map((d) => d.key).sort();
        assert.deepEqual(deployed, [...processIds].sort());
      });
    });
  });
});
