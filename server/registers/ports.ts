/**
 * The outside registers the checks consult. Each is a port: the local
 * implementations read the seeded tables, and a connector to the national
 * platform can replace one without touching the workers.
 */
export interface QualificationRecord {
  idNumber: string;
  name: string;
  profession: string;
  specialty: string;
  certificateNumber: string;
  approvalDate: string;
  obtainedBy: string;
  year: number;
}

export interface QualificationRegister {
  /** The person's records for a profession, matched on ID number and name (rule 6). */
  find(idNumber: string, name: string, profession: string): Promise<QualificationRecord[]>;
}

export interface SocialSecurityRegister {
  /** Months paid by the person at the employer, 0 when there is no record. */
  monthsPaid(idNumber: string, creditCode: string, asOfMonth: string): Promise<{ monthsPaid: number; lastMonth: string | null }>;
}

export interface EnterpriseRecord {
  creditCode: string;
  name: string;
  province: string;
  kind: string;
  qualificationNumbers: string[];
}

export interface EnterpriseRegister {
  find(creditCode: string): Promise<EnterpriseRecord | null>;
}

export interface Registers {
  qualifications: QualificationRegister;
  socialSecurity: SocialSecurityRegister;
  enterprises: EnterpriseRegister;
}
