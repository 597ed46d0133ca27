/**
 * Every form: the applicants' and employers' start forms (one per process,
 * labels as the manuals print them) and the forms of the user tasks.
 * Read-only fields show data the server fills in from the profile, the
 * current registration or the enterprise register; it never takes them from
 * the browser.
 */
import { INDUSTRIES } from '../../server/domain/industries.js';
import { QUALIFICATION_METHODS, matterOf, professionByCode, type MatterCode, type ProfessionCode } from '../../server/domain/professions.js';
import { FormBuilder, type Component, type FormSchema } from './form-kit.js';
import { DESIGN_CONDITIONS, EMPLOYER_COMMITMENT, PHOTO_SIGNATURE_NOTICE, SOCIAL_SECURITY_WARNING, commitmentLetter, note, registrationNotice } from './texts.js';

const SMS_CODE = { pattern: '^\\d{6}$', patternErrorMessage: '短信验证码为6位数字' };
const EDUCATION = ['博士研究生', '硕士研究生', '大学本科', '大学专科', '中等专科', '其他'];
const DEGREE = ['博士', '硕士', '学士', '无'];
const ID_TYPES = ['身份证', '护照', '港澳居民来往内地通行证', '台湾居民来往大陆通行证', '外国人永久居留身份证'];
/** 更改/补办原因: seed 000 shows a select without its options; these are the cases the requirement radio serves. */
const REISSUE_REASONS = ['执业印章遗失', '执业印章损坏', '执业印章号有误', '注册证书遗失', '注册证书损坏', '其他'];

function specialtyOptions(profession: ProfessionCode): Array<[string, string]> {
  return professionByCode(profession).specialties.map((s) => [s.code, s.name]);
}

function header(f: FormBuilder, profession: ProfessionCode, matter: MatterCode, title?: string): Component {
  const offering = matterOf(profession, matter)!;
  return f.text(`### ${title ?? offering.title}\n\n事项编码：${offering.matterCode}`);
}

/** 个人承诺书 with the choice that decides whether the case goes on (rule 2: 不作出承诺 cancels it). */
function commitment(f: FormBuilder, profession: ProfessionCode): Component {
  const design = profession === 'architect' || profession === 'engineer';
  const [yes, no] = design ? ['本人做出上述承诺', '本人不做出上述承诺'] : ['本人作出上述承诺', '本人不作出上述承诺'];
  return f.group(design ? '个人承诺书' : '个人承诺', [
    f.text(commitmentLetter(profession)),
    f.radio('personalCommitment', '承诺', [['accept', yes], ['decline', no]], { required: true }),
  ]);
}

/** Rule 3: shown when the pre-check found a social-security anomaly; continuing records the acknowledgement. */
function socialSecurity(f: FormBuilder): Component {
  return f.group(
    '社保核查',
    [
      f.text(SOCIAL_SECURITY_WARNING),
      f.checkbox('socialSecurityAcknowledged', '确定继续申报，并承诺只受聘于本单位并缴纳社保', { required: true }),
    ],
    '=not(socialSecurityAnomaly = true)',
  );
}

function designConditions(f: FormBuilder): Component[] {
  return [
    f.group('审批条件', [
      f.text('办理该业务，需满足以下申请条件才能进行业务办理，请自检是否满足，符合请打勾\n\n请务必认真阅读完审批条件，这将影响您的审批'),
      ...DESIGN_CONDITIONS.map(([key, label]) => f.checkbox(key, label, { required: true })),
    ]),
    f.text('#### 收取材料\n\n办理该业务，您需要提供如下材料：无'),
  ];
}

/** 注册须知 and 收取材料 with the box the applicant ticks after reading them. */
function notice(f: FormBuilder, profession: ProfessionCode, matter: MatterCode, label = '本人已认真阅读“注册须知”、“收取材料”'): Component {
  const text = registrationNotice(professionByCode(profession).name, matter, profession === 'constructor');
  return f.group('注册须知', [f.text(text), f.checkbox('noticeAccepted', label, { required: true })]);
}

