/**
 * The zeebe_incidents table (migration 0003): Zeebe's incident records as the
 * exporter delivered them. Delivery is at least once, so every write is
 * idempotent, and a replayed CREATED never reopens a resolved incident.
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Incident } from '../port.js';

const TABLE = 'zeebe_incidents';

export interface IncidentRecord {
  incidentKey: string;
  processInstanceKey: string;
  processDefinitionKey: string;
  bpmnProcessId: string;
  elementId: string;
  elementInstanceKey: string;
  jobKey: string | null;
  errorType: string;
  errorMessage: string;
  createdAt: Date;
}

interface Row extends IncidentRecord {
  resolvedAt: Date | string | null;
}

export class IncidentStore {
  constructor(private readonly sequelize: Sequelize) {}

  async created(records: IncidentRecord[]): Promise<void> {
    for (const r of records) {
      await this.sequelize.query(
        `INSERT INTO ${TABLE} ("incidentKey", "processInstanceKey", "processDefinitionKey", "bpmnProcessId", "elementId",
           "elementInstanceKey", "jobKey", "errorType", "errorMessage", "createdAt", "resolvedAt")
         VALUES (:incidentKey, :processInstanceKey, :processDefinitionKey, :bpmnProcessId, :elementId,
           :elementInstanceKey, :jobKey, :errorType, :errorMessage, :createdAt, NULL)
         ON CONFLICT ("incidentKey") DO NOTHING`,
        { replacements: { ...r } },
      );
    }
  }

  /** A RESOLVED record carries the whole incident, so one the sink never saw created is still recorded. */
  async resolved(record: IncidentRecord, at: Date): Promise<void> {
    await this.created([record]);
    await this.markResolved(record.incidentKey, at);
  }

  async markResolved(incidentKey: string, at: Date): Promise<void> {
    await this.sequelize.query(`UPDATE ${TABLE} SET "resolvedAt" = :at WHERE "incidentKey" = :incidentKey AND "resolvedAt" IS NULL`, {
      replacements: { at, incidentKey },
    });
  }

  async find(incidentKey: string): Promise<(IncidentRecord & { resolvedAt: Date | null }) | undefined> {
    const rows = await this.sequelize.query<Row>(`SELECT * FROM ${TABLE} WHERE "incidentKey" = :incidentKey`, {
      type: QueryTypes.SELECT,
      replacements: { incidentKey },
    });
    const row = rows[0];
    return row && { ...toRecord(row), resolvedAt: row.resolvedAt === null ? null : new Date(row.resolvedAt) };
  }

  async listOpen(filter: { processInstanceKey?: string } = {}): Promise<Incident[]> {
    const byInstance = filter.processInstanceKey !== undefined;
    const rows = await this.sequelize.query<Row>(
      `SELECT * FROM ${TABLE} WHERE "resolvedAt" IS NULL${byInstance ? ' AND "processInstanceKey" = :processInstanceKey' : ''}
       ORDER BY "createdAt", "incidentKey"`,
      { type: QueryTypes.SELECT, replacements: byInstance ? { processInstanceKey: filter.processInstanceKey } : {} },
    );
    return rows.map((row) => {
      const r = toRecord(row);
      return {
        key: r.incidentKey,
        processInstanceKey: r.processInstanceKey,
        bpmnProcessId: r.bpmnProcessId,
        elementId: r.elementId,
        elementInstanceKey: r.elementInstanceKey,
        ...(r.jobKey ? { jobKey: r.jobKey } : {}),
        errorType: r.errorType,
        errorMessage: r.errorMessage,
        createdAt: r.createdAt,
      };
    });
  }
}

// SQLite hands dates back as strings.
function toRecord(row: Row): IncidentRecord {
  return {
    incidentKey: row.incidentKey,
    processInstanceKey: row.processInstanceKey,
    processDefinitionKey: row.processDefinitionKey,
    bpmnProcessId: row.bpmnProcessId,
    elementId: row.elementId,
    elementInstanceKey: row.elementInstanceKey,
    jobKey: row.jobKey,
    errorType: row.errorType,
    errorMessage: row.errorMessage,
    createdAt: new Date(row.createdAt),
  };
}
