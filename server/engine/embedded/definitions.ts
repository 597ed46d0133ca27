/**
 * Deployed process definitions and forms, kept in memory: every instance
 * needs its definition's model and source context, and bpmn-engine can share
 * one deserialized source context between all instances of a definition.
 */
import type { SerializableContext } from 'moddle-context-serializer';
import { ProcessModel, sourceContext } from './model.js';
import type { DefinitionRow, EngineStore, FormRow } from './store.js';

export class DeployedDefinition {
  readonly model: ProcessModel;
  private readonly contexts = new Map<string, SerializableContext>();

  constructor(readonly row: Omit<DefinitionRow, 'resource'>) {
    this.model = new ProcessModel(row.bpmnProcessId, JSON.parse(row.context));
  }

  get key(): string {
    return this.row.key;
  }
  get bpmnProcessId(): string {
    return this.row.bpmnProcessId;
  }
  get version(): number {
    return this.row.version;
  }

  /** The source context an instance started at this start event runs from. */
  contextFor(startEventId: string): SerializableContext {
    let context = this.contexts.get(startEventId);
    if (!context) {
      context = sourceContext(this.model.contextJson(startEventId));
      this.contexts.set(startEventId, context);
    }
    return context;
  }
}

export class DefinitionRegistry {
  private readonly byKey = new Map<string, DeployedDefinition>();
  private readonly latestById = new Map<string, DeployedDefinition>();
  private readonly latestForms = new Map<string, Omit<FormRow, 'schema'>>();

  async load(store: EngineStore): Promise<void> {
    const definitions = await store.definitions.findAll({
      attributes: { exclude: ['resource'] },
      order: [['version', 'ASC']],
    });
    for (const d of definitions) {
      const plain = d.get({ plain: true });
      this.add(new DeployedDefinition({ ...plain, key: String(plain.key), deploymentKey: String(plain.deploymentKey), createdAt: Number(plain.createdAt) }));
    }
    const forms = await store.forms.findAll({ attributes: { exclude: ['schema'] }, order: [['version', 'ASC']] });
    for (const f of forms) {
      const plain = f.get({ plain: true });
      this.addForm({ ...plain, key: String(plain.key), deploymentKey: String(plain.deploymentKey), createdAt: Number(plain.createdAt) });
    }
  }

  add(definition: DeployedDefinition): void {
    this.byKey.set(definition.key, definition);
    const latest = this.latestById.get(definition.bpmnProcessId);
    if (!latest || latest.version < definition.version) this.latestById.set(definition.bpmnProcessId, definition);
  }

  addForm(row: Omit<FormRow, 'schema'>): void {
    const latest = this.latestForms.get(row.formId);
    if (!latest || latest.version < row.version) this.latestForms.set(row.formId, row);
  }

  get(key: string): DeployedDefinition | undefined {
    return this.byKey.get(key);
  }

  latest(bpmnProcessId: string): DeployedDefinition | undefined {
    return this.latestById.get(bpmnProcessId);
  }

  latestDefinitions(): DeployedDefinition[] {
    return [...this.latestById.values()];
  }

  latestForm(formId: string): Omit<FormRow, 'schema'> | undefined {
    return this.latestForms.get(formId);
  }
}
