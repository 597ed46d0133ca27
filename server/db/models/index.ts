/** Binds every model to one database and declares their associations. */
import type { Sequelize } from 'sequelize';
import { defineApplicationModels } from '../../applications/models.js';
import { Account } from './account.js';
import { Appeal } from './appeal.js';
import { Application, ApplicationEvent } from './application.js';
import { Attachment, AttachmentContent } from './attachment.js';
import { AuditEntry } from './audit-entry.js';
import { Document } from './document.js';
import { Enterprise, EnterpriseQualification } from './enterprise.js';
import { InboxSavedFilter, InboxTask, InboxTaskCandidate } from './inbox-task.js';
import { Message } from './message.js';
import { Person } from './person.js';
import { Qualification, SocialSecurityRecord } from './registers.js';
import { Registration, RegistrationHistory } from './registration.js';

export const models = {
  Account,
  Appeal,
  Application,
  ApplicationEvent,
  Attachment,
  AttachmentContent,
  AuditEntry,
  Document,
  Enterprise,
  EnterpriseQualification,
  InboxSavedFilter,
  InboxTask,
  InboxTaskCandidate,
  Message,
  Person,
  Qualification,
  Registration,
  RegistrationHistory,
  SocialSecurityRecord,
};
export type Models = typeof models;

export function defineModels(sequelize: Sequelize): Models {
  for (const model of Object.values(models)) model.initModel(sequelize);
  // The application service's own tables (commitments, 所在企业信息, announcements) bind to the same database.
  defineApplicationModels(sequelize);

  Account.belongsTo(Person, { foreignKey: 'personId', as: 'person' });
  Account.belongsTo(Enterprise, { foreignKey: 'enterpriseId', as: 'enterprise' });
  Enterprise.hasMany(EnterpriseQualification, { foreignKey: 'enterpriseId', as: 'qualifications' });
  Registration.belongsTo(Person, { foreignKey: 'personId', as: 'person' });
  Registration.belongsTo(Enterprise, { foreignKey: 'enterpriseId', as: 'enterprise' });
  Registration.hasMany(RegistrationHistory, { foreignKey: 'registrationId', as: 'history' });
  Application.belongsTo(Person, { foreignKey: 'personId', as: 'person' });
  Application.belongsTo(Enterprise, { foreignKey: 'enterpriseId', as: 'enterprise' });
  Application.hasMany(ApplicationEvent, { foreignKey: 'applicationId', as: 'events' });
  Application.hasMany(InboxTask, { foreignKey: 'applicationId', as: 'tasks' });
  InboxTask.belongsTo(Application, { foreignKey: 'applicationId', as: 'application' });
  InboxTask.hasMany(InboxTaskCandidate, { foreignKey: 'taskId', as: 'candidates' });
  return models;
}

