/** The registers as the seeded tables of our own database hold them. */
import type { Models } from '../db/models/index.js';
import type { EnterpriseRegister, QualificationRegister, Registers, SocialSecurityRegister } from './ports.js';

export function localRegisters(models: Models): Registers {
  const qualifications: QualificationRegister = {
    async find(idNumber, name, profession) {
      const rows = await models.Qualification.findAll({ where: { idNumber: idNumber.toUpperCase(), name, profession } });
      return rows.map((r) => r.get({ plain: true }));
    },
  };
  const socialSecurity: SocialSecurityRegister = {
    async monthsPaid(idNumber, creditCode, asOfMonth) {
      const rows = await models.SocialSecurityRecord.findAll({ where: { idNumber: idNumber.toUpperCase(), creditCode } });
      // Only contributions still running count: the last paid month must be this month or the one before.
      const current = rows.filter((r) => r.lastMonth >= previousMonth(asOfMonth));
      const best = current.sort((a, b) => b.monthsPaid - a.monthsPaid)[0];
      return { monthsPaid: best?.monthsPaid ?? 0, lastMonth: rows.map((r) => r.lastMonth).sort().pop() ?? null };
    },
  };
  const enterprises: EnterpriseRegister = {
    async find(creditCode) {
      const row = await models.Enterprise.findOne({
        where: { creditCode: creditCode.toUpperCase() },
        include: [{ model: models.EnterpriseQualification, as: 'qualifications' }],
      });
      if (!row) return null;
      const quals = (row as unknown as { qualifications: Array<{ certificateNumber: string }> }).qualifications ?? [];
      return { creditCode: row.creditCode, name: row.name, province: row.province, kind: row.kind, qualificationNumbers: quals.map((q) => q.certificateNumber) };
    },
  };
  return { qualifications, socialSecurity, enterprises };
}

function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
