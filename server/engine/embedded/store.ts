/**
 * The embedded engine's tables (migration 0002) as Sequelize models. Every
 * write of a step goes through the step's transaction. BIGINT columns come
 * back as numbers from SQLite and as strings from PostgreSQL; rows leave this
 * module with keys as strings and times as numbers either way.
 */
import { DataTypes, Op, type Model, type ModelAttributes, type ModelStatic, type Sequelize, type Transaction, type WhereOptions } from 'sequelize';

export type JobState = 'activatable' | 'activated' | 'failed' | 'error_thrown';
export type InstanceState = 'active' | 'completed' | 'terminated' | 'failed';

export interface DefinitionRow {
  key: string;
  bpmnProcessId: string;
  version: number;
  resourceName: string;
  deploymentKey: string;
  checksum: string;
  resource: string;
  context: string;
  createdAt: number;
}

export interface FormRow {
  key: string;
  formId: string;
  version: number;
  resourceName: string;
  deploymentKey: string;
  checksum: string;
  schema: string;
  createdAt: number;
}

export interface InstanceRow {
  key: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  state: InstanceState;
  startEventId: string | null;
  parentInstanceKey: string | null;
  parentExecutionId: string | null;
  messageCorrelationKey: string | null;
  engineState: string | null;
  data: string;
  createdAt: number;
  endedAt: number | null;
}

export interface JobRow {
  key: string;
  type: string;
  state: JobState;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  version: number;
  elementId: string;
  elementInstanceKey: string;
  executionId: string;
  customHeaders: string;
  retries: number;
  deadline: number | null;
  activatableAt: number | null;
  worker: string | null;
  errorMessage: string | null;
  createdAt: number;
}

export interface SubscriptionRow {
  key: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  elementId: string;
  elementInstanceKey: string;
  executionId: string;
  messageName: string;
  correlationKey: string;
  createdAt: number;
}

export interface MessageRow {
  key: string;
  name: string;
  correlationKey: string;
  messageId: string | null;
  variables: string;
  expiresAt: number;
  createdAt: number;
}

export interface HistoryRow {
  key: string;
  processInstanceKey: string;
  elementId: string;
  leftAt: number;
}

export interface TimerRow {
  key: string;
  processInstanceKey: string | null;
  processDefinitionKey: string | null;
  elementId: string;
  executionId: string | null;
  dueAt: number;
  repetitions: number | null;
  interval: string | null;
  createdAt: number;
}

export interface IncidentRow {
  key: string;
  processInstanceKey: string;
  bpmnProcessId: string;
  elementId: string;
  elementInstanceKey: string;
  executionId: string | null;
  jobKey: string | null;
  errorType: string;
  errorMessage: string;
  createdAt: number;
}

type Row = object;
type Table<T extends Row> = ModelStatic<Model<T, T>>;

const KEY_FIELDS = new Set([
  'key',
  'deploymentKey',
  'processDefinitionKey',
  'processInstanceKey',
  'parentInstanceKey',
  'elementInstanceKey',
  'jobKey',
  'messageKey',
]);
const TIME_FIELDS = new Set(['createdAt', 'endedAt', 'deadline', 'activatableAt', 'expiresAt', 'dueAt', 'nextValue']);

function normalize<T extends Row>(model: Model<T, T>): T {
  const plain = model.get({ plain: true }) as Record<string, unknown>;
  for (const [field, value] of Object.entries(plain)) {
    if (value === null || value === undefined) continue;
    if (KEY_FIELDS.has(field)) plain[field] = String(value);
    else if (TIME_FIELDS.has(field)) plain[field] = Number(value);
  }
  return plain as T;
}

// Fresh attribute objects each time: Sequelize writes into them when it defines a model.
const bigKey = () => ({ type: DataTypes.BIGINT, primaryKey: true, allowNull: false });
const bigint = () => ({ type: DataTypes.BIGINT, allowNull: true });
const string = () => ({ type: DataTypes.STRING, allowNull: true });
const text = () => ({ type: DataTypes.TEXT, allowNull: true });
const integer = () => ({ type: DataTypes.INTEGER, allowNull: true });
const options = (tableName: string) => ({ tableName, timestamps: false, underscored: true });

export class EngineStore {
  readonly sequences: Table<{ name: string; nextValue: number }>;
  readonly deployments: Table<{ key: string; createdAt: number }>;
  readonly definitions: Table<DefinitionRow>;
  readonly forms: Table<FormRow>;
  readonly instances: Table<InstanceRow>;
  readonly jobs: Table<JobRow>;
  readonly subscriptions: Table<SubscriptionRow>;
  readonly messages: Table<MessageRow>;
  readonly correlations: Table<{ messageKey: string; bpmnProcessId: string }>;
  readonly timers: Table<TimerRow>;
  readonly incidents: Table<IncidentRow>;
  readonly history: Table<HistoryRow>;

