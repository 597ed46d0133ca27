/**
 * Try before deploy: a draft process runs on the embedded engine in a
 * throw-away in-memory SQLite database seeded with the demo registers, with a
 * sample case of its matter. The real check workers run against those copies;
 * every user task the draft reaches is completed with an approving decision
 * (or the decision the analyst picked for that element). What comes back is
 * the path taken (element ids in the order the instance left them), every
 * user task reached, and where the run stopped. The real database and the
 * real engine are never touched: everything lives in a database that is
 * closed and gone when the run ends.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BpmnModdle } from 'bpmn-moddle';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { nextApplicationNumber } from '../applications/numbering.js';
import { STATUS } from '../applications/statuses.js';
import { defineApplicationModels } from '../applications/models.js';
import { systemClock, type Clock } from '../clock.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/connection.js';
import { migrateUp } from '../db/migrator.js';
import { defineModels, type Models } from '../db/models/index.js';
import { isProfessionCode } from '../domain/professions.js';
import { EmbeddedEngine } from '../engine/embedded/index.js';
import type { Variables } from '../engine/port.js';
import type { FormComponent, FormSchema } from '../forms/schema.js';
import { HttpError } from '../http/errors.js';
import { startRuntime, type Runtime } from '../runtime.js';
import { seedDemo } from '../seed/demo.js';
import type { VersionLedger } from './versions.js';

/** The demo applicant of each profession: the sample case is theirs. */
const SAMPLE_APPLICANT: Record<string, string> = { architect: 'wangfang', engineer: 'zhangwei', constructor: 'lina', supervisor: 'liuyang' };
/** The demo employer filing the employers' own matters. */
const SAMPLE_EMPLOYER = 'qiye';
/** Values of a decision field that let a case go on, in the order they are preferred. */
const APPROVING = ['approve', 'accept', 'forward', 'report', 'agree', 'yes', 'true'];
/** A draft is given this long to reach its end; a run that takes longer stops where it is. */
const RUN_LIMIT_MS = 45_000;
/** How long nothing may happen before the run counts as stopped (a timer, an incident, a message it waits for). */
const IDLE_MS = 4_000;

export interface DryRunTask {
  elementId: string;
  name: string;
  formId: string | null;
  candidateGroups: string[];
  /** What was submitted on it (the decision and opinion). */
  submitted: Record<string, unknown>;
  /** Why it could not be completed, when it could not. */
  problem?: string;
}

export interface DryRunResult {
  processId: string;
  sampleCase: { matter: string; profession: string; applicant: string | null; employer: string | null; specialties: string[] };
  /** Element ids in the order the instance left them, then those it waits at. */
  path: string[];
  /** Elements it waits at when the run ended. */
  active: string[];
  userTasks: DryRunTask[];
  /** Whether the run published the ministry's announcement (公告) the process waited for. */
  announced: boolean;
  state: 'completed' | 'waiting' | 'incident' | 'canceled';
  incidents: Array<{ elementId: string; message: string }>;
  /** The case's status in the throw-away database at the end. */
  caseStatus: string;
  /** In Chinese: how the run ended. */
  outcome: string;
  elapsedMs: number;
}

export interface DryRunRequest {
  xml: unknown;
  /** elementId → value of the task's decision field, where the analyst wants something else than approving. */
  decisions?: unknown;
}

export interface DryRunDeps {
  versions: VersionLedger;
  /** The repository root: templates for the documents the workers write, the lint configuration. */
  rootDir: string;
  clock?: Clock;
}

/** The matter a process serves, read from its id (server/applications/matters.ts names them so). */
export function matterOfProcess(processId: string): { matter: string; profession: string; correctionKind?: 'photo-signature' | 'identity' } | null {
  if (processId === 'zhuce-enterprise-rename' || processId === 'zhuce-qualification-fix') return { matter: processId.replace(/^zhuce-/, ''), profession: 'architect,engineer' };
  const photo = /^zhuce-photo-signature-(\w+)$/.exec(processId);
  if (photo && isProfessionCode(photo[1])) return { matter: 'info-correction', profession: photo[1], correctionKind: 'photo-signature' };
  const m = /^zhuce-([a-z-]+)-(architect|engineer|constructor|supervisor)$/.exec(processId);
  if (!m) return null;
  return { matter: m[1], profession: m[2], ...(m[1] === 'info-correction' ? { correctionKind: 'identity' as const } : {}) };
}

