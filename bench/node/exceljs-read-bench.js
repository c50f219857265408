// Reads and checks a filled scoring workbook with exceljs, as
// internal/xlsx.ReadScoring does with excelize (BenchmarkReadScoring):
// open it from bytes, find the scoring sheet, read every criterion's
// mark, remark and maximum, check each mark is a number not above its
// maximum, and read the indicator sheet's figures. N times after 10
// warm-ups; prints the median time per workbook.
//   THIDUA_COMPARE_OUT=$PWD/bench/node/out go test -run TestExportFilledWorkbook ./internal/xlsx/
//   cd bench/node && node exceljs-read-bench.js 200
const fs = require('fs');
const path = require('path');
const ExcelJS = require('exceljs');

const buf = fs.readFileSync(path.join(__dirname, 'out', 'phieu-da-dien.xlsx'));

async function once() {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf);
  const ws = wb.getWorksheet('Phiếu chấm điểm');
  if (!ws) throw new Error('no scoring sheet');
  let marks = 0;
  ws.eachRow((row) => {
    const code = row.getCell(1).value;
    const max = row.getCell(3).value;
    const mark = row.getCell(4).value;
    if (typeof code !== 'string' || !/^[0-9A-Za-z]+(\.[0-9]+)+$|^[A-Z]\d*$/.test(code) || mark === null || mark === undefined) return;
    if (typeof mark === 'object') return; // a section's subtotal formula
    const v = mark;
    if (typeof v !== 'number') throw new Error(`mark of ${code} is not a number`);
    if (typeof max === 'number' && v > max) throw new Error(`mark of ${code} above ${max}`);
    String(row.getCell(5).value || '');
    marks++;
  });
  const ind = wb.worksheets.find((s) => s.name !== ws.name && s.state !== 'veryHidden' && s.state !== 'hidden');
  if (ind) ind.eachRow((row) => row.getCell(4).value);
  return marks;
}

(async () => {
  const n = Number(process.argv[2] || 100);
  for (let i = 0; i < 10; i++) await once();
  const times = [];
  let marks = 0;
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    marks = await once();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(`exceljs read+check phieu-da-dien: ${times[Math.floor(n / 2)].toFixed(2)} ms/workbook (median of ${n}; ${marks} marks, ${buf.length} bytes)`);
})().catch((e) => { console.error(e); process.exit(1); });
