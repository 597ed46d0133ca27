/**
 * Where versions live: every deployment the application makes goes through
 * here, into the engine (through the port only) and into the `deployments`
 * table with the original sources and the versions the engine gave them.
 *
 * At start, `syncBaseline` reconciles the baseline files (processes/,
 * forms/) with what was deployed: a file is deployed only when it changed
 * since the last baseline deployment of its process or form, and never over
 * an analyst's newer version — that becomes a conflict the studio shows.
 * Everything else is deployed again as it stands (the engines keep the
 * version of an unchanged resource), so an engine's workers know every
 * process this application runs, and the catalog learns every recorded
 * version for the instances still running on them.
 */
import crypto from 'node:crypto';
import type { Sequelize, Transaction } from 'sequelize';
import type { Clock } from '../clock.js';
import type { Deployment, EnginePort, Resource } from '../engine/port.js';
import type { ProcessCatalog } from '../engine/process-catalog.js';
import type { FormRegistry } from '../forms/registry.js';
import type { FormSchema } from '../forms/schema.js';
import type { DeploymentOrigin, DeploymentRecord, DeploymentResource, DiffSummary, ResourceKind, StudioModels } from './models.js';

export const checksumOf = (source: string) => crypto.createHash('sha256').update(source).digest('hex');

export interface Identified {
  kind: ResourceKind;
  resourceId: string;
  name: string | null;
}

const PROCESS_TAG = /<(?:[\w-]+:)?process\b[^>]*>/;

/** The process or form a resource holds: its bpmnProcessId or formId, and its display name. */
export function identify(resourceName: string, source: string): Identified | null {
  if (resourceName.endsWith('.bpmn')) {
    const tag = PROCESS_TAG.exec(source)?.[0];
    const id = tag && /\bid="([^"]+)"/.exec(tag)?.[1];
    return id ? { kind: 'process', resourceId: id, name: /\bname="([^"]*)"/.exec(tag!)?.[1] ?? null } : null;
  }
  if (resourceName.endsWith('.form')) {
    try {
      const schema = JSON.parse(source) as { id?: unknown };
      return typeof schema.id === 'string' && schema.id ? { kind: 'form', resourceId: schema.id, name: null } : null;
    } catch {
      return null;
    }
  }
  return null;
}

export interface Actor {
  accountId: number | null;
  name: string | null;
}

export interface SourceToDeploy {
  kind: ResourceKind;
  resourceId: string;
  resourceName: string;
  name: string | null;
  source: string;
  /** The baseline file this source is, or the one the version it replaces was reconciled with. */
  baselineChecksum: string | null;
}

export interface VersionLedgerDeps {
  engine: EnginePort;
  studio: StudioModels;
  sequelize: Sequelize;
  clock: Clock;
  catalog: ProcessCatalog;
  forms: FormRegistry;
  log?: (message: string) => void;
}

export class VersionLedger {
  constructor(private readonly deps: VersionLedgerDeps) {}

  /** The newest recorded version of a process or form. */
  async latest(kind: ResourceKind, resourceId: string, transaction?: Transaction): Promise<DeploymentResource | null> {
    return this.deps.studio.DeploymentResource.findOne({
      where: { kind, resourceId },
      order: [['version', 'DESC'], ['id', 'DESC']],
      transaction,
    });
  }

  async version(kind: ResourceKind, resourceId: string, version: number): Promise<DeploymentResource | null> {
    return this.deps.studio.DeploymentResource.findOne({ where: { kind, resourceId, version }, order: [['id', 'DESC']] });
  }

  /** Every recorded version, newest first, with the deployment that made it. */
  async versions(kind: ResourceKind, resourceId: string): Promise<Array<{ resource: DeploymentResource; deployment: DeploymentRecord }>> {
    const rows = await this.deps.studio.DeploymentResource.findAll({ where: { kind, resourceId }, order: [['version', 'DESC'], ['id', 'DESC']] });
    const deployments = await this.deps.studio.DeploymentRecord.findAll({ where: { id: [...new Set(rows.map((r) => r.deploymentId))] } });
    const byId = new Map(deployments.map((d) => [d.id, d]));
    const seen = new Set<number>();
    return rows.filter((r) => !seen.has(r.version) && seen.add(r.version)).map((resource) => ({ resource, deployment: byId.get(resource.deploymentId)! }));
  }