function designPerson(f: FormBuilder, withTitle: boolean): Component {
  return f.group('个人基本信息', [
    f.readonly('applicantName', '申请人姓名'),
    f.readonly('idNumber', '身份证件号'),
    f.readonly('idType', '证件类型'),
    ...(withTitle ? [f.readonly('technicalTitle', '现在专业技术职务')] : []),
  ]);
}

function mobilePerson(f: FormBuilder, profession: ProfessionCode): Component {
  const supervisor = profession === 'supervisor';
  return f.group('基本信息', [
    f.readonly('applicantName', '姓名'),
    f.readonly('gender', '性别'),
    ...(supervisor ? [f.readonly('idType', '证件类型')] : []),
    f.readonly('idNumber', '证件号码'),
    ...(supervisor ? [f.readonly('birthDate', '出生日期')] : []),
    f.readonly('mobile', '手机号码'),
    f.textfield('ethnicity', '民族', { required: true, maxLength: 20 }),
    f.select('education', '学历', EDUCATION, { required: true }),
    f.select('degree', '学位', DEGREE, { required: true }),
    f.textfield('school', '毕业院校', { required: true, maxLength: 60 }),
    f.textfield('major', '所学专业', { required: true, maxLength: 60 }),
    f.date('graduationDate', '毕业时间', { required: true }),
  ]);
}

/** The enterprise block of the engineers' forms: filled from 个人信息 → 所在企业信息. */
function designEmployer(f: FormBuilder, nameLabel = '单位名称'): Component {
  return f.group('企业基本信息', [
    f.readonly('employerName', nameLabel),
    f.readonly('industryName', '所属行业'),
    f.readonly('employerQualificationNo', '企业资质证书号'),
    f.readonly('employerCode', '统一社会信用代码'),
  ]);
}

/** The mini-program's enterprise block: the applicant picks the employer, the register fills the rest. */
function chosenEmployer(f: FormBuilder, profession: ProfessionCode, contract: boolean): Component {
  return f.group('企业信息', [
    f.textfield('employerName', '企业名称', { required: true, maxLength: 100, description: '请输入企业名称关键字，选中对应的企业' }),
    f.textfield('employerCode', '统一社会信用代码', { required: true, rule: 'creditCode' }),
    f.readonly('legalRepresentative', '法定代表人'),
    f.readonly('registeredProvince', '工商注册省份'),
    f.readonly('registeredCity', '工商注册市区'),
    ...(profession === 'constructor' ? [f.readonly('address', '详细地址')] : []),
    ...(contract ? [f.date('contractStart', '劳动合同开始日期', { required: true }), f.date('contractEnd', '劳动合同结束日期')] : []),
  ]);
}

function currentEmployer(f: FormBuilder): Component {
  return f.group('企业信息', [
    f.readonly('employerName', '企业名称'),
    f.readonly('employerCode', '统一社会信用代码'),
    f.readonly('legalRepresentative', '法定代表人'),
    f.readonly('registeredProvince', '工商注册省份'),
    f.readonly('registeredCity', '工商注册市区'),
  ]);
}

function attachments(f: FormBuilder, signatureLabel = '上传手写签名'): Component {
  return f.group('附件（格式 jpg,jpeg,png）', [
    f.files('photo', '上传一寸免冠照片', { required: true, description: '图像不大于500KB，推荐尺寸413px*295px' }),
    f.files('signature', signatureLabel, { required: true, description: '图像不大于500KB，推荐尺寸162px*405px' }),
  ]);
}

function smsCode(f: FormBuilder): Component {
  return f.group('短信验证码', [f.textfield('smsCode', '短信验证码', { required: true, ...SMS_CODE })]);
}

function specialtySelect(f: FormBuilder, profession: ProfessionCode, label = '注册专业类型'): Component {
  return f.select('specialty', label, specialtyOptions(profession), { required: true });
}

// --- start forms of the registration matters --------------------------------

