import type ExcelJSModule from 'exceljs';

let loading: Promise<typeof ExcelJSModule> | undefined;

/**
 * exceljs, loaded on the first XLSX export rather than at start-up: it holds ~28 MB once loaded,
 * and most API processes never write a spreadsheet.
 */
export function loadExcel(): Promise<typeof ExcelJSModule> {
  loading ??= import('exceljs').then(
    (m) => ((m as unknown as { default?: typeof ExcelJSModule }).default ?? m) as typeof ExcelJSModule,
  );
  return loading;
}
