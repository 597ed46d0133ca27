/**
 * What a process or form must pass before the studio deploys it; every
 * finding is in Chinese and names the element or field, and one finding is
 * enough to deploy nothing:
 *
 * - bpmnlint with the project's Camunda 8.6 rules (lint.ts);
 * - job types from the catalogue only, user tasks linked to a deployed form;
 * - the embedded engine's own deploy-time validation, on a throw-away engine
 *   in an in-memory database;
 * - the Operaton translation, so a process deployable here is deployable on
 *   both engines whichever one runs.
 */
import { BpmnModdle } from 'bpmn-moddle';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { systemClock } from '../clock.js';
import { openDatabase } from '../db/connection.js';
import { migrateUp } from '../db/migrator.js';
import { EmbeddedEngine } from '../engine/embedded/index.js';
import { translateToOperaton, TranslationRefused } from '../engine/operaton/translate.js';
import type { Resource } from '../engine/port.js';
import { DISPLAY_ONLY } from '../forms/component-validators.js';
import type { FormComponent } from '../forms/schema.js';
import { BpmnLinter, type Finding } from './lint.js';
import { jobTitle, KNOWN_JOB_TYPES } from './templates.js';

export type { Finding };

type El = {
  $type: string;
  id: string;
  name?: string;
  flowElements?: El[];
  extensionElements?: { values?: El[] };
  [key: string]: unknown;
};

const error = (elementId: string, message: string, source: string): Finding => ({ elementId, message, source, severity: 'error' });

function walk(container: El, visit: (e: El) => void): void {
  for (const e of container.flowElements ?? []) {
    visit(e);
    walk(e, visit);
  }
}

const ext = (e: El, type: string) => (e.extensionElements?.values ?? []).filter((v) => v.$type === type);
const label = (e: El) => (e.name ? `${e.name}（${e.id}）` : e.id);

/** Runs a throw-away embedded engine on an in-memory database: what it accepts, and later a dry run. */
export async function withScratchEngine<T>(use: (engine: EmbeddedEngine) => Promise<T>): Promise<T> {
  const sequelize = openDatabase('sqlite::memory:');
  try {
    await migrateUp(sequelize);
    const engine = new EmbeddedEngine({ sequelize, clock: systemClock, log: () => {} });
    return await use(engine);
  } finally {
    await sequelize.close();
  }
}

/** "Element: Task_X - message" lines of the embedded engine's DeployError. */
function embeddedFindings(message: string, resourceName: string): Finding[] {
  const lines = [...message.matchAll(/Element: ([^\s]+) - (.+)/g)];
  if (!lines.length) return [error(resourceName, `嵌入式引擎拒绝部署：${message}`, '嵌入式引擎')];
  return lines.map((m) => error(m[1], `嵌入式引擎不能执行此元素：${m[2]}`, '嵌入式引擎'));
}

export class DeployChecks {
  private readonly linter: BpmnLinter;

  constructor(rootDir: string) {
    this.linter = new BpmnLinter(rootDir);
  }

  /** Lint and the catalogue's job types and forms: the checks the designer runs while the analyst models. */
  async quick(xml: string, formIds: ReadonlySet<string>): Promise<Finding[]> {
    const findings = await this.linter.lint(xml);
    if (findings.some((f) => f.source === 'BPMN')) return findings;
    const { rootElement } = await new BpmnModdle({ zeebe: zeebeModdle }).fromXML(xml);
    const processes = ((rootElement as unknown as { rootElements: El[] }).rootElements ?? []).filter((e) => e.$type === 'bpmn:Process');
    if (!processes.length) findings.push(error('流程文件', '文件中没有流程', 'BPMN'));
    for (const process of processes) {
      walk(process, (e) => {
        for (const definition of ext(e, 'zeebe:TaskDefinition')) {
          const type = String(definition.type ?? '').trim();
          if (!type) findings.push(error(e.id, `${label(e)} 没有作业类型：请从模板列表选择一个办理步骤`, '作业类型'));
          else if (type.startsWith('=')) findings.push(error(e.id, `${label(e)} 的作业类型不能是表达式（${type}）：请从模板列表选择`, '作业类型'));
          else if (!KNOWN_JOB_TYPES.has(type)) {
            findings.push(error(e.id, `${label(e)} 的作业类型 ${type} 不在作业目录中（workers/CATALOGUE.md），没有程序会办理它：请从模板列表选择`, '作业类型'));
          }
        }
        for (const form of ext(e, 'zeebe:FormDefinition')) {
          const formId = form.formId as string | undefined;
          if (formId && !formIds.has(formId)) findings.push(error(e.id, `${label(e)} 链接的表单 ${formId} 未部署：请选择已部署的表单`, '表单'));
          if (!formId && (form.formKey || form.externalReference)) {
            findings.push(error(e.id, `${label(e)} 须按表单标识（formId）链接已部署的表单`, '表单'));
          }
        }
        if (e.$type === 'bpmn:UserTask' && !ext(e, 'zeebe:FormDefinition').length) {
          findings.push(error(e.id, `${label(e)} 没有链接表单：办理人员无法办理，请在模板中选择表单`, '表单'));
        }
      });
    }
    // A job title in the message helps the analyst find the step.
    return findings.map((f) => (f.source === '作业类型' ? f : { ...f, message: f.message.replace(/zhuce\.[a-z-]+/g, (t) => (jobTitle(t) ? `${t}（${jobTitle(t)}）` : t)) }));
  }

