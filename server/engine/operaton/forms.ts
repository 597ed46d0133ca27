/**
 * Versions and keys of deployed forms. Operaton keeps a form as a resource of
 * its deployment, with no key a job could carry; Zeebe gives each form id a
 * version that grows when its content changes and a key per version. The
 * adapter does the same in operaton_forms, so user-task jobs name the form
 * key as on Zeebe.
 */
import crypto from 'node:crypto';
import type { DeployedForm } from '../port.js';
import type { OperatonTables } from './tables.js';

export class FormVersions {
  constructor(private readonly tables: OperatonTables) {}

  async latestKey(formId: string): Promise<string | undefined> {
    const latest = await this.tables.forms.findOne({ where: { formId }, order: [['version', 'DESC']] });
    return latest?.get().formKey;
  }

  /** The version this content of the form gets: the latest one when unchanged, else the next. */
  async record(resourceName: string, content: string, deploymentId: string, now: Date): Promise<DeployedForm> {
    const formId = formIdOf(resourceName, content);
    const checksum = crypto.createHash('sha256').update(content).digest('hex');
    for (let attempt = 0; ; attempt++) {
      const latest = (await this.tables.forms.findOne({ where: { formId }, order: [['version', 'DESC']] }))?.get();
      if (latest?.checksum === checksum) return { formId, version: latest.version, formKey: latest.formKey, resourceName };
      const version = (latest?.version ?? 0) + 1;
      const formKey = `${formId}:${version}:${checksum.slice(0, 12)}`;
      try {
        await this.tables.forms.create({ formKey, formId, version, checksum, deploymentId, createdAt: now });
        return { formId, version, formKey, resourceName };
      } catch (err) {
        // Another app server deployed the same form a moment ago: read again.
        if (attempt >= 3) throw err;
      }
    }
  }
}

export function formIdOf(resourceName: string, content: string): string {
  try {
    const id = (JSON.parse(content) as { id?: unknown }).id;
    if (typeof id === 'string' && id) return id;
  } catch {
    // not JSON: refused below
  }
  throw new Error(`operaton: ${resourceName} 不是有效的表单：缺少 id`);
}
