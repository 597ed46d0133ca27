/**
 * The domain tables: accounts, the registers (persons, enterprises,
 * qualifications, social security), registrations and their history,
 * applications with their timeline, the inbox, attachments, messages,
 * appeals, documents and the audit log. Indexes follow the queries of the
 * inbox, the employer's lists and the expiry warnings.
 */
import { DataTypes, type QueryInterface } from 'sequelize';

const id = { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false };
const fk = (table: string, nullable = true, onDelete: 'CASCADE' | 'SET NULL' | 'RESTRICT' = 'RESTRICT') => ({
  type: DataTypes.INTEGER,
  allowNull: nullable,
  references: { model: table, key: 'id' },
  onDelete: nullable && onDelete === 'RESTRICT' ? 'SET NULL' : onDelete,
});
const timestamps = {
  createdAt: { type: DataTypes.DATE, allowNull: false },
  updatedAt: { type: DataTypes.DATE, allowNull: false },
};
const str = (length = 255, allowNull = true) => ({ type: DataTypes.STRING(length), allowNull });
const json = (allowNull = true) => ({ type: DataTypes.JSON, allowNull });

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('persons', {
    id,
    idType: { ...str(16, false), defaultValue: '身份证' },
    idNumber: str(32, false),
    name: str(64, false),
    sex: str(4),
    birthDate: { type: DataTypes.DATEONLY, allowNull: true },
    ethnicity: str(16),
    mobile: str(16),
    email: str(128),
    education: str(32),
    school: str(128),
    major: str(128),
    graduationDate: { type: DataTypes.DATEONLY, allowNull: true },
    photoAttachmentId: { type: DataTypes.INTEGER, allowNull: true },
    signatureAttachmentId: { type: DataTypes.INTEGER, allowNull: true },
    ...timestamps,
  });
  await qi.addIndex('persons', ['idType', 'idNumber'], { unique: true, name: 'persons_id_unique' });
  await qi.addIndex('persons', ['name'], { name: 'persons_name' });

  await qi.createTable('enterprises', {
    id,
    creditCode: str(18, false),
    name: str(128, false),
    legalRepresentative: str(64),
    province: str(2, false),
    city: str(64),
    address: str(255),
    industry: str(64),
    // 一般 / 检测单位 / 施工图审查机构: the last two must upload a renamed qualification copy (rule 14).
    kind: { ...str(32, false), defaultValue: '一般' },
    contactName: str(64),
    contactPhone: str(16),
    // Rule 12: an employer may report only after saving its basic information.
    basicInfoSavedAt: { type: DataTypes.DATE, allowNull: true },
    ...timestamps,
  });
  await qi.addIndex('enterprises', ['creditCode'], { unique: true, name: 'enterprises_credit_code_unique' });
  await qi.addIndex('enterprises', ['province'], { name: 'enterprises_province' });

  await qi.createTable('enterprise_qualifications', {
    id,
    enterpriseId: fk('enterprises', false, 'CASCADE'),
    industry: str(64, false),
    certificateNumber: str(64, false),
    grade: str(32),
    validUntil: { type: DataTypes.DATEONLY, allowNull: true },
    ...timestamps,
  });
  await qi.addIndex('enterprise_qualifications', ['enterpriseId'], { name: 'enterprise_qualifications_enterprise' });

  await qi.createTable('qualifications', {
    id,
    idNumber: str(32, false),
    name: str(64, false),
    profession: str(32, false),
    specialty: str(64, false),
    certificateNumber: str(64, false),
    approvalDate: { type: DataTypes.DATEONLY, allowNull: false },
    obtainedBy: str(16, false),
    year: { type: DataTypes.INTEGER, allowNull: false },
    ...timestamps,
  });
  await qi.addIndex('qualifications', ['idNumber', 'profession'], { name: 'qualifications_person_profession' });
  // 一级建造师 and 监理 certificates cover several specialties under one 资格证书管理号.
  await qi.addIndex('qualifications', ['certificateNumber', 'specialty'], { unique: true, name: 'qualifications_certificate_unique' });

  await qi.createTable('social_security_records', {
    id,
    idNumber: str(32, false),
    creditCode: str(18, false),
    firstMonth: str(7, false),
    lastMonth: str(7, false),
    monthsPaid: { type: DataTypes.INTEGER, allowNull: false },
    ...timestamps,
  });
  await qi.addIndex('social_security_records', ['idNumber', 'creditCode'], { name: 'social_security_person_employer' });

  await qi.createTable('accounts', {
    id,
    username: str(64, false),
    passwordHash: str(128, false),
    role: str(32, false),
    displayName: str(64, false),
    personId: fk('persons'),
    enterpriseId: fk('enterprises'),
    // Reviewer scope: a province code for provincial staff, professions for both levels (null = all).
    province: str(2),
    professions: json(),
    supervisorId: { type: DataTypes.INTEGER, allowNull: true },
    active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    ...timestamps,
  });
  await qi.addIndex('accounts', ['username'], { unique: true, name: 'accounts_username_unique' });
  await qi.addIndex('accounts', ['personId'], { name: 'accounts_person' });
  await qi.addIndex('accounts', ['enterpriseId'], { name: 'accounts_enterprise' });

  await qi.createTable('registrations', {
    id,
    personId: fk('persons', false),
    profession: str(32, false),
    specialty: str(64, false),
    enterpriseId: fk('enterprises', false),
    registrationNumber: str(64),
    sealNumber: str(64),
    validFrom: { type: DataTypes.DATEONLY, allowNull: true },
    validTo: { type: DataTypes.DATEONLY, allowNull: true },
    // 已注册 / 预注册 / 已注销
    status: str(16, false),
    ...timestamps,
  });
  await qi.addIndex('registrations', ['personId', 'profession'], { name: 'registrations_person_profession' });
  await qi.addIndex('registrations', ['enterpriseId', 'status', 'validTo'], { name: 'registrations_employer_expiry' });
  await qi.addIndex('registrations', ['registrationNumber'], { name: 'registrations_number' });

  await qi.createTable('applications', {
    id,
    number: str(32, false),
    matter: str(32, false),
    profession: str(32, false),
    personId: fk('persons'),
    enterpriseId: fk('enterprises'),
    province: str(2),
    specialties: json(),
    status: str(32, false),
    data: json(),
    flags: json(),
    processInstanceKey: str(32),
    submittedAt: { type: DataTypes.DATE, allowNull: true },
    acceptedAt: { type: DataTypes.DATE, allowNull: true },
    decidedAt: { type: DataTypes.DATE, allowNull: true },
    ...timestamps,
  });
  await qi.addIndex('applications', ['number'], { unique: true, name: 'applications_number_unique' });
  await qi.addIndex('applications', ['personId', 'status'], { name: 'applications_person_status' });
  await qi.addIndex('applications', ['enterpriseId', 'status', 'updatedAt'], { name: 'applications_employer_list' });
  await qi.addIndex('applications', ['profession', 'province', 'status'], { name: 'applications_scope_status' });
  await qi.addIndex('applications', ['processInstanceKey'], { name: 'applications_process_instance' });

  await qi.createTable('application_events', {
    id,
    applicationId: fk('applications', false, 'CASCADE'),
    at: { type: DataTypes.DATE, allowNull: false },
    step: str(64, false),
    status: str(32),
    actorAccountId: { type: DataTypes.INTEGER, allowNull: true },
    actorName: str(64),
    opinion: { type: DataTypes.TEXT, allowNull: true },
    // Workers are delivered at least once: the same key never writes a second event.
    dedupeKey: str(128),
    ...timestamps,
  });
  await qi.addIndex('application_events', ['applicationId', 'at'], { name: 'application_events_timeline' });
  await qi.addIndex('application_events', ['dedupeKey'], { unique: true, name: 'application_events_dedupe_unique' });

  await qi.createTable('registration_history', {
    id,
    registrationId: fk('registrations', false, 'CASCADE'),
    applicationId: fk('applications'),
    change: str(32, false),
    before: json(),
    after: json(),
    at: { type: DataTypes.DATE, allowNull: false },
    ...timestamps,
  });
  await qi.addIndex('registration_history', ['registrationId', 'at'], { name: 'registration_history_registration' });

  await qi.createTable('inbox_tasks', {
    id,
    // One row per user-task element instance: a job handed out again never makes a second task.
    elementInstanceKey: str(32, false),
    jobKey: str(32, false),
    processInstanceKey: str(32, false),
    bpmnProcessId: str(128, false),
    elementId: str(128, false),
    name: str(128, false),
    formId: str(128),
    applicationId: fk('applications', true, 'CASCADE'),
    assignee: str(64),
    // The job's variables when it arrived: what the form shows and its conditions read.
    variables: json(),
    status: { ...str(16, false), defaultValue: 'open' },
    dueAt: { type: DataTypes.DATE, allowNull: true },
    result: json(),
    completedAt: { type: DataTypes.DATE, allowNull: true },
    completedBy: { type: DataTypes.INTEGER, allowNull: true },
    ...timestamps,
  });
  await qi.addIndex('inbox_tasks', ['elementInstanceKey'], { unique: true, name: 'inbox_tasks_element_unique' });
  await qi.addIndex('inbox_tasks', ['status', 'createdAt'], { name: 'inbox_tasks_status_created' });
  await qi.addIndex('inbox_tasks', ['applicationId', 'status'], { name: 'inbox_tasks_application' });
  await qi.addIndex('inbox_tasks', ['assignee', 'status'], { name: 'inbox_tasks_assignee' });

  await qi.createTable('inbox_task_candidates', {
    id,
    taskId: fk('inbox_tasks', false, 'CASCADE'),
    // e.g. "ministry:architect", "province:33:engineer", "employer:91330100MA27XXXX0X"
    candidateGroup: str(128, false),
    // Copied from the task so the inbox query is answered from this index alone.
    status: { ...str(16, false), defaultValue: 'open' },
    createdAt: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('inbox_task_candidates', ['candidateGroup', 'status', 'createdAt'], { name: 'inbox_candidates_group' });
  await qi.addIndex('inbox_task_candidates', ['taskId'], { name: 'inbox_candidates_task' });

  await qi.createTable('attachment_contents', {
    sha256: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
    content: { type: DataTypes.BLOB, allowNull: false },
    createdAt: { type: DataTypes.DATE, allowNull: false },
  });

  await qi.createTable('attachments', {
    id,
    kind: str(32, false),
    fileName: str(255, false),
    mimeType: str(64, false),
    size: { type: DataTypes.INTEGER, allowNull: false },
    sha256: { type: DataTypes.STRING(64), allowNull: false, references: { model: 'attachment_contents', key: 'sha256' } },
    width: { type: DataTypes.INTEGER, allowNull: true },
    height: { type: DataTypes.INTEGER, allowNull: true },
    personId: fk('persons'),
    enterpriseId: fk('enterprises'),
    applicationId: fk('applications', true, 'CASCADE'),
    uploadedBy: { type: DataTypes.INTEGER, allowNull: true },
    ...timestamps,
  });
  await qi.addIndex('attachments', ['applicationId'], { name: 'attachments_application' });
  await qi.addIndex('attachments', ['personId', 'kind'], { name: 'attachments_person_kind' });

  await qi.createTable('messages', {
    id,
    // person / enterprise: messages reach people who have no account yet.
    recipientKind: str(16, false),
    recipientId: { type: DataTypes.INTEGER, allowNull: false },
    applicationId: fk('applications', true, 'CASCADE'),
    title: str(255, false),
    body: { type: DataTypes.TEXT, allowNull: false },
    opinion: { type: DataTypes.TEXT, allowNull: true },
    readAt: { type: DataTypes.DATE, allowNull: true },
    dedupeKey: str(128),
    ...timestamps,
  });
  await qi.addIndex('messages', ['recipientKind', 'recipientId', 'createdAt'], { name: 'messages_recipient' });
  await qi.addIndex('messages', ['dedupeKey'], { unique: true, name: 'messages_dedupe_unique' });

  await qi.createTable('appeals', {
    id,
    applicationId: fk('applications', true, 'CASCADE'),
    personId: fk('persons', false),
    enterpriseId: fk('enterprises'),
    // 社保异常 / 人员重复 / 不予注册
    kind: str(32, false),
    reason: { type: DataTypes.TEXT, allowNull: false },
    statement: { type: DataTypes.TEXT, allowNull: true },
    // 待申辩 / 已申辩 / 已处理
    status: str(16, false),
    respondedAt: { type: DataTypes.DATE, allowNull: true },
    dedupeKey: str(128),
    ...timestamps,
  });
  await qi.addIndex('appeals', ['personId', 'status'], { name: 'appeals_person' });
  await qi.addIndex('appeals', ['enterpriseId', 'status'], { name: 'appeals_enterprise' });
  await qi.addIndex('appeals', ['dedupeKey'], { unique: true, name: 'appeals_dedupe_unique' });

  await qi.createTable('documents', {
    id,
    // 注册证书 / 受理通知书 / 补正通知书 / 不予注册告知书 / 注销证明 / 公告
    kind: str(32, false),
    number: str(64, false),
    verificationCode: str(64, false),
    applicationId: fk('applications', true, 'CASCADE'),
    personId: fk('persons'),
    fileName: str(255, false),
    sha256: { type: DataTypes.STRING(64), allowNull: false, references: { model: 'attachment_contents', key: 'sha256' } },
    size: { type: DataTypes.INTEGER, allowNull: false },
    dedupeKey: str(128),
    ...timestamps,
  });
  await qi.addIndex('documents', ['verificationCode'], { unique: true, name: 'documents_verification_unique' });
  await qi.addIndex('documents', ['applicationId'], { name: 'documents_application' });
  await qi.addIndex('documents', ['dedupeKey'], { unique: true, name: 'documents_dedupe_unique' });

  await qi.createTable('audit_log', {
    id,
    at: { type: DataTypes.DATE, allowNull: false },
    actorAccountId: { type: DataTypes.INTEGER, allowNull: true },
    actorName: str(64),
    action: str(64, false),
    entityType: str(32, false),
    entityId: str(32, false),
    detail: json(),
    dedupeKey: str(128),
  });
  await qi.addIndex('audit_log', ['entityType', 'entityId', 'at'], { name: 'audit_log_entity' });
  await qi.addIndex('audit_log', ['at'], { name: 'audit_log_at' });
  await qi.addIndex('audit_log', ['dedupeKey'], { unique: true, name: 'audit_log_dedupe_unique' });
}

const tables = [
  'audit_log',
  'documents',
  'appeals',
  'messages',
  'attachments',
  'attachment_contents',
  'inbox_task_candidates',
  'inbox_tasks',
  'registration_history',
  'application_events',
  'applications',
  'registrations',
  'accounts',
  'social_security_records',
  'qualifications',
  'enterprise_qualifications',
  'enterprises',
  'persons',
];

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const table of tables) await qi.dropTable(table);
}
