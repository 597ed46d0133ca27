/** The tables of migration 0005: commitment readings, saved employers, announcements. */
import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

export type CommitmentLetter = 'personal' | 'employer';
export type CommitmentDecision = 'accept' | 'decline';

/** One opening of a commitment letter: the server's clock of rule 2. */
export class CommitmentReading extends Model<InferAttributes<CommitmentReading>, InferCreationAttributes<CommitmentReading>> {
  declare id: CreationOptional<number>;
  declare accountId: number;
  declare letter: CommitmentLetter;
  declare purpose: string;
  declare openedAt: Date;
  declare decision: CommitmentDecision | null;
  declare decidedAt: Date | null;
  declare applicationId: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    CommitmentReading.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        accountId: { type: DataTypes.INTEGER, allowNull: false },
        letter: { type: DataTypes.STRING(16), allowNull: false },
        purpose: { type: DataTypes.STRING(128), allowNull: false },
        openedAt: { type: DataTypes.DATE, allowNull: false },
        decision: DataTypes.STRING(16),
        decidedAt: DataTypes.DATE,
        applicationId: DataTypes.INTEGER,
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'commitment_readings' },
    );
  }
}

/** 所在企业信息: the employer a person saved in the profile (seed 000 §2.2 保存企业关系). */
export class PersonEmployer extends Model<InferAttributes<PersonEmployer>, InferCreationAttributes<PersonEmployer>> {
  declare id: CreationOptional<number>;
  declare personId: number;
  declare enterpriseId: number;
  declare handlerMobile: string | null;
  declare employedFrom: string | null;
  declare employedUntil: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    PersonEmployer.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        personId: { type: DataTypes.INTEGER, allowNull: false },
        enterpriseId: { type: DataTypes.INTEGER, allowNull: false },
        handlerMobile: DataTypes.STRING(16),
        employedFrom: DataTypes.DATEONLY,
        employedUntil: DataTypes.DATEONLY,
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'person_employers' },
    );
  }
}

export interface AnnouncedCase {
  applicationId: number;
  number: string;
  applicantName: string;
  profession: string;
  specialties: string[];
  employerName: string | null;
}

/** A 公告: the batch of approved registrations the ministry publishes. */
export class Announcement extends Model<InferAttributes<Announcement>, InferCreationAttributes<Announcement>> {
  declare id: CreationOptional<number>;
  declare number: string;
  declare year: number;
  declare sequence: number;
  declare profession: string;
  declare publishedAt: Date;
  declare publishedBy: number | null;
  declare items: AnnouncedCase[];
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Announcement.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        number: { type: DataTypes.STRING(64), allowNull: false },
        year: { type: DataTypes.INTEGER, allowNull: false },
        sequence: { type: DataTypes.INTEGER, allowNull: false },
        profession: { type: DataTypes.STRING(32), allowNull: false },
        publishedAt: { type: DataTypes.DATE, allowNull: false },
        publishedBy: DataTypes.INTEGER,
        items: { type: DataTypes.JSON, allowNull: false },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'announcements' },
    );
  }
}

/** Which announcement listed a case; unique per case. */
export class AnnouncementItem extends Model<InferAttributes<AnnouncementItem>, InferCreationAttributes<AnnouncementItem>> {
  declare id: CreationOptional<number>;
  declare announcementId: number;
  declare applicationId: number;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    AnnouncementItem.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        announcementId: { type: DataTypes.INTEGER, allowNull: false },
        applicationId: { type: DataTypes.INTEGER, allowNull: false },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'announcement_items', updatedAt: false },
    );
  }
}

export const applicationModels = { CommitmentReading, PersonEmployer, Announcement, AnnouncementItem };
export type ApplicationModels = typeof applicationModels;

/** Binds these models to a database (the domain models are bound by defineModels). */
export function defineApplicationModels(sequelize: Sequelize): ApplicationModels {
  for (const model of Object.values(applicationModels)) model.initModel(sequelize);
  return applicationModels;
}