  constructor(readonly sequelize: Sequelize) {
    const define = <T extends Row>(name: string, table: string, attributes: Record<string, object>): Table<T> =>
      sequelize.define(name, attributes as ModelAttributes, options(table)) as unknown as Table<T>;

    this.sequences = define('EngineSequence', 'engine_sequences', {
      name: { type: DataTypes.STRING, primaryKey: true },
      nextValue: bigint(),
    });
    this.deployments = define('EngineDeployment', 'engine_deployments', { key: bigKey(), createdAt: bigint() });
    this.definitions = define('EngineProcessDefinition', 'engine_process_definitions', {
      key: bigKey(),
      bpmnProcessId: string(),
      version: integer(),
      resourceName: string(),
      deploymentKey: bigint(),
      checksum: string(),
      resource: text(),
      context: text(),
      createdAt: bigint(),
    });
    this.forms = define('EngineForm', 'engine_forms', {
      key: bigKey(),
      formId: string(),
      version: integer(),
      resourceName: string(),
      deploymentKey: bigint(),
      checksum: string(),
      schema: text(),
      createdAt: bigint(),
    });
    this.instances = define('EngineProcessInstance', 'engine_process_instances', {
      key: bigKey(),
      processDefinitionKey: bigint(),
      bpmnProcessId: string(),
      version: integer(),
      state: string(),
      startEventId: string(),
      parentInstanceKey: bigint(),
      parentExecutionId: string(),
      messageCorrelationKey: string(),
      engineState: text(),
      data: text(),
      createdAt: bigint(),
      endedAt: bigint(),
    });
    this.jobs = define('EngineJob', 'engine_jobs', {
      key: bigKey(),
      type: string(),
      state: string(),
      processInstanceKey: bigint(),
      processDefinitionKey: bigint(),
      bpmnProcessId: string(),
      version: integer(),
      elementId: string(),
      elementInstanceKey: bigint(),
      executionId: string(),
      customHeaders: text(),
      retries: integer(),
      deadline: bigint(),
      activatableAt: bigint(),
      worker: string(),
      errorMessage: text(),
      createdAt: bigint(),
    });
    this.subscriptions = define('EngineMessageSubscription', 'engine_message_subscriptions', {
      key: bigKey(),
      processInstanceKey: bigint(),
      bpmnProcessId: string(),
      elementId: string(),
      elementInstanceKey: bigint(),
      executionId: string(),
      messageName: string(),
      correlationKey: string(),
      createdAt: bigint(),
    });
    this.messages = define('EngineMessage', 'engine_messages', {
      key: bigKey(),
      name: string(),
      correlationKey: string(),
      messageId: string(),
      variables: text(),
      expiresAt: bigint(),
      createdAt: bigint(),
    });
    this.correlations = define('EngineMessageCorrelation', 'engine_message_correlations', {
      messageKey: { ...bigint(), primaryKey: true },
      bpmnProcessId: { ...string(), primaryKey: true },
    });
    this.timers = define('EngineTimer', 'engine_timers', {
      key: bigKey(),
      processInstanceKey: bigint(),
      processDefinitionKey: bigint(),
      elementId: string(),
      executionId: string(),
      dueAt: bigint(),
      repetitions: integer(),
      interval: string(),
      createdAt: bigint(),
    });
    this.incidents = define('EngineIncident', 'engine_incidents', {
      key: bigKey(),
      processInstanceKey: bigint(),
      bpmnProcessId: string(),
      elementId: string(),
      elementInstanceKey: bigint(),
      executionId: string(),
      jobKey: bigint(),
      errorType: string(),
      errorMessage: text(),
      createdAt: bigint(),
    });
    this.history = define('EngineElementHistory', 'engine_element_history', {
      key: bigKey(),
      processInstanceKey: bigint(),
      elementId: string(),
      leftAt: bigint(),
    });
  }

  async all<T extends Row>(table: Table<T>, where: WhereOptions<T>, t?: Transaction, order?: Array<[string, string]>): Promise<T[]> {
    const found = await table.findAll({ where, transaction: t, order: order ?? [['key', 'ASC']] });
    return found.map((m) => normalize(m));
  }

  async one<T extends Row>(table: Table<T>, where: WhereOptions<T>, t?: Transaction): Promise<T | undefined> {
    const found = await table.findOne({ where, transaction: t });
    return found ? normalize(found) : undefined;
  }

  async insert<T extends Row>(table: Table<T>, row: T, t: Transaction): Promise<void> {
    await (table as unknown as ModelStatic<Model>).create(row as Record<string, unknown>, { transaction: t });
  }

  async update<T extends Row>(table: Table<T>, where: WhereOptions<T>, values: Partial<T>, t: Transaction): Promise<number> {
    const [count] = await table.update(values as Parameters<Table<T>['update']>[0], { where, transaction: t });
    return count;
  }

  async remove<T extends Row>(table: Table<T>, where: WhereOptions<T>, t: Transaction): Promise<number> {
    return table.destroy({ where, transaction: t });
  }

  /** Reserves `count` consecutive keys, starting where Zeebe's partition 1 starts. */
  async reserveKeys(count: number, t: Transaction): Promise<number> {
    const first = 2 ** 51 + 1;
    const row = await this.one(this.sequences, { name: 'key' }, t);
    const start = row ? row.nextValue : first;
    if (row) await this.update(this.sequences, { name: 'key' }, { nextValue: start + count }, t);
    else await this.insert(this.sequences, { name: 'key', nextValue: start + count }, t);
    return start;
  }
}

export { Op };
