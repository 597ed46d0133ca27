import fs from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { requireRole } from '../auth/session.js';
import type { Models } from '../db/models/index.js';
import type { ViewRenderer } from '../http/views.js';

function listFiles(dir: string, ext: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(ext)).sort() : [];
}

/**
 * Admin (accounts and reference data) home page, and the analyst's read-only
 * list of the baseline files for an application without a running engine
 * (with one, the studio of portals/studio.ts answers /analyst first).
 */
export function staffPortals(views: ViewRenderer, m: Models, rootDir: string): Router {
  const router = Router();

  router.get('/analyst', requireRole('analyst'), (req, res) => {
    const processes = listFiles(path.join(rootDir, 'processes'), '.bpmn').map((file) => {
      const xml = fs.readFileSync(path.join(rootDir, 'processes', file), 'utf8');
      const process = /<bpmn:process[^>]*\bid="([^"]+)"[^>]*?\bname="([^"]*)"/.exec(xml);
      return { file, id: process?.[1] ?? '', name: process?.[2] ?? '' };
    });
    const forms = listFiles(path.join(rootDir, 'forms'), '.form').map((file) => {
      const schema = JSON.parse(fs.readFileSync(path.join(rootDir, 'forms', file), 'utf8')) as {
        id?: string;
        components?: unknown[];
      };
      return { file, id: schema.id, fields: schema.components?.length ?? 0 };
    });
    res.send(views.render(req, 'analyst-files', { title: '流程与表单', account: req.account, processes, forms }));
  });

  // The administrator's home: what the registers hold, and the way to each screen (portals/admin.ts).
  router.get('/admin', requireRole('admin'), async (req, res) => {
    const registers: Array<[string, () => Promise<number>, string | null]> = [
      ['人员', () => m.Person.count(), null],
      ['企业', () => m.Enterprise.count(), '/admin/enterprises'],
      ['资格库记录', () => m.Qualification.count(), '/admin/qualifications'],
      ['社保记录', () => m.SocialSecurityRecord.count(), null],
      ['注册记录', () => m.Registration.count(), null],
      ['申报', () => m.Application.count(), null],
    ];
    const [accounts, inactive, counts] = await Promise.all([
      m.Account.count(),
      m.Account.count({ where: { active: false } }),
      Promise.all(registers.map(async ([label, count, href]) => ({ label, count: await count(), href }))),
    ]);
    res.send(views.render(req, 'admin', { title: '系统管理', account: req.account, accounts, inactive, counts }));
  });
  return router;
}
