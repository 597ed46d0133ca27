/**
 * The BPMN of each recorded process version, for the bpmn-js viewers on the
 * case page and the monitor. A process's XML is some 155 KB: inline, it cost
 * every staff case view a fifth of its server time (bench row 3, --cpu-prof,
 * Buffer.from in res.send). Its URL names the text by digest, so a browser
 * fetches each version once and keeps it.
 */
import { Router } from 'express';

import { STAFF_ROLES } from '../admin/accounts.js';
import { requireRole } from '../auth/session.js';
import type { ProcessCatalog, ProcessInfo } from '../engine/process-catalog.js';
import { notFound } from '../http/errors.js';

export const diagramUrl = (process: ProcessInfo) => `/processes/${encodeURIComponent(process.bpmnProcessId)}/diagrams/${process.digest}`;

export function diagramPages(catalog: ProcessCatalog): Router {
  const router = Router();
  // The technical model is for the authority's staff; applicants and employers follow the step bar.
  router.get('/processes/:processId/diagrams/:digest', requireRole(...STAFF_ROLES), (req, res) => {
    const process = catalog.diagram(String(req.params.processId), String(req.params.digest));
    if (!process) throw notFound('流程图');
    res.set('cache-control', 'private, max-age=31536000, immutable');
    res.type('application/xml').send(process.xml);
  });
  return router;
}
