import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** completing: stored in the database, not yet acknowledged by the engine. */
export type InboxTaskStatus = 'open' | 'completing' | 'completed' | 'cancelled';

/** A user task waiting in (or done from) the inbox; one row per element instance. */
export class InboxTask extends Model<InferAttributes<InboxTask>, InferCreationAttributes<InboxTask>> {
  declare id: CreationOptional<number>;
  declare elementInstanceKey: string;
  declare jobKey: string;
  declare processInstanceKey: string;
  declare bpmnProcessId: string;
  declare elementId: string;
  declare name: string;
  declare formId: string | null;
  declare applicationId: number | null;
  declare assignee: string | null;
  /** The job's variables when it arrived: the form's context. */
  declare variables: Record<string, unknown> | null;
  declare status: CreationOptional<InboxTaskStatus>;
  declare dueAt: Date | null;
  declare result: Record<string, unknown> | null;
  declare completedAt: Date | null;
  declare completedBy: number | null;
  /** When zhuce.send-reminder reminded the candidates of the due date. */
  declare remindedAt: CreationOptional<Date | null>;
  /** When zhuce.escalate-overdue found the time limit passed and told the supervisors. */
  declare escalatedAt: CreationOptional<Date | null>;
  /** Copied from the case when the task arrives, for the inbox's filters (migration 0010). */
  declare profession: CreationOptional<string | null>;
  declare matter: CreationOptional<string | null>;
  declare province: CreationOptional<string | null>;
  /** ",structural,geotech,". */
  declare specialties: CreationOptional<string | null>;
  declare applicationNumber: CreationOptional<string | null>;
  declare applicantName: CreationOptional<string | null>;
  declare applicantIdNumber: CreationOptional<string | null>;
  /** The case's status, kept in step by CaseEvents (migration 0015). */
  declare applicationStatus: CreationOptional<string | null>;
  /** The case has an anomaly (社保异常, 人员重复) with its 申辩. */
  declare anomaly: CreationOptional<boolean>;
  /** The candidate groups as 组内待办 reads them (server/inbox/candidate-scope.ts, migration 0017). */
  declare candidateGroup: CreationOptional<string | null>;
  declare candidateGroups: CreationOptional<string | null>;
  /** The reviewer who claimed the task (认领) or was assigned it; only they work it. */
  declare claimedBy: CreationOptional<number | null>;
  declare claimedByName: CreationOptional<string | null>;
  declare claimedAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    InboxTask.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        elementInstanceKey: { type: DataTypes.STRING(128), allowNull: false },
        jobKey: { type: DataTypes.STRING(128), allowNull: false },
        processInstanceKey: { type: DataTypes.STRING(128), allowNull: false },
        bpmnProcessId: { type: DataTypes.STRING(128), allowNull: false },
        elementId: { type: DataTypes.STRING(128), allowNull: false },
        name: { type: DataTypes.STRING(128), allowNull: false },
        formId: DataTypes.STRING(128),
        applicationId: DataTypes.INTEGER,
        assignee: DataTypes.STRING(64),
        variables: DataTypes.JSON,
        status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'open' },
        dueAt: DataTypes.DATE,
        result: DataTypes.JSON,
        completedAt: DataTypes.DATE,
        completedBy: DataTypes.INTEGER,
        remindedAt: DataTypes.DATE,
        escalatedAt: DataTypes.DATE,
        profession: DataTypes.STRING(64),
        matter: DataTypes.STRING(32),
        province: DataTypes.STRING(2),
        specialties: DataTypes.STRING(255),
        applicationNumber: DataTypes.STRING(32),
        applicantName: DataTypes.STRING(128),
        applicantIdNumber: DataTypes.STRING(32),
        applicationStatus: DataTypes.STRING(32),
        anomaly: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        candidateGroup: DataTypes.STRING(128),
        candidateGroups: DataTypes.STRING(512),
        claimedBy: DataTypes.INTEGER,
        claimedByName: DataTypes.STRING(64),
        claimedAt: DataTypes.DATE,
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'inbox_tasks' },
    );
  }
}

/** A candidate group of an inbox task, denormalised with its status for the inbox index. */
export class InboxTaskCandidate extends Model<
  InferAttributes<InboxTaskCandidate>,
  InferCreationAttributes<InboxTaskCandidate>
> {
  declare id: CreationOptional<number>;
  declare taskId: number;
  declare candidateGroup: string;
  declare status: CreationOptional<InboxTaskStatus>;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    InboxTaskCandidate.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        taskId: { type: DataTypes.INTEGER, allowNull: false },
        candidateGroup: { type: DataTypes.STRING(128), allowNull: false },
        status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'open' },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'inbox_task_candidates', updatedAt: false },
    );
  }
}

/** A reviewer's saved inbox filter: a name and the inbox's query string. */
export class InboxSavedFilter extends Model<InferAttributes<InboxSavedFilter>, InferCreationAttributes<InboxSavedFilter>> {
  declare id: CreationOptional<number>;
  declare accountId: number;
  declare name: string;
  declare query: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    InboxSavedFilter.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        accountId: { type: DataTypes.INTEGER, allowNull: false },
        name: { type: DataTypes.STRING(40), allowNull: false },
        query: { type: DataTypes.STRING(1000), allowNull: false },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'inbox_saved_filters' },
    );
  }
}
