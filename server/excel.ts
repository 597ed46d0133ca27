/**
 * exceljs, loaded the first time a workbook is read or written rather than
 * when the server starts: the import pages and the staff export are rare,
 * and loading exceljs with its zip libraries cost 1.4 s of CPU of every start
 * (bench row 5, --cpu-prof of `npm start` to the first page).
 */
import type ExcelJS from 'exceljs';

let loaded: Promise<typeof ExcelJS> | undefined;

export function loadExcel(): Promise<typeof ExcelJS> {
  loaded ??= import('exceljs').then((m) => (m as unknown as { default: typeof ExcelJS }).default ?? (m as unknown as typeof ExcelJS));
  return loaded;
}
