/** The analysts' monitor pages (analyst role only): processes, a version's instances on its diagram, one instance, incidents. */
import { Router } from 'express';
import { requireRole } from '../auth/session.js';
import { formatChinaDateTime } from '../domain/working-days.js';
import type { InstanceState } from '../engine/port.js';
import { HttpError } from '../http/errors.js';
import { flash } from '../http/flash.js';
import { scriptJson, type ViewRenderer } from '../http/views.js';
import { diagramUrl } from '../portals/diagrams.js';
import { STATE_NAMES, type MonitorService } from './monitor-service.js';

const STATES = Object.keys(STATE_NAMES) as InstanceState[];
/** Zeebe's incident types as the operator manuals would name them; others are shown as the engine names them. */
const ERROR_TYPE_NAMES: Record<string, string> = { JOB_NO_RETRIES: '作业重试次数用尽', CONDITION_ERROR: '条件表达式错误', EXTRACT_VALUE_ERROR: '表达式取值错误', UNHANDLED_ERROR_EVENT: '未捕获的错误事件' };
const when = (d: Date | null | undefined) => (d ? formatChinaDateTime(d).replace('T', ' ').slice(0, 16) : '—');
/** Keys come from the engine (digits, UUIDs, element ids): anything else cannot name an instance. */
const KEY = /^[\w:.-]{1,128}$/;

function positiveInt(raw: unknown, fallback: number): number {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export function monitorPages(views: ViewRenderer, monitor: MonitorService): Router {
  const router = Router();
  router.use('/analyst/monitor', requireRole('analyst'));

  router.get('/analyst/monitor', async (req, res) => {
    const [overview, due] = await Promise.all([monitor.overview(), monitor.dueTasks()]);
    res.send(
      views.render(req, 'monitor', {
        title: '流程监控',
        account: req.account,
        ...overview,
        due: due.map(({ task, overdue }) => ({ id: task.id, name: task.name, applicationId: task.applicationId, dueAt: when(task.dueAt), overdue })),
      }),
    );
  });

  router.get('/analyst/monitor/processes/:id', async (req, res) => {
    const state = STATES.includes(req.query.state as InstanceState) ? (req.query.state as InstanceState) : undefined;
    const found = await monitor.version(req.params.id, req.query.version ? positiveInt(req.query.version, 0) : undefined, state, positiveInt(req.query.page, 1));
    if (!found) throw new HttpError(404, '流程不存在或尚未部署');
    const { statistics } = found;
    res.send(
      views.render(req, 'monitor-process', {
        title: `流程监控：${found.name}`,
        account: req.account,
        id: req.params.id,
        name: found.name,
        versions: found.versions.map((v) => ({ ...v, selected: v.version === found.chosen.version })),
        chosen: found.chosen,
        counts: STATES.map((s) => ({ state: s, name: STATE_NAMES[s], count: statistics.instances[s], selected: s === state })),
        elements: statistics.elements
          .map((e) => ({ ...e, name: found.elementNames[e.elementId] ?? e.elementId }))
          .sort((a, b) => b.incidents - a.incidents || b.active - a.active),
        instances: found.instances.map((i) => ({ ...i, stateName: STATE_NAMES[i.state], startedAt: when(i.startedAt), endedAt: when(i.endedAt) })),
        state,
        page: found.page,
        prevPage: found.page > 1 ? found.page - 1 : null,
        nextPage: found.hasNext ? found.page + 1 : null,
        diagramUrl: found.diagram && diagramUrl(found.diagram),
        diagramCounts: scriptJson(statistics.elements),
      }),
    );
  });

  router.get('/analyst/monitor/instances/:key', async (req, res) => {
    if (!KEY.test(req.params.key)) throw new HttpError(404, '流程实例不存在');
    const found = await monitor.instance(req.params.key);
    if (!found) throw new HttpError(404, '流程实例不存在');
    const { detail } = found;
    res.send(
      views.render(req, 'monitor-instance', {
        title: `流程实例 ${detail.processInstanceKey}`,
        account: req.account,
        detail: { ...detail, stateName: STATE_NAMES[detail.state], startedAt: when(detail.startedAt), endedAt: when(detail.endedAt) },
        name: found.name,
        application: found.application ? { id: found.application.id, number: found.application.number, status: found.application.status } : null,
        active: detail.activeElementIds.map((id) => ({ id, name: found.elementName(id) })),
        variables: Object.entries(detail.variables)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([name, value]) => ({ name, value: typeof value === 'string' ? value : JSON.stringify(value) })),
        incidents: detail.incidents.map((i) => ({ ...i, errorTypeName: ERROR_TYPE_NAMES[i.errorType] ?? i.errorType, elementName: found.elementName(i.elementId), createdAt: when(i.createdAt) })),
        tasks: found.tasks.map((t) => ({ id: t.id, name: t.name, status: t.status, dueAt: when(t.dueAt), completedAt: when(t.completedAt) })),
        diagramUrl: found.diagram && diagramUrl(found.diagram),
        diagramMarks: scriptJson({ active: detail.activeElementIds, done: detail.completedElementIds, failed: detail.incidents.map((i) => i.elementId) }),
      }),
    );
  });

  router.post('/analyst/monitor/incidents/:key/retry', async (req, res) => {
    if (!KEY.test(req.params.key)) throw new HttpError(404, '故障不存在或已处理');
    const incident = await monitor.incident(req.params.key);
    if (!incident) throw new HttpError(404, '故障不存在或已处理');
    await monitor.retry(incident.key);
    flash(req, '已重试：作业将重新执行');
    res.redirect(303, `/analyst/monitor/instances/${encodeURIComponent(incident.processInstanceKey)}`);
  });

  return router;
}