/** 建筑师、勘察设计工程师 and, by analogy, 监理工程师 beyond 初始注册: seed 000's forms. */
function designApplication(profession: ProfessionCode, matter: MatterCode): FormSchema {
  const f = new FormBuilder(`apply-${matter}-${profession}`);
  const opening = [header(f, profession, matter), ...designConditions(f)];
  const shared = () => [socialSecurity(f), commitment(f, profession)];
  switch (matter) {
    case 'initial':
      return f.build([
        ...opening,
        ...shared(),
        designPerson(f, true),
        f.group('注册基本信息', [
          specialtySelect(f, profession),
          f.textfield('qualificationNo', '资格证书管理号', { required: true, maxLength: 50 }),
          f.date('qualificationApprovalDate', '资格证书批准日期', { required: true }),
          f.select('qualificationMethod', '获取执业资格方式', QUALIFICATION_METHODS.map((m) => [m.code, m.name]), { required: true }),
        ]),
        designEmployer(f),
        f.text(
          note(['每个注册专业只可以申报一次初始注册，不能重复注册。', '申报初始注册必须取得相应专业的职业资格，如果未取得不可申报。', '所有注册申报都核查社保是否异常。', '所有注册申报都检测是否上传照片、签名。']),
        ),
      ]);
    case 'change':
      return f.build([
        ...opening,
        ...shared(),
        designPerson(f, false),
        f.group('原单位注册信息', [
          specialtySelect(f, profession),
          f.readonly('previousEmployerName', '原聘用单位名称'),
          f.readonly('previousSealNo', '原执业印章号'),
          f.readonly('previousValidUntil', '原注册有效期'),
        ]),
        f.group('现单位信息', [
          f.readonly('employerName', '现聘用单位名称'),
          f.readonly('employerCode', '统一社会信用代码'),
          f.readonly('employerQualificationNo', '企业资质证书号'),
          f.readonly('industryName', '所属行业'),
        ]),
        f.group('申报材料', [f.files('releaseCertificate', '解聘证明', { required: true, multiple: true })]),
        f.text('注：申报变更注册，原聘用单位要与现聘用单位不一致。'),
      ]);
    case 'renewal':
      return f.build([
        ...opening,
        ...shared(),
        designPerson(f, false),
        f.group('注册基本信息', [specialtySelect(f, profession), f.readonly('sealNo', '原执业印章号'), f.readonly('validUntil', '注册有效期')]),
        designEmployer(f, '聘用单位'),
        f.text(
          note(['延续注册只有在注册期满前半年内可申报。超过半年不允许申报。', '如在原单位已注销注册，需要在原单位办理重新注册的，有效期超过半年的审批通过后有效期不变，在半年有效期内的审批后自动延期。']),
        ),
      ]);
    case 'modify-reissue':
      return f.build([
        ...opening,
        ...shared(),
        designPerson(f, false),
        f.group('注册基本信息', [
          specialtySelect(f, profession),
          f.readonly('sealNo', '原执业印章号'),
          f.readonly('validUntil', '注册有效期'),
          f.select('reissueReason', '更改/补办原因', REISSUE_REASONS, { required: true }),
          f.radio('reissueRequirement', '更改/补办要求', [['change-seal', '更改执业印章号'], ['reissue-certificate', '补办注册(注册执业)证书']], { required: true }),
        ]),
        designEmployer(f),
      ]);
    case 'cancel':
      return f.build([
        ...opening,
        commitment(f, profession),
        designPerson(f, false),
        f.group('注册基本信息', [
          specialtySelect(f, profession),
          f.readonly('sealNo', '执业印章号'),
          f.readonly('validUntil', '注册有效期'),
          f.radio('forcedCancellation', '是否强制注销', [['no', '否'], ['yes', '是']], { required: true, defaultValue: 'no' }),
          f.select('cancellationReason', '注销原因', [...professionByCode(profession).cancellationReasons], { required: true }),
        ]),
        f.group(
          '强制注销材料',
          [f.files('arbitrationDocument', '劳动仲裁机构或法院出具的解除劳动关系的仲裁文件或判决书扫描件', { required: true, multiple: true })],
          '=forcedCancellation != "yes"',
        ),
        f.group('企业基本信息', [f.readonly('employerName', '单位名称'), f.readonly('employerCode', '统一社会信用代码')]),
        f.text(
          note(['如注册人员死亡或丧失行为能力，注册人员亲属或所在企业可将签字或加盖公章的情况说明与《死亡医学证明》（《诊断证明书》）复印件寄到住房和城乡建设部执业资格注册中心，线下办理。', '若个人不配合，企业可以线下申请，需提供劳动仲裁机构或法院出具的解除劳动关系的仲裁文件或判决书扫描件。']),
        ),
      ]);
    case 'add-specialty':
      return f.build([
        ...opening,
        ...shared(),
        designPerson(f, false),
        f.group('申请注册专业', [specialtySelect(f, profession, '申请增加的注册专业')]),
        designEmployer(f),
      ]);
    default:
      throw new Error(`no design form for ${matter}`);
  }
}

