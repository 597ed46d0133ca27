/**
 * Element templates (Camunda 8 / Zeebe flavour, bpmn-js-element-templates)
 * generated from the job-type catalogue that also writes workers/CATALOGUE.md:
 * an analyst picks "核查社保缴纳" or "计算办理时限" from a list and never
 * types a job type. All of them pass @bpmn-io/element-templates-validator.
 */
import { JOB_DOCS, type JobDoc } from '../../processes/generator/catalogue.js';
import { GROUP } from '../../processes/generator/vocabulary.js';
import { USER_TASK_JOB_TYPE } from '../engine/port.js';

/** The job types a deployed process may name: the catalogue's, and Zeebe's user-task jobs. */
export const KNOWN_JOB_TYPES: ReadonlySet<string> = new Set([...JOB_DOCS.map((d) => d.type), USER_TASK_JOB_TYPE]);

export const jobTitle = (type: string) => JOB_DOCS.find((d) => d.type === type)?.title;

export interface HeaderDoc {
  key: string;
  description: string;
  choices: string[];
  optional: boolean;
}

/** The headers a catalogue entry names: "`kind` (`acceptance` / `review`), `workingDays` (optional)". */
export function headersOf(doc: JobDoc): HeaderDoc[] {
  if (!doc.headers) return [];
  const segments: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of doc.headers) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      segments.push(current);
      current = '';
    } else current += ch;
  }
  segments.push(current);
  return segments
    .map((segment) => {
      const key = /^\s*`([^`]+)`/.exec(segment)?.[1];
      const paren = /\((.*)\)\s*$/.exec(segment)?.[1] ?? '';
      if (!key) return null;
      const listed = [...paren.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
      const isList = listed.length > 1 && /` (\/|or) `/.test(paren);
      return { key, description: paren.replace(/`/g, ''), choices: isList ? listed : [], optional: /optional/.test(paren) };
    })
    .filter((h): h is HeaderDoc => h !== null);
}

/** Chinese names of the candidate groups a user task may name. */
export const CANDIDATE_GROUPS: Array<{ name: string; value: string }> = [
  { name: '部级审查员（本专业）', value: GROUP.ministry },
  { name: '省级审查员（本省本专业）', value: GROUP.province },
  { name: '部级审查员（建筑师与工程师）', value: GROUP.ministryDesign },
  { name: '聘用企业', value: GROUP.employer },
  { name: '申请人', value: GROUP.applicant },
];

type TemplateProperty = Record<string, unknown>;

export interface ElementTemplate {
  $schema: string;
  name: string;
  id: string;
  version: number;
  description: string;
  category: { id: string; name: string };
  appliesTo: string[];
  elementType: { value: string };
  groups: Array<{ id: string; label: string }>;
  properties: TemplateProperty[];
}

const SCHEMA = 'https://unpkg.com/@camunda/zeebe-element-templates-json-schema/resources/schema.json';

function jobTemplate(doc: JobDoc): ElementTemplate {
  const properties: TemplateProperty[] = [
    { type: 'Hidden', value: doc.type, binding: { type: 'zeebe:taskDefinition', property: 'type' } },
  ];
  for (const h of headersOf(doc)) {
    const base = { label: `任务头 ${h.key}`, description: h.description, group: 'headers', binding: { type: 'zeebe:taskHeader', key: h.key } };
    if (h.choices.length) {
      properties.push({ ...base, type: 'Dropdown', value: h.choices[0], choices: h.choices.map((c) => ({ name: c, value: c })) });
    } else {
      properties.push({ ...base, type: 'String', ...(h.optional ? { optional: true } : { constraints: { notEmpty: true } }) });
    }
  }
  return {
    $schema: SCHEMA,
    name: doc.title,
    id: `zhuce.template.${doc.type}`,
    version: 1,
    description: `作业类型 ${doc.type}`,
    category: { id: doc.type.includes('.check-') || doc.type.includes('.detect-') ? 'checks' : 'effects', name: doc.type.includes('.check-') || doc.type.includes('.detect-') ? '核查' : '办理' },
    appliesTo: ['bpmn:Task', 'bpmn:ServiceTask'],
    elementType: { value: 'bpmn:ServiceTask' },
    groups: [{ id: 'headers', label: '任务头' }],
    properties,
  };
}

/**
 * One template per job type. User tasks are not element templates: Camunda's
 * template schema binds forms and candidate groups only to Camunda user tasks
 * (zeebe:userTask), while ours are job-worker user tasks that both engines
 * run; the designer's list makes them from the deployed forms instead.
 */
export function elementTemplates(): ElementTemplate[] {
  return JOB_DOCS.map(jobTemplate);
}