  /** The newest version of every process or form that was ever deployed. */
  async allLatest(kind: ResourceKind): Promise<DeploymentResource[]> {
    const rows = await this.deps.studio.DeploymentResource.findAll({ where: { kind }, order: [['resourceId', 'ASC'], ['version', 'DESC'], ['id', 'DESC']] });
    const seen = new Set<string>();
    return rows.filter((r) => !seen.has(r.resourceId) && seen.add(r.resourceId));
  }

  /**
   * Deploys sources as one deployment (forms first: a task must not link a
   * form that is not there yet) and records what the engine made of them.
   * Resources the engine kept at their version are recorded only when
   * `recordUnchanged` asks for it.
   */
  async deploy(
    sources: SourceToDeploy[],
    meta: { origin: DeploymentOrigin; actor: Actor; comment: string; diffSummary?: DiffSummary[] | null },
  ): Promise<{ deployment: Deployment; record: DeploymentRecord | null; created: DeploymentResource[] }> {
    const ordered = [...sources.filter((s) => s.kind === 'form'), ...sources.filter((s) => s.kind === 'process')];
    const resources: Resource[] = ordered.map((s) => ({ name: s.resourceName, content: s.source }));
    const previous = new Map<string, DeploymentResource | null>();
    for (const s of ordered) previous.set(`${s.kind}:${s.resourceId}`, await this.latest(s.kind, s.resourceId));
    const deployment = await this.deps.engine.deploy(resources);
    const now = this.deps.clock.now();
    const fresh = ordered
      .map((s) => {
        const deployed =
          s.kind === 'process'
            ? deployment.processes.find((p) => p.bpmnProcessId === s.resourceId)
            : deployment.forms.find((f) => f.formId === s.resourceId);
        if (!deployed) return null;
        const engineKey = 'processDefinitionKey' in deployed ? deployed.processDefinitionKey : deployed.formKey;
        const before = previous.get(`${s.kind}:${s.resourceId}`);
        // A version the table already has with this source: the engine kept it.
        if (before && before.version === deployed.version && before.engineKey === engineKey) return null;
        return { s, version: deployed.version, engineKey };
      })
      .filter((x): x is NonNullable<typeof x> => x !== null);

    let record: DeploymentRecord | null = null;
    const created: DeploymentResource[] = [];
    if (fresh.length) {
      await this.deps.sequelize.transaction(async (transaction) => {
        record = await this.deps.studio.DeploymentRecord.create(
          {
            origin: meta.origin,
            accountId: meta.actor.accountId,
            actorName: meta.actor.name,
            comment: meta.comment,
            engine: this.deps.engine.kind,
            engineKey: deployment.key,
            diffSummary: meta.diffSummary ?? null,
            createdAt: now,
          },
          { transaction },
        );
        for (const { s, version, engineKey } of fresh) {
          created.push(
            await this.deps.studio.DeploymentResource.create(
              {
                deploymentId: record.id,
                kind: s.kind,
                resourceId: s.resourceId,
                resourceName: s.resourceName,
                name: s.name,
                source: s.source,
                checksum: checksumOf(s.source),
                baselineChecksum: s.baselineChecksum,
                version,
                engineKey,
                created: true,
                createdAt: now,
              },
              { transaction },
            ),
          );
        }
      });
    }
    await this.learn(ordered, deployment);
    return { deployment, record, created };
  }