/** Rule 10: the employer files a forced cancellation with the award or judgment (same process, filedBy = employer). */
function employerCancellation(profession: ProfessionCode): FormSchema {
  const f = new FormBuilder(`apply-cancel-by-employer-${profession}`);
  return f.build([
    header(f, profession, 'cancel', `${matterOf(profession, 'cancel')!.title} — 聘用企业申请强制注销`),
    f.group('注册人员', [
      f.textfield('applicantName', '申请人姓名', { required: true, maxLength: 30 }),
      f.textfield('idNumber', '身份证件号', { required: true, rule: 'idNumber' }),
      specialtySelect(f, profession),
    ]),
    f.group('注销信息', [
      f.text('是否强制注销：是'),
      f.select('cancellationReason', '注销原因', [...professionByCode(profession).cancellationReasons], { required: true }),
      f.files('arbitrationDocument', '劳动仲裁机构或法院出具的解除劳动关系的仲裁文件或判决书扫描件', { required: true, multiple: true }),
      f.textarea('cancellationExplanation', '情况说明', { maxLength: 500 }),
    ]),
    f.group('企业承诺书', [f.text(EMPLOYER_COMMITMENT), f.checkbox('employerCommitment', '本公司作出上述承诺', { required: true })]),
  ]);
}

function constructorApplication(matter: MatterCode): FormSchema {
  const profession: ProfessionCode = 'constructor';
  const f = new FormBuilder(`apply-${matter}-${profession}`);
  const specialties = specialtyOptions(profession);
  const top = () => [header(f, profession, matter), notice(f, profession, matter)];
  const tail = () => [attachments(f), socialSecurity(f), commitment(f, profession), smsCode(f)];
  switch (matter) {
    case 'initial':
    case 're-register':
      return f.build([
        ...top(),
        mobilePerson(f, profession),
        chosenEmployer(f, profession, true),
        f.group('申请注册专业', [
          f.textfield('qualificationNo', '资格证书管理号', { required: true, maxLength: 50 }),
          f.checklist('specialties', '专业类别', specialties, { required: true }),
        ]),
        ...tail(),
      ]);
    case 'renewal':
    case 'add-specialty':
      return f.build([
        ...top(),
        mobilePerson(f, profession),
        currentEmployer(f),
        f.group('申请注册专业', [f.checklist('specialties', '专业类别', specialties, { required: true })]),
        ...tail(),
      ]);
    case 'cancel':
      return f.build([
        header(f, profession, matter),
        f.group('注销须知', [f.checkbox('noticeAccepted', '本人已认真阅读“注销须知”，具备其中某条注销条件', { required: true })]),
        mobilePerson(f, profession),
        f.group('注销原因', [
          f.text('办理该业务，申请人须选择注销原因'),
          f.radio('cancellationReason', '注销原因', [...professionByCode(profession).cancellationReasons], { required: true }),
        ]),
        smsCode(f),
      ]);
    default:
      throw new Error(`no constructor form for ${matter}`);
  }
}

