/**
 * What the application service keeps besides the case itself: when a
 * commitment letter (个人承诺书 / 企业承诺书) was opened, so the server can hold
 * the 60 seconds of rule 2; the employer a person saved as 所在企业信息 (seed
 * 000 §2.2); and the announcements (公告) with the cases each lists, one
 * announcement per case at most.
 */
import { DataTypes, type QueryInterface } from 'sequelize';

const id = { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false };
const timestamps = {
  createdAt: { type: DataTypes.DATE, allowNull: false },
  updatedAt: { type: DataTypes.DATE, allowNull: false },
};
const ref = (table: string, allowNull: boolean, onDelete: 'CASCADE' | 'SET NULL' | 'RESTRICT') => ({
  type: DataTypes.INTEGER,
  allowNull,
  references: { model: table, key: 'id' },
  onDelete,
});

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('commitment_readings', {
    id,
    accountId: ref('accounts', false, 'CASCADE'),
    // personal / employer
    letter: { type: DataTypes.STRING(16), allowNull: false },
    // What the letter is read for: the process id of the matter, or employer-report.
    purpose: { type: DataTypes.STRING(128), allowNull: false },
    openedAt: { type: DataTypes.DATE, allowNull: false },
    // accept / decline; null while the letter is open.
    decision: { type: DataTypes.STRING(16), allowNull: true },
    decidedAt: { type: DataTypes.DATE, allowNull: true },
    applicationId: ref('applications', true, 'SET NULL'),
    ...timestamps,
  });
  await qi.addIndex('commitment_readings', ['accountId', 'letter', 'purpose', 'openedAt'], { name: 'commitment_readings_latest' });

  await qi.createTable('person_employers', {
    id,
    personId: ref('persons', false, 'CASCADE'),
    enterpriseId: ref('enterprises', false, 'CASCADE'),
    handlerMobile: { type: DataTypes.STRING(16), allowNull: true },
    employedFrom: { type: DataTypes.DATEONLY, allowNull: true },
    employedUntil: { type: DataTypes.DATEONLY, allowNull: true },
    ...timestamps,
  });
  await qi.addIndex('person_employers', ['personId'], { unique: true, name: 'person_employers_person_unique' });

  await qi.createTable('announcements', {
    id,
    // 建市注〔2026〕12号
    number: { type: DataTypes.STRING(64), allowNull: false },
    year: { type: DataTypes.INTEGER, allowNull: false },
    sequence: { type: DataTypes.INTEGER, allowNull: false },
    profession: { type: DataTypes.STRING(32), allowNull: false },
    publishedAt: { type: DataTypes.DATE, allowNull: false },
    publishedBy: ref('accounts', true, 'SET NULL'),
    // The list as published: case number, name, specialties, registration number.
    items: { type: DataTypes.JSON, allowNull: false },
    ...timestamps,
  });
  await qi.addIndex('announcements', ['number'], { unique: true, name: 'announcements_number_unique' });
  await qi.addIndex('announcements', ['year', 'sequence'], { unique: true, name: 'announcements_year_sequence_unique' });

  await qi.createTable('announcement_items', {
    id,
    announcementId: ref('announcements', false, 'CASCADE'),
    applicationId: ref('applications', false, 'CASCADE'),
    createdAt: { type: DataTypes.DATE, allowNull: false },
  });
  // A case is announced once.
  await qi.addIndex('announcement_items', ['applicationId'], { unique: true, name: 'announcement_items_application_unique' });
  await qi.addIndex('announcement_items', ['announcementId'], { name: 'announcement_items_announcement' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const table of ['announcement_items', 'announcements', 'person_employers', 'commitment_readings']) await qi.dropTable(table);
}
