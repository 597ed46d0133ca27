/** A running system for the studio specs: fresh database, demo accounts, the embedded engine, a copy of the baseline files. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import { systemClock } from '../../../server/clock.js';
import { loadConfig } from '../../../server/config.js';
import { defineModels, type Models } from '../../../server/db/models/index.js';
import { EmbeddedEngine } from '../../../server/engine/embedded/index.js';
import type { EnginePort } from '../../../server/engine/port.js';
import { startRuntime, type Runtime } from '../../../server/runtime.js';
import { seedDemo } from '../../../server/seed/demo.js';
import { migratedDatabase } from '../../support/database.js';

/** A root directory with the repository's baseline files, which a spec may change. */
export function baselineCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhuce-studio-'));
  for (const sub of ['processes', 'forms']) {
    fs.mkdirSync(path.join(dir, sub));
    for (const f of fs.readdirSync(sub).filter((f) => f.endsWith('.bpmn') || f.endsWith('.form'))) fs.copyFileSync(path.join(sub, f), path.join(dir, sub, f));
  }
  fs.copyFileSync('.bpmnlintrc', path.join(dir, '.bpmnlintrc'));
  fs.symlinkSync(path.resolve('templates'), path.join(dir, 'templates'));
  return dir;
}

export interface StudioWorld {
  sequelize: Sequelize;
  models: Models;
  runtime: Runtime;
  rootDir: string;
  analyst: { accountId: number; name: string };
  restart(engine?: (s: Sequelize) => EnginePort): Promise<Runtime>;
  close(): Promise<void>;
}

export async function openStudioWorld(engine: (s: Sequelize) => EnginePort = (s) => new EmbeddedEngine({ sequelize: s, clock: systemClock })): Promise<StudioWorld> {
  const sequelize = await migratedDatabase();
  const models = defineModels(sequelize);
  await seedDemo(sequelize, models, { clock: systemClock, backgroundPersons: 0 });
  const rootDir = baselineCopy();
  const config = loadConfig({});
  const start = (make: (s: Sequelize) => EnginePort) => startRuntime({ config, sequelize, models, clock: systemClock, rootDir, engine: make(sequelize), log: () => {} });
  const account = (await models.Account.findOne({ where: { username: 'fenxi' } }))!;
  const world: StudioWorld = {
    sequelize,
    models,
    runtime: await start(engine),
    rootDir,
    analyst: { accountId: account.id, name: account.displayName },
    async restart(make = engine) {
      await world.runtime.stop();
      world.runtime = await start(make);
      return world.runtime;
    },
    async close() {
      await world.runtime.stop();
      await sequelize.close();
    },
  };
  return world;
}

export const SUPERVISOR = 'zhuce-initial-supervisor';

/** 专家复核 between the review's deadline and the ministry's review: a job-worker user task with an existing form. */
export function withExpertReview(xml: string, formId = 'ministry-review'): string {
  const flow = 'Flow_Task_MinistryReviewDeadline_Task_MinistryReview';
  return xml
    .replace(`<bpmn:sequenceFlow id="${flow}" sourceRef="Task_MinistryReviewDeadline" targetRef="Task_MinistryReview" />`,
      `<bpmn:sequenceFlow id="${flow}" sourceRef="Task_MinistryReviewDeadline" targetRef="Task_ExpertReview" />\n    <bpmn:sequenceFlow id="Flow_ExpertReview_MinistryReview" sourceRef="Task_ExpertReview" targetRef="Task_MinistryReview" />`)
    .replace(`<bpmn:incoming>${flow}</bpmn:incoming>`, '<bpmn:incoming>Flow_ExpertReview_MinistryReview</bpmn:incoming>')
    .replace('<bpmn:userTask id="Task_MinistryReview"',
      `<bpmn:userTask id="Task_ExpertReview" name="专家复核">
      <bpmn:extensionElements>
        <zeebe:formDefinition formId="${formId}" />
        <zeebe:assignmentDefinition candidateGroups="=[&quot;ministry:&quot; + profession]" />
      </bpmn:extensionElements>
      <bpmn:incoming>${flow}</bpmn:incoming>
      <bpmn:outgoing>Flow_ExpertReview_MinistryReview</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:userTask id="Task_MinistryReview"`)
    .replace('</bpmndi:BPMNPlane>', `  <bpmndi:BPMNShape id="Task_ExpertReview_di" bpmnElement="Task_ExpertReview">
        <dc:Bounds x="3640" y="240" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_ExpertReview_MinistryReview_di" bpmnElement="Flow_ExpertReview_MinistryReview">
        <di:waypoint x="3690" y="320" />
        <di:waypoint x="3690" y="360" />
      </bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>`);
}
