import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** A case: one matter filed by (or for) a person, carried by one process instance. */
export class Application extends Model<InferAttributes<Application>, InferCreationAttributes<Application>> {
  declare id: CreationOptional<number>;
  /** 申报编号 shown to users. */
  declare number: string;
  declare matter: string;
  declare profession: string;
  declare personId: number | null;
  declare enterpriseId: number | null;
  declare province: string | null;
  declare specialties: string[] | null;
  /** The manuals' status name, e.g. 个人已上报. */
  declare status: string;
  /** The submitted form data. */
  declare data: Record<string, unknown> | null;
  /** Findings of the automatic checks that reviewers must see (社保异常, 人员重复 …). */
  declare flags: Record<string, unknown> | null;
  declare processInstanceKey: string | null;
  declare submittedAt: Date | null;
  declare acceptedAt: Date | null;
  declare decidedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Application.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        number: { type: DataTypes.STRING(32), allowNull: false },
        matter: { type: DataTypes.STRING(32), allowNull: false },
        profession: { type: DataTypes.STRING(32), allowNull: false },
        personId: DataTypes.INTEGER,
        enterpriseId: DataTypes.INTEGER,
        province: DataTypes.STRING(2),
        specialties: DataTypes.JSON,
        status: { type: DataTypes.STRING(32), allowNull: false },
        data: DataTypes.JSON,
        flags: DataTypes.JSON,
        processInstanceKey: DataTypes.STRING(128),
        submittedAt: DataTypes.DATE,
        acceptedAt: DataTypes.DATE,
        decidedAt: DataTypes.DATE,
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'applications' },
    );
  }
}

/** One step of the progress timeline (审核进度): time, actor, status and opinion. */
export class ApplicationEvent extends Model<InferAttributes<ApplicationEvent>, InferCreationAttributes<ApplicationEvent>> {
  declare id: CreationOptional<number>;
  declare applicationId: number;
  declare at: Date;
  declare step: string;
  declare status: string | null;
  declare actorAccountId: number | null;
  declare actorName: string | null;
  declare opinion: string | null;
  declare dedupeKey: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    ApplicationEvent.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        applicationId: { type: DataTypes.INTEGER, allowNull: false },
        at: { type: DataTypes.DATE, allowNull: false },
        step: { type: DataTypes.STRING(64), allowNull: false },
        status: DataTypes.STRING(32),
        actorAccountId: DataTypes.INTEGER,
        actorName: DataTypes.STRING(64),
        opinion: DataTypes.TEXT,
        dedupeKey: DataTypes.STRING(128),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'application_events' },
    );
  }
}