  /** Everything, before a deploy: the quick checks, then both engines' refusals. `forms` are the sources deployed with it. */
  async full(resourceName: string, xml: string, forms: Resource[]): Promise<Finding[]> {
    const formIds = new Set(forms.map((f) => (JSON.parse(f.content.toString()) as { id: string }).id));
    const findings = (await this.quick(xml, formIds)).filter((f) => f.severity === 'error');
    if (findings.some((f) => f.source === 'BPMN')) return findings;
    try {
      await translateToOperaton(resourceName, xml);
    } catch (err) {
      if (!(err instanceof TranslationRefused)) throw err;
      findings.push(...err.findings.map((f) => error(f.elementId, `Operaton 引擎不能执行：${f.message}`, 'Operaton')));
    }
    await withScratchEngine(async (engine) => {
      try {
        await engine.deploy([...forms, { name: resourceName, content: xml }]);
      } catch (err) {
        findings.push(...embeddedFindings((err as Error).message, resourceName));
      }
    });
    return findings;
  }

  /** A form-js schema the server can validate submissions against, keeping its id. */
  form(json: string, expectedId: string): Finding[] {
    const findings: Finding[] = [];
    const at = (field: string, message: string) => findings.push(error(field, message, '表单'));
    let schema: { id?: unknown; components?: unknown };
    try {
      schema = JSON.parse(json) as typeof schema;
    } catch (err) {
      at('表单', `不是有效的 JSON：${(err as Error).message}`);
      return findings;
    }
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
      at('表单', '表单必须是 JSON 对象');
      return findings;
    }
    if (schema.id !== expectedId) at('id', `表单标识必须保持为 ${expectedId}（流程按标识链接表单），现为 ${JSON.stringify(schema.id ?? null)}`);
    if (!Array.isArray(schema.components)) {
      at('components', '表单缺少字段列表（components）');
      return findings;
    }
    const keys = new Map<string, string>();
    const visit = (components: unknown[], prefix: string) => {
      for (const raw of components) {
        const c = raw as FormComponent & { id?: string };
        const name = c.label || c.key || c.id || c.type;
        if (typeof c !== 'object' || c === null || typeof c.type !== 'string') {
          at(prefix || 'components', '字段缺少类型（type）');
          continue;
        }
        if (c.components) {
          if (!Array.isArray(c.components)) at(name, `分组「${name}」的字段列表不是数组`);
          else visit(c.components, c.path ? `${prefix}${c.path}.` : prefix);
          continue;
        }
        if (DISPLAY_ONLY.has(c.type)) continue;
        if (!c.key) {
          at(name, `字段「${name}」缺少键名（key）：提交的值无处存放`);
          continue;
        }
        if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(c.key)) at(name, `字段「${name}」的键名 ${c.key} 只能由字母、数字和下划线组成，且不以数字开头`);
        const full = prefix + c.key;
        const other = keys.get(full);
        if (other) at(name, `字段「${name}」的键名 ${full} 与字段「${other}」重复`);
        keys.set(full, name);
        const v = c.validate;
        if (v?.pattern) {
          try {
            new RegExp(v.pattern);
          } catch {
            at(name, `字段「${name}」的校验正则表达式无效：${v.pattern}`);
          }
        }
        if (v?.minLength !== undefined && v?.maxLength !== undefined && v.minLength > v.maxLength) at(name, `字段「${name}」的最小长度大于最大长度`);
        if (v?.min !== undefined && v?.max !== undefined && v.min > v.max) at(name, `字段「${name}」的最小值大于最大值`);
        if ((c.type === 'select' || c.type === 'radio' || c.type === 'checklist') && !(c.values?.length || (c as { valuesKey?: string }).valuesKey)) {
          at(name, `字段「${name}」没有可选项`);
        }
      }
    };
    visit(schema.components as unknown[], '');
    return findings;
  }
}
