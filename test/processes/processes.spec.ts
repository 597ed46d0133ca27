import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { generatedFiles } from '../../processes/generator/outputs.js';
import { matterOf, type MatterCode, type ProfessionCode } from '../../server/domain/professions.js';

const require = createRequire(import.meta.url);
type LintReport = { id: string; message: string };
const { Linter } = require('bpmnlint') as {
  Linter: new (options: { config: unknown; resolver: unknown }) => { lint(root: unknown): Promise<Record<string, LintReport[]>> };
};
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver') as new () => unknown;

const root = path.resolve(import.meta.dirname, '..', '..');
const processDir = path.join(root, 'processes');
const formDir = path.join(root, 'forms');
const bpmnFiles = fs.readdirSync(processDir).filter((f) => f.endsWith('.bpmn')).sort();
const formIds = new Set(fs.readdirSync(formDir).filter((f) => f.endsWith('.form')).map((f) => f.replace(/\.form$/, '')));
const catalogue = fs.readFileSync(path.join(root, 'workers', 'CATALOGUE.md'), 'utf8');
const cataloguedJobTypes = new Set([...catalogue.matchAll(/^### `([^`]+)`/gm)].map((m) => m[1]));
const lintConfig = JSON.parse(fs.readFileSync(path.join(root, '.bpmnlintrc'), 'utf8'));

interface El {
  $type: string;
  id: string;
  name?: string;
  flowElements?: El[];
  extensionElements?: { values?: El[] };
  eventDefinitions?: El[];
  attachedToRef?: El;
  cancelActivity?: boolean;
  [key: string]: unknown;
}

interface Parsed {
  file: string;
  definitions: El & { rootElements: El[]; diagrams: Array<{ plane: { planeElement: Array<{ bpmnElement: El; bounds?: Bounds }> } }> };
  process: El;
  warnings: unknown[];
  elements: El[];
}

interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

function flatten(container: El): El[] {
  return (container.flowElements ?? []).flatMap((e) => [e, ...flatten(e)]);
}

function ext(element: El, type: string): El | undefined {
  return element.extensionElements?.values?.find((v) => v.$type === type);
}

const parsed = new Map<string, Parsed>();

async function load(file: string): Promise<Parsed> {
  const cached = parsed.get(file);
  if (cached) return cached;
  const moddle = new BpmnModdle({ zeebe: zeebeModdle });
  const { rootElement, warnings } = await moddle.fromXML(fs.readFileSync(path.join(processDir, file), 'utf8'));
  const definitions = rootElement as unknown as Parsed['definitions'];
  const processes = definitions.rootElements.filter((e) => e.$type === 'bpmn:Process');
  assert.equal(processes.length, 1, `${file}: one process per file`);
  const result = { file, definitions, process: processes[0], warnings, elements: flatten(processes[0]) };
  parsed.set(file, result);
  return result;
}

const ids = (p: Parsed) => new Set(p.elements.map((e) => e.id));
const byId = (p: Parsed, id: string) => p.elements.find((e) => e.id === id);
const userTasks = (p: Parsed) => p.elements.filter((e) => e.$type === 'bpmn:UserTask');

describe('process models', () => {
  it('exist for every matter each profession offers, and for the employer matters', () => {
    const expected = [
      ...['initial', 'change', 'renewal', 'modify-reissue', 'cancel', 'info-correction', 'photo-signature'].flatMap((m) => [
        `zhuce-${m}-architect.bpmn`,
        `zhuce-${m}-engineer.bpmn`,
      ]),
      ...['initial', 'renewal', 'add-specialty', 'cancel', 're-register', 'info-correction', 'photo-signature'].map((m) => `zhuce-${m}-constructor.bpmn`),
      ...['initial', 'change', 'renewal', 'add-specialty', 'cancel', 'info-correction', 'photo-signature'].map((m) => `zhuce-${m}-supervisor.bpmn`),
      'zhuce-enterprise-rename.bpmn',
      'zhuce-qualification-fix.bpmn',
    ].sort();
    assert.deepEqual(bpmnFiles, expected);
  });

  it('are what the generator writes, so the committed files and the generator agree', () => {
    for (const [relative, content] of generatedFiles()) {
      assert.equal(fs.readFileSync(path.join(root, relative), 'utf8'), content, `${relative} differs from the generator's output; run npx tsx processes/generator/generate.ts`);
    }
  });

  for (const file of bpmnFiles) {
    describe(file, () => {
      it('parses with bpmn-moddle and the zeebe extension without warnings', async () => {
        const p = await load(file);
        assert.deepEqual(p.warnings, []);
        assert.equal(p.process.id, file.replace(/\.bpmn$/, ''));
        assert.equal(p.process.isExecutable, true);
      });

      it('passes bpmnlint with the recommended and Camunda 8.6 rules', async () => {
        const p = await load(file);
        // The duplicate-flow rule keeps state between runs: one linter per file.
        const results = await new Linter({ config: lintConfig, resolver: new NodeResolver() }).lint(p.definitions);
        const reports = Object.entries(results).flatMap(([rule, list]) => list.map((r) => `${rule}: ${r.id} ${r.message}`));
        assert.deepEqual(reports, []);
      });

      it('names the process and every element in Chinese', async () => {
        const p = await load(file);
        const cjk = /[\u4e00-\u9fff]/;
        assert.match(p.process.name ?? '', cjk);
        for (const e of p.elements.filter((e) => e.$type !== 'bpmn:SequenceFlow')) assert.match(e.name ?? '', cjk, `${e.id} has no Chinese name`);
      });

      it('draws every element, without shapes on top of each other', async () => {
        const p = await load(file);
        const planeElements = p.definitions.diagrams.flatMap((d) => d.plane.planeElement);
        const drawn = new Set(planeElements.map((d) => d.bpmnElement.id));
        for (const e of p.elements) assert.ok(drawn.has(e.id), `${e.id} has no diagram element`);
        const shapes = planeElements.filter((d) => d.bounds && !['bpmn:SubProcess'].includes(d.bpmnElement.$type));
        for (let i = 0; i < shapes.length; i++) {
          for (let j = i + 1; j < shapes.length; j++) {
            const [a, b] = [shapes[i], shapes[j]];
            const attached = a.bpmnElement.attachedToRef === b.bpmnElement || b.bpmnElement.attachedToRef === a.bpmnElement;
            if (!attached) assert.ok(!overlaps(a.bounds!, b.bounds!), `${a.bpmnElement.id} overlaps ${b.bpmnElement.id}`);
          }
        }
      });

      it('links every user task and the start event to an existing form, and gives each task its candidates', async () => {
        const p = await load(file);
        const start = p.elements.find((e) => e.$type === 'bpmn:StartEvent' && e.$parent === p.process);
        const startForm = start && ext(start, 'zeebe:FormDefinition')?.formId;
        assert.ok(startForm && formIds.has(startForm as string), `start form ${String(startForm)} missing`);
        for (const task of userTasks(p)) {
          const formId = ext(task, 'zeebe:FormDefinition')?.formId as string | undefined;
          assert.ok(formId && formIds.has(formId), `${task.id}: form ${formId} missing`);
          const groups = ext(task, 'zeebe:AssignmentDefinition')?.candidateGroups as string | undefined;
          assert.match(groups ?? '', /^=\[.*\]$/, `${task.id}: candidate groups must be a FEEL list`);
          assert.equal(ext(task, 'zeebe:UserTask'), undefined, `${task.id} must be a job-worker user task`);
        }
      });

      it('uses only job types the worker catalogue describes', async () => {
        const p = await load(file);
        for (const task of p.elements.filter((e) => e.$type === 'bpmn:ServiceTask')) {
          const type = ext(task, 'zeebe:TaskDefinition')?.type as string | undefined;
          assert.ok(type && cataloguedJobTypes.has(type), `${task.id}: job type ${type} is not in workers/CATALOGUE.md`);
        }
      });

      it('correlates every message by the application id', async () => {
        const p = await load(file);
        for (const message of p.definitions.rootElements.filter((e) => e.$type === 'bpmn:Message')) {
          assert.equal(ext(message, 'zeebe:Subscription')?.correlationKey, '=applicationId', message.id);
        }
      });

      it('puts a reminder and an escalation timer, read from variables, on every decision task', async () => {
        const p = await load(file);
        const decisions = userTasks(p).filter((t) => /acceptance|review/.test(String(headers(t).stage)));
        for (const task of decisions) {
          const timers = p.elements.filter(
            (e) => e.$type === 'bpmn:BoundaryEvent' && e.attachedToRef?.id === task.id && e.eventDefinitions?.[0]?.$type === 'bpmn:TimerEventDefinition',
          );
          assert.equal(timers.length, 2, task.id);
          for (const timer of timers) {
            assert.equal(timer.cancelActivity, false, `${timer.id} must not interrupt`);
            const timeDate = (timer.eventDefinitions![0].timeDate as { body: string }).body;
            assert.match(timeDate, /^=(acceptance|review)(DueAt|RemindAt)$/);
          }
          assert.match(String(ext(task, 'zeebe:TaskSchedule')?.dueDate), /^=(acceptance|review)DueAt$/);
        }
      });
    });
  }

  describe('on a Zeebe broker (ZEEBE_GRPC_ADDRESS)', function () {
    this.timeout(60_000);
    const address = process.env.ZEEBE_GRPC_ADDRESS;

    before(function () {
      if (!address) this.skip();
    });

    it('are accepted, with every form, in one deployment', async () => {
      // given every process and form
      const { Zeebe } = await import('@camunda8/sdk');
      const client = new Zeebe.ZeebeGrpcClient({
        config: { ZEEBE_GRPC_ADDRESS: address, CAMUNDA_AUTH_STRATEGY: 'NONE', CAMUNDA_LOG_LEVEL: 'error', zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'ERROR' } },
      });
      try {
        const resources = [
          ...[...formIds].map((id) => ({ name: `${id}.form`, form: fs.readFileSync(path.join(formDir, `${id}.form`)) })),
          ...bpmnFiles.map((name) => ({ name, process: fs.readFileSync(path.join(processDir, name)) })),
        ];
        // when
        const response = await client.deployResources(resources);
        // then
        assert.equal(response.deployments.length, resources.length);
      } finally {
        await client.close();
      }
    });
  });

  describe('matter codes', () => {
    it('carry 事项编码, profession and matter from the domain data', async () => {
      for (const file of bpmnFiles.filter((f) => !/enterprise-rename|qualification-fix/.test(f))) {
        const p = await load(file);
        const properties = propertiesOf(p.process);
        const profession = properties.profession as ProfessionCode;
        const matter = properties.matter as MatterCode;
        assert.equal(properties.matterCode, matterOf(profession, matter)?.matterCode, file);
      }
    });
  });

  describe('the chains of SPEC §4', () => {
    it('send architects through the provincial stage before the ministry, and engineers straight to the ministry', async () => {
      for (const matter of ['initial', 'change', 'renewal', 'modify-reissue']) {
        const architect = ids(await load(`zhuce-${matter}-architect.bpmn`));
        const engineer = ids(await load(`zhuce-${matter}-engineer.bpmn`));
        for (const id of ['Task_StatusProvinceNotAccepted', 'Task_ProvinceAcceptance', 'Task_ProvinceReview', 'Task_MinistryAcceptance']) {
          assert.ok(architect.has(id), `${matter} architect lacks ${id}`);
        }
        assert.ok(!engineer.has('Task_ProvinceAcceptance'), `${matter} engineer has a provincial stage`);
        assert.ok(engineer.has('Task_MinistryAcceptance'));
      }
      assert.ok(ids(await load('zhuce-cancel-architect.bpmn')).has('Task_ProvinceReview'));
    });

    it('let the architects’ provincial review forward the case as 部级未受理', async () => {
      const p = await load('zhuce-initial-architect.bpmn');
      const forward = p.elements.find((e) => e.$type === 'bpmn:SequenceFlow' && (e.sourceRef as El).id === 'Gateway_ProvinceReviewDecision' && (e.targetRef as El).id === 'Task_StatusMinistryNotAccepted');
      assert.ok(forward, 'province approval leads to 部级未受理');
      assert.equal(headers(byId(p, 'Task_StatusMinistryNotAccepted')!).status, '部级未受理');
    });

    it('give 一级建造师 增项注册 no employer step', async () => {
      const add = ids(await load('zhuce-add-specialty-constructor.bpmn'));
      assert.ok(!add.has('Task_EmployerReport'));
      assert.ok(ids(await load('zhuce-initial-constructor.bpmn')).has('Task_EmployerReport'));
      assert.ok(ids(await load('zhuce-add-specialty-supervisor.bpmn')).has('Task_EmployerReport'));
    });

    it('process 一级建造师 注销 at once, without any human step', async () => {
      const p = await load('zhuce-cancel-constructor.bpmn');
      assert.deepEqual(userTasks(p), []);
      assert.ok(ids(p).has('Task_CancelRegistration'));
      assert.equal(headers(byId(p, 'Task_CancellationCertificate')!).document, 'cancellation-certificate');
    });

    it('offer 一级建造师 no 变更注册 and 更改补办 only to architects and engineers', () => {
      assert.ok(!bpmnFiles.includes('zhuce-change-constructor.bpmn'));
      assert.deepEqual(
        bpmnFiles.filter((f) => f.startsWith('zhuce-modify-reissue-')),
        ['zhuce-modify-reissue-architect.bpmn', 'zhuce-modify-reissue-engineer.bpmn'],
      );
    });

    it('refuse 一级建造师 with a 不予注册告知书 on a duplicate registration, and only flag it for the others', async () => {
      const constructor = await load('zhuce-initial-constructor.bpmn');
      assert.equal(headers(byId(constructor, 'Task_CheckDuplicatePerson')!).consequence, 'refusal');
      assert.equal(headers(byId(constructor, 'Task_DuplicateRefusalNotice')!).document, 'refusal-notice');
      const engineer = await load('zhuce-initial-engineer.bpmn');
      assert.equal(headers(byId(engineer, 'Task_CheckDuplicatePerson')!).consequence, 'anomaly');
      assert.ok(!ids(engineer).has('Gateway_DuplicatePerson'));
    });

    it('ask the employer before a forwarded case is withdrawn, except for 一级建造师 who cannot withdraw then', async () => {
      const engineer = await load('zhuce-initial-engineer.bpmn');
      const requested = boundaryMessages(engineer, 'withdrawal-requested');
      assert.deepEqual(requested.map((b) => b.attachedToRef!.id).sort(), ['Task_MinistryAcceptance', 'Task_MinistryApplicantCorrection']);
      assert.equal(ext(byId(engineer, 'Task_MinistryAcceptanceWithdrawalConsent')!, 'zeebe:FormDefinition')?.formId, 'employer-withdrawal-consent');
      assert.deepEqual(boundaryMessages(engineer, 'application-withdrawn').map((b) => b.attachedToRef!.id), ['Task_EmployerReport']);

      const constructor = await load('zhuce-initial-constructor.bpmn');
      assert.deepEqual(boundaryMessages(constructor, 'withdrawal-requested'), []);
      assert.deepEqual(boundaryMessages(constructor, 'application-withdrawn').map((b) => b.attachedToRef!.id), ['Task_EmployerReport']);
    });

    it('loop corrections back to acceptance for any number of rounds', async () => {
      const p = await load('zhuce-initial-engineer.bpmn');
      const back = p.elements.find((e) => e.$type === 'bpmn:SequenceFlow' && (e.sourceRef as El).id === 'Task_StatusMinistryCorrected');
      assert.equal((back!.targetRef as El).id, 'Gateway_MinistryCorrectionJoin');
      assert.equal(headers(byId(p, 'Task_StatusMinistryCorrectionRequested')!).status, '部级未受理(待补正)');
    });

    it('wait for the announcement and issue the certificate after approval', async () => {
      const p = await load('zhuce-renewal-engineer.bpmn');
      const catchEvent = byId(p, 'Catch_AnnouncementPublished')!;
      assert.equal((catchEvent.eventDefinitions![0].messageRef as El).name, 'announcement-published');
      assert.equal(ext(byId(p, 'Task_IssueCertificate')!, 'zeebe:TaskDefinition')?.type, 'zhuce.issue-certificate');
      assert.ok(!ids(await load('zhuce-modify-reissue-engineer.bpmn')).has('Catch_AnnouncementPublished'));
    });

    it('have their own processes for enterprise rename, 补正资质 and personal data', async () => {
      assert.ok(ids(await load('zhuce-enterprise-rename.bpmn')).has('Task_CheckRenamePreconditions'));
      assert.ok(ids(await load('zhuce-qualification-fix.bpmn')).has('Task_ApplyQualificationFix'));
      const identity = await load('zhuce-info-correction-constructor.bpmn');
      assert.equal(headers(byId(identity, 'Task_ApplyProfileChange')!).change, 'identity');
      const photo = await load('zhuce-photo-signature-constructor.bpmn');
      assert.equal(headers(byId(photo, 'Task_ApplyProfileChange')!).change, 'photo-signature');
    });
  });
});

function headers(element: El): Record<string, string> {
  const list = ext(element, 'zeebe:TaskHeaders')?.values as unknown as Array<{ key: string; value: string }> | undefined;
  return Object.fromEntries((list ?? []).map((h) => [h.key, h.value]));
}

function propertiesOf(process: El): Record<string, string> {
  const list = ext(process, 'zeebe:Properties')?.properties as Array<{ name: string; value: string }> | undefined;
  return Object.fromEntries((list ?? []).map((p) => [p.name, p.value]));
}

function boundaryMessages(p: Parsed, name: string): El[] {
  return p.elements.filter((e) => e.$type === 'bpmn:BoundaryEvent' && (e.eventDefinitions?.[0]?.messageRef as El | undefined)?.name === name);
}

function overlaps(a: Bounds, b: Bounds): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
