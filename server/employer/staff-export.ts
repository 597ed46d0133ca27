/**
 * 注册人员查询 → 导出: the rows the search finds as an Excel workbook, written
 * with exceljs's streaming WorkbookWriter straight into the response, a chunk
 * of rows at a time (each row committed as it is written), so a large
 * enterprise's list is never held in memory as a whole. Column headers are the
 * page's own Chinese labels.
 */
import type { Writable } from 'node:stream';
import { loadExcel } from '../excel.js';
import type { StaffRow } from './workbench.js';

export const STAFF_COLUMNS: Array<{ header: string; key: keyof StaffRow; width: number }> = [
  { header: '姓名', key: 'name', width: 12 },
  { header: '身份证号', key: 'idNumber', width: 22 },
  { header: '注册类别', key: 'professionName', width: 20 },
  { header: '注册专业', key: 'specialtyName', width: 22 },
  { header: '注册号', key: 'registrationNumber', width: 22 },
  { header: '执业印章号', key: 'sealNumber', width: 22 },
  { header: '有效期起', key: 'validFrom', width: 12 },
  { header: '有效期至', key: 'validTo', width: 12 },
  { header: '注册状态', key: 'status', width: 10 },
];

/** The download's file name, e.g. 注册人员_浙江华建工程设计有限公司_20261204.xlsx, as a Content-Disposition value (RFC 6266 / 5987). */
export function exportDisposition(enterpriseName: string, day: Date): string {
  const name = `注册人员_${enterpriseName}_${day.toISOString().slice(0, 10).replace(/-/g, '')}.xlsx`;
  return `attachment; filename="staff.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Writes the workbook to `out` and ends it; the rows come in chunks. Returns how many rows were written. */
export async function writeStaffWorkbook(out: Writable, title: string, chunks: AsyncIterable<StaffRow[]>): Promise<number> {
  const workbook = new (await loadExcel()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = '注册通';
  const sheet = workbook.addWorksheet('注册人员', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = STAFF_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.commit();
  let written = 0;
  for await (const rows of chunks) {
    for (const row of rows) {
      // Every cell is text: an ID number must not become a number in scientific notation.
      sheet.addRow(Object.fromEntries(STAFF_COLUMNS.map((c) => [c.key, String(row[c.key] ?? '')]))).commit();
      written += 1;
    }
  }
  sheet.commit();
  workbook.title = title;
  await workbook.commit();
  return written;
}