  /** The catalog and the form registry follow a deployment: new cases see the new versions. */
  private async learn(sources: SourceToDeploy[], deployment: Deployment): Promise<void> {
    for (const s of sources) {
      if (s.kind === 'form') {
        if (deployment.forms.some((f) => f.formId === s.resourceId)) this.deps.forms.add(JSON.parse(s.source) as FormSchema);
        continue;
      }
      const deployed = deployment.processes.find((p) => p.bpmnProcessId === s.resourceId);
      if (deployed) await this.deps.catalog.recordVersion(s.source, s.resourceId, deployed.version);
    }
  }

  /**
   * Start-up: deploys what the baseline files and the recorded versions call
   * for and teaches the catalog every recorded version. Returns the conflicts
   * it found (new baseline files held back behind a studio version).
   */
  async syncBaseline(files: Resource[]): Promise<{ deployedFiles: string[]; conflicts: string[] }> {
    const { StudioConflict, DeploymentResource: Rows } = this.deps.studio;
    // Versions recorded before this start: running instances may still be on them.
    for (const row of await Rows.findAll({ where: { kind: 'process' }, order: [['version', 'ASC']] })) {
      await this.deps.catalog.recordVersion(row.source, row.resourceId, row.version);
    }
    const baseline: SourceToDeploy[] = [];
    const kept: SourceToDeploy[] = [];
    const deployedFiles: string[] = [];
    const conflicts: string[] = [];
    for (const file of files) {
      const source = file.content.toString();
      const id = identify(file.name, source);
      if (!id) throw new Error(`${file.name}: neither a BPMN process nor a form with an id`);
      const checksum = checksumOf(source);
      const latest = await this.latest(id.kind, id.resourceId);
      const asFile: SourceToDeploy = { ...id, resourceName: file.name, source, baselineChecksum: checksum };
      if (!latest) {
        baseline.push(asFile);
        deployedFiles.push(file.name);
        continue;
      }
      const latestSource: SourceToDeploy = { ...id, name: latest.name, resourceName: latest.resourceName, source: latest.source, baselineChecksum: latest.baselineChecksum };
      const latestIsBaseline = latest.checksum === latest.baselineChecksum;
      if (checksum === latest.baselineChecksum) {
        kept.push(latestSource);
      } else if (latestIsBaseline) {
        baseline.push(asFile);
        deployedFiles.push(file.name);
      } else {
        // The file changed while an analyst's version is the newest: keep the analyst's, and say so.
        kept.push(latestSource);
        const known = await StudioConflict.findOne({ where: { kind: id.kind, resourceId: id.resourceId, baselineChecksum: checksum } });
        if (!known) {
          await StudioConflict.create({
            kind: id.kind,
            resourceId: id.resourceId,
            resourceName: file.name,
            baselineSource: source,
            baselineChecksum: checksum,
            studioVersion: latest.version,
            status: 'open',
            resolvedBy: null,
            resolvedAt: null,
            createdAt: this.deps.clock.now(),
          });
        }
        if (!known || known.status === 'open') conflicts.push(file.name);
      }
    }
    // Resources deployed in the studio that have no baseline file stay deployed too.
    const named = new Set(files.map((f) => f.name));
    for (const kind of ['form', 'process'] as const) {
      for (const row of await this.allLatest(kind)) {
        if (!named.has(row.resourceName) && !kept.some((k) => k.kind === kind && k.resourceId === row.resourceId)) {
          kept.push({ kind, resourceId: row.resourceId, resourceName: row.resourceName, name: row.name, source: row.source, baselineChecksum: row.baselineChecksum });
        }
      }
    }
    const everything = [...baseline, ...kept];
    if (!everything.length) return { deployedFiles, conflicts };
    await this.deploy(everything, {
      origin: baseline.length ? 'baseline' : 'startup',
      actor: { accountId: null, name: '系统（启动）' },
      comment: baseline.length ? `启动时部署基线文件：${deployedFiles.join('、')}` : '启动时重新部署：引擎中的版本与记录不一致',
    });
    if (conflicts.length) this.deps.log?.(`studio: baseline files held back behind newer studio versions: ${conflicts.join(', ')}`);
    return { deployedFiles, conflicts };
  }
}
