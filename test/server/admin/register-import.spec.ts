import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import type { Sequelize } from 'sequelize';
import { RegisterImport } from '../../../server/admin/register-import.js';
import { ManualClock } from '../../../server/clock.js';
import { defineModels, type Models } from '../../../server/db/models/index.js';
import { HttpError } from '../../../server/http/errors.js';
import { creditCodeCheckChar } from '../../../server/validation/credit-code.js';
import { idNumberCheckChar } from '../../../server/validation/id-number.js';
import { migratedDatabase } from '../../support/database.js';

const actor = { id: 1, displayName: '系统管理员' };
const creditCode = (body17: string) => body17 + creditCodeCheckChar(body17);
const idNumber = (body17: string) => body17 + idNumberCheckChar(body17);

async function workbook(header: string[], rows: unknown[][]): Promise<{ originalname: string; buffer: Buffer }> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('数据');
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  return { originalname: '导入.xlsx', buffer: Buffer.from(await book.xlsx.writeBuffer()) };
}

const ENTERPRISE_HEADER = ['统一社会信用代码', '企业名称', '法定代表人', '所在省份', '所在城市', '详细地址', '所属行业', '联系人', '联系电话'];
const QUALIFICATION_HEADER = ['身份证号', '姓名', '注册类别', '专业', '资格证书管理号', '批准日期', '取得方式', '年度'];

describe('admin: importing 企业库 and 资格库 from Excel', () => {
  let sequelize: Sequelize;
  let models: Models;
  let imports: RegisterImport;
  const clock = new ManualClock(new Date('2026-11-23T02:00:00Z'));

  before(async () => {
    sequelize = await migratedDatabase();
    models = defineModels(sequelize);
    imports = new RegisterImport({ models, sequelize, clock });
  });

  after(() => sequelize.close());

  it('imports valid enterprises, adding new ones and updating known credit codes, with an audit record', async () => {
    // given
    const known = creditCode('91330100MA2B3C4D5');
    await models.Enterprise.create({ creditCode: known, name: '旧名称有限公司', legalRepresentative: null, province: '33', city: null, address: null, industry: null, contactName: null, contactPhone: null, basicInfoSavedAt: null });
    const file = await workbook(ENTERPRISE_HEADER, [
      [known, '浙江新名称工程设计有限公司', '陈国强', '浙江省', '杭州市', '杭州市文三路90号', '勘察设计行业', '王敏', '13800000000'],
      [creditCode('91110108MA0C1D2E3'), '北京京华监理有限公司', '李强', '11', '海淀区', '', '工程监理行业', '', ''],
    ]);
    // when
    const { report, auditId } = await imports.import(actor, 'enterprises', file);
    // then
    assert.equal(report.accepted, true);
    assert.deepEqual([report.added, report.updated, report.errors.length], [1, 1, 0]);
    assert.equal((await models.Enterprise.findOne({ where: { creditCode: known } }))!.name, '浙江新名称工程设计有限公司');
    const beijing = await models.Enterprise.findOne({ where: { name: '北京京华监理有限公司' } });
    assert.equal(beijing?.province, '11');
    const audit = await models.AuditEntry.findByPk(auditId);
    assert.equal(audit?.action, 'register-imported');
    assert.equal((await imports.report(auditId))?.added, 1);
  });

  it('imports nothing when any row is wrong, and reports each refusal by row, column and rule', async () => {
    // given
    const before = await models.Enterprise.count();
    const good = creditCode('91330100MA2B3C4X7');
    const file = await workbook(ENTERPRISE_HEADER, [
      [good, '浙江好企业有限公司', '', '浙江省', '', '', '', '', ''],
      ['91330100MA2B3C4D5X', '', '', '火星', '', '', '造船行业', '', '12345'],
      [good, '重复的企业', '', '33', '', '', '', '', ''],
    ]);
    // when
    const { report, auditId } = await imports.import(actor, 'enterprises', file);
    // then
    assert.equal(report.accepted, false);
    assert.equal(await models.Enterprise.count(), before, 'not even the good row was imported');
    const byRow = (row: number) => report.errors.filter((e) => e.row === row).map((e) => `${e.field}：${e.rule}`);
    assert.deepEqual(byRow(2), []);
    assert.deepEqual(byRow(3), [
      '统一社会信用代码：校验位错误',
      '企业名称：必须填写',
      '所在省份：“火星”不是省级行政区划名称或代码',
      `所属行业：须为：勘察设计行业、建筑施工行业、工程监理行业、检测单位、施工图审查机构、招标代理行业、造价咨询行业`,
      '联系电话：应为11位数字',
    ]);
    assert.deepEqual(byRow(4), ['统一社会信用代码：与第2行重复，同一企业只能出现一次']);
    assert.equal((await models.AuditEntry.findByPk(auditId))?.action, 'register-import-refused');
  });

  it('imports qualification rows and refuses a specialty of another profession, a future date and a bad ID number', async () => {
    // given
    const id = idNumber('33010619870315421');
    const valid = await workbook(QUALIFICATION_HEADER, [[id, '张伟', '勘察设计注册工程师', '一级注册结构工程师', 'JG20090123', '2009-10-12', '考试', 2009]]);
    const wrong = await workbook(QUALIFICATION_HEADER, [
      [id, '张伟', '一级建造师', '一级注册结构工程师', 'JG20090124', '2027-01-01', '买的', 1975],
      ['330106198703154210', '李四', '监理工程师', '土木建筑工程', '!!', '2010-01-01', '考试', 2010],
    ]);
    // when
    const ok = await imports.import(actor, 'qualifications', valid);
    const refused = await imports.import(actor, 'qualifications', wrong);
    // then
    assert.equal(ok.report.accepted, true);
    const row = await models.Qualification.findOne({ where: { certificateNumber: 'JG20090123' } });
    assert.equal(row?.specialty, 'structural');
    assert.equal(row?.obtainedBy, '考试');
    assert.equal(refused.report.accepted, false);
    const rules = refused.report.errors.map((e) => `${e.row}/${e.field}`);
    assert.deepEqual(rules, ['2/专业', '2/批准日期', '2/取得方式', '2/年度', '3/身份证号', '3/资格证书管理号']);
    assert.equal(await models.Qualification.count({ where: { certificateNumber: 'JG20090124' } }), 0);
  });

  it('refuses a file that is no workbook, or lacks a required column, before reading rows', async () => {
    // given
    const notExcel = { originalname: 'x.xlsx', buffer: Buffer.from('not a workbook') };
    const missing = await workbook(['姓名'], [['张伟']]);
    // when / then
    await assert.rejects(imports.import(actor, 'qualifications', notExcel), (err: HttpError) => err.status === 422 && err.message.startsWith('导入文件：不是有效的Excel工作簿'));
    await assert.rejects(imports.import(actor, 'qualifications', missing), (err: HttpError) => err.status === 422 && err.message.includes('缺少必填列“身份证号”'));
  });

  it('writes a template workbook whose header the import accepts', async () => {
    // given
    const template = await imports.template('qualifications');
    // when
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(template as unknown as ArrayBuffer);
    // then
    assert.deepEqual((book.worksheets[0].getRow(1).values as unknown[]).slice(1), QUALIFICATION_HEADER);
    assert.equal(book.worksheets[1].name, '填写说明');
  });
});