function supervisorInitial(): FormSchema {
  const profession: ProfessionCode = 'supervisor';
  const f = new FormBuilder('apply-initial-supervisor');
  const specialties = specialtyOptions(profession);
  return f.build([
    header(f, profession, 'initial'),
    notice(f, profession, 'initial'),
    mobilePerson(f, profession),
    chosenEmployer(f, profession, false),
    f.group('申请注册专业', [
      f.select('specialty1', '申请注册专业1', specialties, { required: true }),
      f.select('specialty2', '申请注册专业2', specialties, { description: '最多申请两个注册专业；只申请一个专业的不选' }),
    ]),
    attachments(f, '上传签名'),
    socialSecurity(f),
    commitment(f, profession),
  ]);
}

/** 信息更正 / 信息修改 (rule 15): name or ID with evidence. */
function infoCorrection(profession: ProfessionCode): FormSchema {
  const f = new FormBuilder(`apply-info-correction-${profession}`);
  const constructor = profession === 'constructor';
  return f.build([
    header(f, profession, 'info-correction'),
    f.text(
      '若仅修改民族、毕业院校、所学专业、学历信息、毕业时间，请在“个人信息”中直接修改，无需提交本申请。若需修改姓名、证件类型或身份证件号，请在“修改信息”栏目中输入正确的信息以及情况说明，并上传证明材料，审核通过后申报的注册信息会相应修改。',
    ),
    f.group('当前信息', [f.readonly('applicantName', '姓名'), f.readonly('idType', '证件类型'), f.readonly('idNumber', '证件号码')]),
    f.group('修改信息', [
      f.textfield('newName', '姓名', { maxLength: 30, description: '不修改姓名的不填' }),
      f.select('newIdType', '证件类型', ID_TYPES, { description: '不修改证件类型的不选' }),
      f.textfield('newIdNumber', '证件号码', { maxLength: 30, description: '不修改证件号码的不填' }),
      f.textarea('changeExplanation', '情况说明', {
        required: true,
        maxLength: 500,
        description: '如：信息有误，无法重新注册，错误的证件号码是XXX，正确的是XXX',
      }),
    ]),
    f.group('附件材料', [
      f.files('idCardScans', '身份证正反面', { required: true, multiple: true }),
      f.files('evidenceFiles', '公安机关或人事考试部门出具的证明材料', { required: true, multiple: true }),
    ]),
    commitment(f, profession),
    ...(constructor ? [smsCode(f)] : []),
  ]);
}

function photoSignature(profession: ProfessionCode): FormSchema {
  const f = new FormBuilder(`apply-photo-signature-${profession}`);
  return f.build([
    header(f, profession, 'info-correction', `${professionByCode(profession).itemName}（修改免冠照及手写签名）`),
    f.group('申报须知及个人承诺', [
      f.text(PHOTO_SIGNATURE_NOTICE),
      f.radio('personalCommitment', '承诺', [['accept', '本人已阅读并作出上述承诺'], ['decline', '本人不作出上述承诺']], { required: true }),
    ]),
    f.group('电子证照照面使用附件材料', [
      f.files('photo', '一寸照片', { required: true, description: '请上传一寸白底免冠照，图像不大于500KB，推荐尺寸413px*295px' }),
      f.files('signature', '手写签名', { required: true, description: '白底黑字，文字横向，图像不大于500KB，推荐尺寸162px*405px' }),
    ]),
    ...(profession === 'constructor' ? [smsCode(f)] : []),
  ]);
}

// --- employer-side start forms ------------------------------------------------

const QUALIFICATION_COPY_KINDS = INDUSTRIES.filter((i) => i.enterpriseKind !== '一般').map((i) => i.name);

