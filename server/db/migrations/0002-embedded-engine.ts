/**
 * The embedded engine's own state: deployed definitions and forms with their
 * versions, process instances (bpmn-engine state plus our variables), jobs,
 * message subscriptions and buffered messages, timers and incidents. Keys are
 * 64-bit integers handed out from engine_sequences, so they grow like Zeebe's.
 * Times the scheduler compares are epoch milliseconds (BIGINT) from the
 * engine's clock, not database timestamps.
 */
import { DataTypes, type QueryInterface } from 'sequelize';

const key = { type: DataTypes.BIGINT, primaryKey: true, allowNull: false };
const bigint = (allowNull = true) => ({ type: DataTypes.BIGINT, allowNull });
const str = (length = 255, allowNull = true) => ({ type: DataTypes.STRING(length), allowNull });
const text = (allowNull = true) => ({ type: DataTypes.TEXT, allowNull });
const int = (allowNull = true) => ({ type: DataTypes.INTEGER, allowNull });

const tables = [
  'engine_incidents',
  'engine_timers',
  'engine_message_correlations',
  'engine_messages',
  'engine_message_subscriptions',
  'engine_jobs',
  'engine_process_instances',
  'engine_forms',
  'engine_process_definitions',
  'engine_deployments',
  'engine_sequences',
];

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('engine_sequences', {
    name: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
    next_value: bigint(false),
  });

  await qi.createTable('engine_deployments', {
    key,
    created_at: bigint(false),
  });

  await qi.createTable('engine_process_definitions', {
    key,
    bpmn_process_id: str(255, false),
    version: int(false),
    resource_name: str(255, false),
    deployment_key: bigint(false),
    checksum: str(64, false),
    resource: text(false),
    context: text(false),
    created_at: bigint(false),
  });
  await qi.addIndex('engine_process_definitions', ['bpmn_process_id', 'version'], {
    unique: true,
    name: 'engine_process_definitions_id_version',
  });

  await qi.createTable('engine_forms', {
    key,
    form_id: str(255, false),
    version: int(false),
    resource_name: str(255, false),
    deployment_key: bigint(false),
    checksum: str(64, false),
    schema: text(false),
    created_at: bigint(false),
  });
  await qi.addIndex('engine_forms', ['form_id', 'version'], { unique: true, name: 'engine_forms_id_version' });

  await qi.createTable('engine_process_instances', {
    key,
    process_definition_key: bigint(false),
    bpmn_process_id: str(255, false),
    version: int(false),
    state: str(16, false),
    start_event_id: str(255),
    parent_instance_key: bigint(),
    parent_execution_id: str(255),
    message_correlation_key: str(255),
    engine_state: text(),
    data: text(false),
    created_at: bigint(false),
    ended_at: bigint(),
  });
  await qi.addIndex('engine_process_instances', ['state'], { name: 'engine_process_instances_state' });
  await qi.addIndex('engine_process_instances', ['parent_instance_key'], { name: 'engine_process_instances_parent' });
  await qi.addIndex('engine_process_instances', ['bpmn_process_id', 'message_correlation_key'], {
    name: 'engine_process_instances_message_start',
  });

  await qi.createTable('engine_jobs', {
    key,
    type: str(255, false),
    state: str(16, false),
    process_instance_key: bigint(false),
    process_definition_key: bigint(false),
    bpmn_process_id: str(255, false),
    version: int(false),
    element_id: str(255, false),
    element_instance_key: bigint(false),
    execution_id: str(255, false),
    custom_headers: text(false),
    retries: int(false),
    deadline: bigint(),
    activatable_at: bigint(),
    worker: str(255),
    error_message: text(),
    created_at: bigint(false),
  });
  await qi.addIndex('engine_jobs', ['type', 'state'], { name: 'engine_jobs_type_state' });
  await qi.addIndex('engine_jobs', ['process_instance_key'], { name: 'engine_jobs_instance' });

  await qi.createTable('engine_message_subscriptions', {
    key,
    process_instance_key: bigint(false),
    bpmn_process_id: str(255, false),
    element_id: str(255, false),
    element_instance_key: bigint(false),
    execution_id: str(255, false),
    message_name: str(255, false),
    correlation_key: str(255, false),
    created_at: bigint(false),
  });
  await qi.addIndex('engine_message_subscriptions', ['message_name', 'correlation_key'], {
    name: 'engine_message_subscriptions_name_key',
  });
  await qi.addIndex('engine_message_subscriptions', ['process_instance_key'], {
    name: 'engine_message_subscriptions_instance',
  });

  await qi.createTable('engine_messages', {
    key,
    name: str(255, false),
    correlation_key: str(255, false),
    message_id: str(255),
    variables: text(false),
    expires_at: bigint(false),
    created_at: bigint(false),
  });
  await qi.addIndex('engine_messages', ['name', 'correlation_key'], { name: 'engine_messages_name_key' });
  await qi.addIndex('engine_messages', ['expires_at'], { name: 'engine_messages_expires' });

  await qi.createTable('engine_message_correlations', {
    message_key: { ...bigint(false), primaryKey: true },
    bpmn_process_id: { ...str(255, false), primaryKey: true },
  });

  await qi.createTable('engine_timers', {
    key,
    process_instance_key: bigint(),
    process_definition_key: bigint(),
    element_id: str(255, false),
    execution_id: str(255),
    due_at: bigint(false),
    repetitions: int(),
    interval: str(64),
    created_at: bigint(false),
  });
  await qi.addIndex('engine_timers', ['due_at'], { name: 'engine_timers_due' });
  await qi.addIndex('engine_timers', ['process_instance_key'], { name: 'engine_timers_instance' });

  await qi.createTable('engine_incidents', {
    key,
    process_instance_key: bigint(false),
    bpmn_process_id: str(255, false),
    element_id: str(255, false),
    element_instance_key: bigint(false),
    execution_id: str(255),
    job_key: bigint(),
    error_type: str(64, false),
    error_message: text(false),
    created_at: bigint(false),
  });
  await qi.addIndex('engine_incidents', ['process_instance_key'], { name: 'engine_incidents_instance' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const table of tables) await qi.dropTable(table);
}
