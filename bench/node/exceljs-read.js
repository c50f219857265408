// Reads a workbook with exceljs (a reader other than excelize) and prints
// what the Go test checks: its sheets, their sizes and some text cells.
// Used by internal/xlsx TestWorkbooksOpenInExceljs.
const ExcelJS = require('exceljs');

(async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(process.argv[2]);
  const out = { title: wb.title, sheets: [] };
  wb.eachSheet((ws) => {
    const texts = [];
    ws.eachRow((row) => row.eachCell((c) => { if (typeof c.value === 'string' && texts.length < 40) texts.push(c.value); }));
    out.sheets.push({ name: ws.name, rows: ws.rowCount, columns: ws.columnCount, texts });
  });
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { process.stderr.write(String(e.stack || e)); process.exit(1); });