function enterpriseRename(): FormSchema {
  const f = new FormBuilder('apply-enterprise-rename');
  return f.build([
    f.text(
      '### 企业名称变更\n\n企业变更单位名称须先到工商行政管理部门及企业资质证书行政主管部门变更企业名称。待变更完成后可在此模块进行企业名称变更。',
    ),
    f.group('企业名称', [
      f.readonly('previousEnterpriseName', '原单位名称'),
      f.readonly('newEnterpriseName', '现单位名称'),
      f.readonly('employerCode', '统一社会信用代码'),
      f.readonly('industryName', '所属行业'),
    ]),
    f.group(
      '企业资质副本',
      [f.files('renamedQualificationCopy', '更名后的企业资质副本', { required: true, multiple: true })],
      '=not(requiresQualificationCopy = true)',
    ),
    f.text(
      note([
        '该单位名下有正在办理的注册申报业务时无法申报企业名称变更，待正在办理的业务全部办理完结后再进行企业更名操作。',
        `所属行业为${QUALIFICATION_COPY_KINDS.join('、')}等企业进行更名时需要上传更名后的企业资质副本。`,
      ]),
    ),
  ]);
}

function qualificationFix(): FormSchema {
  const f = new FormBuilder('apply-qualification-fix');
  return f.build([
    f.text('### 补正资质\n\n企业取得资质后，补正预注册人员的注册申报信息。若未检测到企业资质证书号，需上传企业资质副本并手工输入企业资质证书号进行补正。'),
    f.group('企业资质', [
      f.readonly('employerName', '企业名称'),
      f.readonly('employerCode', '统一社会信用代码'),
      f.textfield('qualificationCertificateNo', '企业资质证书号', { required: true, maxLength: 50, description: '检测到的企业资质证书号已自动填入' }),
      f.files('qualificationCopy', '企业资质副本', { required: true, multiple: true, hide: '=qualificationDetected = true' }),
    ]),
  ]);
}

// --- user task forms -----------------------------------------------------------

function caseSummary(f: FormBuilder): Component {
  return f.group('申报信息', [
    f.readonly('applicantName', '申请人姓名'),
    f.readonly('idNumber', '身份证件号'),
    f.readonly('matterName', '申报类型'),
    f.readonly('specialtyName', '注册专业'),
    f.readonly('employerName', '单位名称'),
  ]);
}

function anomalies(f: FormBuilder): Component[] {
  return [
    f.text('**社保异常**：经核查，申请人的社保缴纳情况异常，申请人已确认继续申报；申请人的申辩见本页“异常与申辩”。', '=not(socialSecurityAnomaly = true)'),
    f.text('**人员查重异常**：{{duplicateDetail}}', '=not(duplicatePerson = true)'),
    f.text('**预注册**：聘用单位尚未取得资质，审批通过后待企业补正资质方可完成注册。', '=not(preRegistration = true)'),
  ];
}

function employerReport(): FormSchema {
  const f = new FormBuilder('employer-report');
  return f.build([
    f.text('### 注册申报管理 — 上报 / 退回\n\n数据无误请上报；若发现申报数据存在问题或需要停止申报的，请退回。退回后数据不显示在“注册申报管理”页面。'),
    caseSummary(f),
    f.radio('employerDecision', '处理方式', [['report', '上报'], ['return', '退回']], { required: true }),
    f.textarea('returnReason', '退回原因', { required: true, hide: '=employerDecision != "return"' }),
    f.group(
      '企业承诺书',
      [
        f.text(`请仔细阅读“企业承诺书”，60秒完成后，勾选“本公司作出上述承诺”。\n\n${EMPLOYER_COMMITMENT}`),
        f.checkbox('employerCommitment', '本公司作出上述承诺', { required: true }),
      ],
      '=employerDecision != "report"',
    ),
  ]);
}

function withdrawalConsent(): FormSchema {
  const f = new FormBuilder('employer-withdrawal-consent');
  return f.build([
    f.text('### 个人申请撤回\n\n该申报已上报至主管部门、尚未受理，个人申请撤回，企业同意后撤回成功。'),
    caseSummary(f),
    f.textarea('withdrawalReason', '撤回原因', { readonly: true }),
    f.radio('withdrawalConsent', '是否同意撤回', [['agree', '同意撤回'], ['refuse', '不同意撤回']], { required: true }),
    f.textarea('withdrawalConsentOpinion', '意见', { required: true, hide: '=withdrawalConsent != "refuse"' }),
  ]);
}

