/**
 * Receives Zeebe's incident records and keeps them in the IncidentStore.
 *
 * Why this exists: ResolveIncident needs the incident's key, and Zeebe 8.6
 * names it nowhere a client can ask: FailJob/ThrowError do not return it
 * (camunda/camunda#4299, #16580), the gRPC API has no query, and the REST
 * incident search (/v2/incidents/search) is off unless the broker has
 * Elasticsearch/OpenSearch secondary storage (camunda.rest.query.enabled);
 * without it the route answers 404. Zeebe publishes incidents only to
 * exporters, so the broker (configured as docs/zeebe.md says) runs its bundled
 * Elasticsearch exporter, restricted to incident events, against this
 * endpoint. It answers the part of the Elasticsearch HTTP API that exporter
 * uses: POST /_bulk with NDJSON action/record pairs, and acknowledges its
 * settings calls. A failed write answers 500, so the exporter retries and no
 * record is lost; a record only counts as exported once it is stored.
 */
import http from 'node:http';
import { parse } from 'lossless-json';
import type { IncidentRecord, IncidentStore } from './incident-store.js';

/** One incident event as Zeebe's JSON record format has it (numbers kept as decimal strings). */
interface ExportedRecord {
  key: string;
  timestamp: string;
  valueType: string;
  intent: string;
  recordType: string;
  value: {
    processInstanceKey: string;
    processDefinitionKey: string;
    bpmnProcessId: string;
    elementId: string;
    elementInstanceKey: string;
    jobKey: string;
    errorType: string;
    errorMessage: string;
  };
}

export const DEFAULT_INCIDENT_SINK_PORT = 26510;

export class IncidentSink {
  private server?: http.Server;

  constructor(
    private readonly store: IncidentStore,
    private readonly address: { host: string; port: number },
    private readonly log: (msg: string) => void,
  ) {}

  async start(): Promise<void> {
    const server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) =>
        reject(
          err.code === 'EADDRINUSE'
            ? new Error(`zeebe incident sink: ${this.address.host}:${this.address.port} is already in use (another ZeebeEngine?)`)
            : err,
        ),
      );
      server.listen(this.address.port, this.address.host, () => resolve());
    });
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    res.setHeader('content-type', 'application/json');
    if (req.method !== 'POST' || !/\/_bulk(\?|$)/.test(req.url ?? '')) {
      // Template and lifecycle-settings calls: nothing to keep.
      res.end('{"acknowledged":true}');
      return;
    }
    try {
      const items = await this.storeBulk(body);
      res.end(JSON.stringify({ took: 0, errors: false, items }));
    } catch (err) {
      this.log(`zeebe incident sink: could not store exported records, the exporter will retry: ${(err as Error).message}`);
      res.statusCode = 500;
      res.end(JSON.stringify({ error: { type: 'store_failed', reason: (err as Error).message }, status: 500 }));
    }
  }

  private async storeBulk(ndjson: string): Promise<unknown[]> {
    const lines = ndjson.split('\n').filter((line) => line.trim() !== '');
    const items: unknown[] = [];
    for (let i = 0; i + 1 < lines.length; i += 2) {
      const action = parse(lines[i], undefined, (n) => n) as { index?: { _index?: string; _id?: string } };
      const record = parse(lines[i + 1], undefined, (n) => n) as ExportedRecord;
      await this.apply(record);
      items.push({ index: { _index: action.index?._index, _id: action.index?._id, status: 201, result: 'created' } });
    }
    return items;
  }

  private async apply(record: ExportedRecord): Promise<void> {
    if (record.valueType !== 'INCIDENT' || record.recordType !== 'EVENT') return;
    const incident = toIncident(record);
    if (record.intent === 'CREATED') await this.store.created([incident]);
    else if (record.intent === 'RESOLVED') await this.store.resolved(incident, new Date(Number(record.timestamp)));
  }
}

function toIncident(record: ExportedRecord): IncidentRecord {
  const v = record.value;
  // Zeebe writes -1 where an incident has no job (expression and mapping failures).
  const jobKey = v.jobKey && v.jobKey !== '-1' && v.jobKey !== '0' ? v.jobKey : null;
  return {
    incidentKey: record.key,
    processInstanceKey: v.processInstanceKey,
    processDefinitionKey: v.processDefinitionKey,
    bpmnProcessId: v.bpmnProcessId,
    elementId: v.elementId,
    elementInstanceKey: v.elementInstanceKey,
    jobKey,
    errorType: v.errorType,
    errorMessage: v.errorMessage ?? '',
    createdAt: new Date(Number(record.timestamp)),
  };
}