/** The fields a form shows, flattened. */
function fieldsOf(components: FormComponent[] | undefined): FormComponent[] {
  return (components ?? []).flatMap((c) => (c.components ? fieldsOf(c.components) : c.key ? [c] : []));
}

/** A submission of a task's form that passes its validation and decides as asked (approving unless told otherwise). */
export function sampleSubmission(schema: FormSchema | undefined, decision?: string): Record<string, unknown> {
  const submitted: Record<string, unknown> = {};
  let decided = false;
  for (const field of fieldsOf(schema?.components)) {
    const key = field.key!;
    if (field.readonly || field.disabled || ['text', 'html', 'image', 'spacer', 'separator', 'button', 'filepicker'].includes(field.type)) continue;
    const values = ((field as { values?: Array<{ value: string }> }).values ?? []).map((v) => String(v.value));
    if (values.length && !decided && ['radio', 'select'].includes(field.type)) {
      decided = true;
      submitted[key] = decision && values.includes(decision) ? decision : (APPROVING.find((v) => values.includes(v)) ?? values[0]);
      continue;
    }
    if (!field.validate?.required) continue;
    if (values.length) submitted[key] = field.type === 'checklist' || field.type === 'taglist' ? [values[0]] : values[0];
    else if (field.type === 'checkbox') submitted[key] = true;
    else if (field.type === 'number') submitted[key] = 1;
    else if (field.type === 'datetime') submitted[key] = new Date().toISOString().slice(0, 10);
    else submitted[key] = '试运行：同意';
  }
  return submitted;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class DryRunner {
  constructor(private readonly deps: DryRunDeps) {}

  /** Refuses what cannot run with a 422 and a Chinese message; otherwise runs the draft and reports what happened. */
  async run(request: DryRunRequest, expectedProcessId?: string): Promise<DryRunResult> {
    if (typeof request.xml !== 'string' || !request.xml.trim()) throw new HttpError(422, '流程模型不能为空', 'xml');
    const xml = request.xml;
    let processId: string;
    try {
      const { rootElement, warnings } = await new BpmnModdle({ zeebe: zeebeModdle }).fromXML(xml);
      const fatal = (warnings ?? []).find((w: { message: string }) => /unparsable|unclosed|unexpected/i.test(w.message));
      if (fatal) throw new Error(fatal.message);
      const process = ((rootElement as unknown as { rootElements?: Array<{ $type: string; id: string }> }).rootElements ?? []).find((e) => e.$type === 'bpmn:Process');
      if (!process) throw new Error('no process');
      processId = process.id;
    } catch (err) {
      throw new HttpError(422, `试运行未开始：流程模型不是有效的 BPMN 文件（${(err as Error).message.split('\n')[0].slice(0, 200)}）`, 'xml');
    }
    if (expectedProcessId && processId !== expectedProcessId) throw new HttpError(422, `试运行未开始：流程标识必须是 ${expectedProcessId}`, 'xml');
    const matter = matterOfProcess(processId);
    if (!matter) throw new HttpError(422, `试运行未开始：流程 ${processId} 不对应任何申报事项，无法生成示例申报`, 'xml');
    const decisions = typeof request.decisions === 'object' && request.decisions !== null ? (request.decisions as Record<string, unknown>) : {};

    const forms = (await this.deps.versions.allLatest('form')).map((f) => ({ name: f.resourceName, source: f.source }));
    return this.inChild({ xml, processId, decisions, forms, rootDir: path.resolve(this.deps.rootDir) });
  }

  /**
   * The run happens in a child process: the models are classes bound to one
   * database per process, so a second database in this process would take
   * the real application's models with it.
   */
  private inChild(input: DryRunInput): Promise<DryRunResult> {
    return new Promise((resolve, reject) => {
      const child = fork(CHILD, [], { cwd: PROJECT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
        if (child.exitCode === null) child.kill();
      };
      const timer = setTimeout(() => settle(() => reject(new HttpError(504, '试运行超时：流程在限定时间内未能结束'))), RUN_LIMIT_MS + 60_000);
      child.on('message', (message: { result?: DryRunResult; error?: { status: number; message: string; field?: string } }) => {
        if (message.result) settle(() => resolve(message.result!));
        else if (message.error) settle(() => reject(new HttpError(message.error!.status, message.error!.message, message.error!.field)));
      });
      child.on('error', (err) => settle(() => reject(err)));
      child.on('exit', (code) => settle(() => reject(new Error(`dry run ended with code ${code}: ${stderr}`))));
      child.send(input);
    });
  }
}

export interface DryRunInput {
  xml: string;
  processId: string;
  decisions: Record<string, unknown>;
  forms: Array<{ name: string; source: string }>;
  rootDir: string;
}

const CHILD = fileURLToPath(new URL('./dry-run-child.ts', import.meta.url));
/** Where tsx, which the child runs under, is installed. */
const PROJECT = fileURLToPath(new URL('../..', import.meta.url));

/** The run itself, in the child process: sandbox, sample case, drive, report. */
export async function dryRunHere(input: DryRunInput, clock: Clock = systemClock): Promise<DryRunResult> {
  const matter = matterOfProcess(input.processId)!;
  const started = Date.now();
  const sandbox = await openSandbox(input, clock);
  try {
    return await drive(sandbox, input.processId, matter, input.decisions, started);
  } finally {
    await sandbox.close();
  }
}

/** The in-memory database, seeded, with the draft and the deployed forms on a fresh embedded engine. */
async function openSandbox(input: DryRunInput, clock: Clock) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhuce-dry-run-'));
  const sequelize = openDatabase(`sqlite:${path.join(dir, 'dry-run.sqlite')}`);
  let runtime: Runtime | undefined;
  const close = async () => {
    await runtime?.stop().catch(() => {});
    await sequelize.close().catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    fs.mkdirSync(path.join(dir, 'processes'));
    fs.mkdirSync(path.join(dir, 'forms'));
    fs.writeFileSync(path.join(dir, 'processes', 'draft.bpmn'), input.xml);
    for (const form of input.forms) fs.writeFileSync(path.join(dir, 'forms', path.basename(form.name)), form.source);
    fs.symlinkSync(path.resolve(input.rootDir, 'templates'), path.join(dir, 'templates'));
    const lintrc = path.join(input.rootDir, '.bpmnlintrc');
    if (fs.existsSync(lintrc)) fs.copyFileSync(lintrc, path.join(dir, '.bpmnlintrc'));

    await migrateUp(sequelize);
    const models = defineModels(sequelize);
    await seedDemo(sequelize, models, { clock, backgroundPersons: 0 });
    const engine = new EmbeddedEngine({ sequelize, clock });
    try {
      runtime = await startRuntime({ config: loadConfig({}), sequelize, models, clock, rootDir: dir, engine, log: () => {} });
    } catch (err) {
      throw new HttpError(422, `试运行未开始：嵌入式引擎拒绝了该流程（${(err as Error).message.slice(0, 300)}）`, 'xml');
    }
    return { sequelize, models, runtime, clock, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** A case of the matter in the throw-away database, as the start form would have written it. */
async function sampleCase(models: Models, sequelize: DrySandbox['sequelize'], clock: Clock, processId: string, matter: NonNullable<ReturnType<typeof matterOfProcess>>) {
  const employerFiles = !isProfessionCode(matter.profession);
  const applicantAccount = employerFiles ? null : await models.Account.findOne({ where: { username: SAMPLE_APPLICANT[matter.profession] } });
  const person = applicantAccount?.personId ? await models.Person.findByPk(applicantAccount.personId) : null;
  const { PersonEmployer } = defineApplicationModels(sequelize);
  const employment = person ? await PersonEmployer.findOne({ where: { personId: person.id } }) : null;
  const employerAccount = employerFiles ? await models.Account.findOne({ where: { username: SAMPLE_EMPLOYER } }) : null;
  const enterpriseId = employment?.enterpriseId ?? employerAccount?.enterpriseId ?? null;
  const enterprise = enterpriseId ? await models.Enterprise.findByPk(enterpriseId) : null;
  const registrations = person ? await models.Registration.findAll({ where: { personId: person.id, profession: matter.profession } }) : [];
  const qualifications = person ? await models.Qualification.findAll({ where: { idNumber: person.idNumber, profession: matter.profession } }) : [];
  const specialty = (matter.matter === 'initial' ? qualifications[0]?.specialty : registrations[0]?.specialty) ?? registrations[0]?.specialty ?? qualifications[0]?.specialty ?? null;
  const specialties = specialty ? [specialty] : [];
  const now = clock.now();
  const data: Record<string, unknown> = {
    processId,
    personalCommitment: 'accept',
    noticeAccepted: true,
    ...(specialty ? { specialty, specialty1: specialty, specialties } : {}),
    ...(enterprise ? { employerName: enterprise.name, employerCode: enterprise.creditCode } : {}),
    ...(qualifications[0] ? { qualificationNo: qualifications[0].certificateNumber, qualificationApprovalDate: qualifications[0].approvalDate } : {}),
    ...(matter.correctionKind ? { correctionKind: matter.correctionKind } : {}),
    ...(matter.matter === 'cancel' ? { filedBy: 'applicant', cancellationReason: '本人申请注销注册（试运行）' } : {}),
    ...(matter.matter === 'enterprise-rename' ? { newEnterpriseName: `${enterprise?.name ?? '示例企业'}（更名试运行）` } : {}),
    ...(matter.matter === 'qualification-fix' ? { qualificationCertificateNo: 'D133000000' } : {}),
  };
  const application = await sequelize.transaction(async (transaction) =>
    models.Application.create(
      {
        number: await nextApplicationNumber(models, matter.profession, now, transaction),
        matter: matter.matter,
        profession: matter.profession,
        personId: person?.id ?? null,
        enterpriseId: enterprise?.id ?? null,
        province: enterprise?.province ?? null,
        specialties: specialties.length ? specialties : null,
        status: employerFiles ? STATUS.employerReported : STATUS.submitted,
        data,
        flags: null,
        processInstanceKey: null,
        submittedAt: null,
        acceptedAt: null,
        decidedAt: null,
        createdAt: now,
        updatedAt: now,
      },
      { transaction },
    ),
  );
  const variables: Variables = {
    applicationId: String(application.id),
    profession: matter.profession,
    matter: matter.matter,
    employerCode: enterprise?.creditCode ?? null,
    province: enterprise?.province ?? null,
    ...(person ? { applicantId: String(person.id) } : {}),
    ...(matter.matter === 'cancel' ? { filedBy: 'applicant', cancellationReason: data.cancellationReason } : {}),
  };
  return { application, variables, sample: { matter: matter.matter, profession: matter.profession, applicant: person?.name ?? null, employer: enterprise?.name ?? null, specialties } };
}

async function drive(sandbox: DrySandbox, processId: string, matter: NonNullable<ReturnType<typeof matterOfProcess>>, decisions: Record<string, unknown>, started: number): Promise<DryRunResult> {
  const { models, runtime, clock } = sandbox;
  const { application, variables, sample } = await sampleCase(models, sandbox.sequelize, clock, processId, matter);
  const instance = await runtime.engine.createInstance(processId, variables);
  await application.update({ processInstanceKey: instance.processInstanceKey });
  const reviewer = (await models.Account.findOne({ where: { username: 'buji' } }))!;
  const userTasks: DryRunTask[] = [];
  const handled = new Set<number>();
  let lastChange = Date.now();
  let fingerprint = '';
  let stuck: string | null = null;
  let announced = false;
  let announcement = false;

  for (;;) {
    const detail = await runtime.engine.instance(instance.processInstanceKey);
    if (!detail) break;
    const print = `${detail.state}|${detail.completedElementIds.join(',')}|${detail.activeElementIds.join(',')}`;
    if (print !== fingerprint) {
      fingerprint = print;
      lastChange = Date.now();
    }
    if (detail.state !== 'active') break;
    const open = await models.InboxTask.findAll({ where: { processInstanceKey: instance.processInstanceKey, status: 'open' }, order: [['id', 'ASC']] });
    for (const task of open.filter((t) => !handled.has(t.id))) {
      handled.add(task.id);
      const candidates = (await models.InboxTaskCandidate.findAll({ where: { taskId: task.id } })).map((c) => c.candidateGroup);
      const wanted = decisions[task.elementId] ?? decisions['*'];
      const submitted = sampleSubmission(task.formId ? runtime.forms.get(task.formId) : undefined, typeof wanted === 'string' ? wanted : undefined);
      const entry: DryRunTask = { elementId: task.elementId, name: task.name, formId: task.formId, candidateGroups: candidates, submitted };
      userTasks.push(entry);
      try {
        await runtime.userTasks.complete(task.id, { accountId: reviewer.id, groups: candidates, username: task.assignee ?? reviewer.username }, submitted);
        lastChange = Date.now();
      } catch (err) {
        const errors = (err as { errors?: Array<{ message: string }> }).errors;
        entry.problem = errors?.length ? errors.map((e) => e.message).join('；') : (err as Error).message;
        stuck = `人工任务「${task.name}」无法自动办理：${entry.problem}`;
      }
    }
    if (stuck) break;
    if (detail.incidents.length) break;
    if (Date.now() - started > RUN_LIMIT_MS) break;
    if (!open.length && !announced && Date.now() - lastChange > IDLE_MS / 4) {
      // 公告: the ministry publishes approved cases; the process waits for that message.
      announced = true;
      try {
        await runtime.applications.publishAnnouncement(reviewer, [application.id]);
        announcement = true;
        lastChange = Date.now();
      } catch {
        // not a case awaiting its announcement
      }
    }
    if (!open.length && Date.now() - lastChange > IDLE_MS) break;
    await sleep(150);
  }

  const end = (await runtime.engine.instance(instance.processInstanceKey))!;
  await application.reload();
  const incidents = end.incidents.map((i) => ({ elementId: i.elementId, message: i.errorMessage }));
  const state: DryRunResult['state'] = end.state === 'completed' ? 'completed' : end.state === 'canceled' ? 'canceled' : incidents.length ? 'incident' : 'waiting';
  const catalogName = (id: string) => runtime.catalog.process(processId)?.elements.get(id)?.name ?? id;
  const outcome =
    state === 'completed'
      ? `流程已走完，申报状态：${application.status}`
      : state === 'incident'
        ? `流程在「${catalogName(incidents[0].elementId)}」出现事件：${incidents[0].message}`
        : stuck ?? (end.activeElementIds.length ? `流程停在「${end.activeElementIds.map(catalogName).join('」「')}」等待（计时器、消息或其他办理人）` : '流程未继续');
  return {
    processId,
    sampleCase: sample,
    // A boundary event is on the path only through what it started, which the path shows.
    path: [...end.completedElementIds, ...end.activeElementIds.filter((id) => !end.completedElementIds.includes(id))].filter((id) => runtime.catalog.process(processId)?.elements.get(id)?.type !== 'bpmn:BoundaryEvent'),
    active: end.activeElementIds,
    userTasks,
    announced: announcement,
    state,
    incidents,
    caseStatus: application.status,
    outcome,
    elapsedMs: Date.now() - started,
  };
}

type DrySandbox = { sequelize: ReturnType<typeof openDatabase>; models: Models; runtime: Runtime; clock: Clock; close(): Promise<void> };