function acceptance(level: 'province' | 'ministry'): FormSchema {
  const f = new FormBuilder(`${level}-acceptance`);
  return f.build([
    f.text(`### ${level === 'province' ? '省级' : '部级'}受理\n\n申请材料齐全、符合法定形式的予以受理；需要补正的，请一次告知需要补正的全部内容和原因。`),
    caseSummary(f),
    ...anomalies(f),
    f.radio('acceptanceDecision', '受理意见', [['accept', '受理'], ['correct', '补正']], { required: true }),
    f.textfield('correctionContent', '补正内容', { required: true, maxLength: 100, hide: '=acceptanceDecision != "correct"' }),
    f.textarea('correctionReason', '补正原因', { required: true, maxLength: 500, hide: '=acceptanceDecision != "correct"' }),
    f.textarea('acceptanceOpinion', '受理说明', { maxLength: 500, hide: '=acceptanceDecision != "accept"' }),
  ]);
}

function applicantCorrection(): FormSchema {
  const f = new FormBuilder('applicant-correction');
  return f.build([
    f.text('### 补正'),
    f.textfield('correctionContent', '补正内容', { readonly: true }),
    f.textarea('correctionReason', '补正原因', { readonly: true }),
    f.files('correctionFiles', '补正材料', { required: true, multiple: true, description: '图片请控制在200~500KB以内' }),
    f.textarea('correctionNote', '补正说明', { maxLength: 500 }),
  ]);
}

function review(id: string, title: string, decisionKey: string, decisions: Array<[string, string]>, opinionKey: string, opinionLabel: string, withAnomalies: boolean): FormSchema {
  const f = new FormBuilder(id);
  return f.build([
    f.text(`### ${title}`),
    caseSummary(f),
    ...(withAnomalies ? anomalies(f) : []),
    f.radio(decisionKey, '审查结论', decisions, { required: true }),
    f.textarea(opinionKey, opinionLabel, { required: true, maxLength: 1000 }),
  ]);
}

export function allForms(): FormSchema[] {
  const forms: FormSchema[] = [];
  for (const profession of ['architect', 'engineer', 'constructor', 'supervisor'] as const) {
    for (const { matter } of professionByCode(profession).matters) {
      if (matter === 'info-correction') {
        forms.push(infoCorrection(profession), photoSignature(profession));
      } else if (profession === 'constructor') {
        forms.push(constructorApplication(matter));
      } else if (profession === 'supervisor' && matter === 'initial') {
        forms.push(supervisorInitial());
      } else {
        forms.push(designApplication(profession, matter));
      }
      if (matter === 'cancel' && profession !== 'constructor') forms.push(employerCancellation(profession));
    }
  }
  forms.push(
    enterpriseRename(),
    qualificationFix(),
    employerReport(),
    withdrawalConsent(),
    acceptance('province'),
    acceptance('ministry'),
    applicantCorrection(),
    review('province-review', '省级审查', 'provinceReviewDecision', [['forward', '审查通过，上报部级'], ['refuse', '审查不通过']], 'provinceReviewOpinion', '审查意见', true),
    review('ministry-review', '部级审批', 'reviewDecision', [['approve', '审批通过'], ['refuse', '不予注册']], 'reviewOpinion', '审批意见', true),
    review('ministry-review-cancel', '部级审核注销', 'reviewDecision', [['approve', '准予注销'], ['refuse', '不予注销']], 'reviewOpinion', '审核意见', false),
    review('ministry-review-change-request', '部级审核', 'reviewDecision', [['approve', '审核通过'], ['refuse', '审核不通过']], 'reviewOpinion', '审核意见', false),
  );
  return forms;
}
