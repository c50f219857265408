// Builds the board's self-scoring workbook with exceljs, laid out like
// internal/xlsx.ScoringWorkbook (header in cells, styled rows, subtotal
// formulas, a validation per input cell, unlocked inputs, sheet protection,
// A4 print setup, indicator sheet, hidden metadata sheet), N times, and
// prints the median time per workbook.
//   THIDUA_COMPARE_OUT=$PWD/bench/node/out go test -run TestExportComparisonInputs ./internal/render/
//   cd bench/node && npm install && node exceljs.js 200
const fs = require('fs');
const path = require('path');
const ExcelJS = require('exceljs');

const input = JSON.parse(fs.readFileSync(path.join(__dirname, 'out', 'phieu-cham-diem.input.json'), 'utf8'));
const font = { name: 'Times New Roman', size: 13 };
const border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
const fmt = (n) => String(n).replace('.', ',');

async function build() {
  const cs = input.criteria;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Phiếu chấm điểm', {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '8:8',
      margins: { left: 1.18, right: 0.59, top: 0.79, bottom: 0.79, header: 0.3, footer: 0.3 } },
    headerFooter: { oddFooter: '&CTrang &P/&N' },
    views: [{ state: 'frozen', ySplit: 8 }],
  });
  ws.columns = [{ width: 6 }, { width: 52 }, { width: 9 }, { width: 9 }, { width: 28 }, { width: 9 }];
  const put = (ref, value, style = {}) => { const c = ws.getCell(ref); c.value = value; c.font = { ...font, ...(style.font || {}) }; c.alignment = style.alignment || { vertical: 'middle', wrapText: true }; if (style.border) c.border = border; if (style.fill) c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: style.fill } }; if (style.unlocked) c.protection = { locked: false }; if (style.numFmt) c.numFmt = style.numFmt; return c; };
  const center = { horizontal: 'center', vertical: 'middle', wrapText: true };
  ws.mergeCells('A1:B1'); put('A1', input.unitName.toUpperCase(), { font: { bold: true }, alignment: center });
  ws.mergeCells('C1:F1'); put('C1', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { font: { bold: true }, alignment: center });
  ws.mergeCells('C2:F2'); put('C2', 'Độc lập - Tự do - Hạnh phúc', { font: { bold: true }, alignment: center });
  ws.mergeCells('C3:F3'); put('C3', `${input.province}, ngày      tháng      năm ${input.year + 1}`, { font: { italic: true }, alignment: center });
  ws.mergeCells('A4:F4'); put('A4', `BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM ${input.year}`, { font: { bold: true, size: 14 }, alignment: center });
  ws.mergeCells('A5:F5'); put('A5', 'Đơn vị: ' + input.unitName, { font: { bold: true }, alignment: center });
  ws.mergeCells('A6:F6'); put('A6', `(Theo bảng tiêu chí của ${input.blocName}, phiên bản ${cs.version})`, { font: { italic: true }, alignment: center });
  ['STT', 'Nội dung tiêu chí', 'Điểm chuẩn', 'Điểm tự chấm', 'Giải trình / minh chứng', 'Điểm Khối chấm'].forEach((h, i) => put(String.fromCharCode(65 + i) + '8', h, { font: { bold: true }, alignment: center, border: true, fill: 'FFD9E1F2' }));
  let row = 8; const sectionRows = []; const meta = [];
  const line = (c, kind) => {
    row++;
    put('A' + row, c.code, { alignment: center, border: true });
    put('B' + row, c.hint ? `${c.text} (${c.hint})` : c.text, { border: true });
    put('C' + row, c.max, { border: true, numFmt: '0.###' });
    put('D' + row, null, { border: true, unlocked: true, fill: 'FFFFF2CC', numFmt: '0.###' });
    put('E' + row, null, { border: true, unlocked: true, fill: 'FFFFF2CC' });
    put('F' + row, null, { border: true, numFmt: '0.###' });
    ws.getCell('D' + row).dataValidation = { type: 'decimal', operator: 'between', allowBlank: true, formulae: [0, c.max], showInputMessage: true, promptTitle: 'Điểm', prompt: `Nhập số từ 0 đến ${fmt(c.max)}, bước 0,25 điểm.`, showErrorMessage: true, errorStyle: 'stop', errorTitle: 'Điểm không hợp lệ', error: `Điểm của tiêu chí ${c.code} phải là số từ 0 đến ${fmt(c.max)}.` };
    meta.push([row, kind, c.code]);
  };
  for (const s of cs.sections) {
    row++; const head = row; sectionRows.push(head);
    put('A' + row, s.code, { font: { bold: true }, border: true, fill: 'FFEDEDED' });
    put('B' + row, s.title, { font: { bold: true }, border: true, fill: 'FFEDEDED' });
    put('C' + row, s.max, { font: { bold: true }, border: true, fill: 'FFEDEDED' });
    put('D' + row, { formula: `SUM(D${head + 1}:D${head + s.criteria.length})` }, { font: { bold: true }, border: true, fill: 'FFEDEDED' });
    put('E' + row, null, { border: true, fill: 'FFEDEDED' });
    put('F' + row, { formula: `SUM(F${head + 1}:F${head + s.criteria.length})` }, { font: { bold: true }, border: true, fill: 'FFEDEDED' });
    meta.push([row, 'section', s.code]);
    for (const c of s.criteria) line(c, 'criterion');
  }
  const capped = (title, cap, items, kind) => {
    row++; const head = row;
    put('B' + row, `${title} (tối đa ${fmt(cap)} điểm)`, { font: { bold: true }, border: true, fill: 'FFEDEDED' });
    put('C' + row, cap, { font: { bold: true }, border: true, fill: 'FFEDEDED' });
    put('D' + row, { formula: `MIN(C${head},SUM(D${head + 1}:D${head + items.length}))` }, { font: { bold: true }, border: true, fill: 'FFEDEDED' });
    put('F' + row, { formula: `MIN(C${head},SUM(F${head + 1}:F${head + items.length}))` }, { font: { bold: true }, border: true, fill: 'FFEDEDED' });
    for (const c of items) line(c, kind);
    return head;
  };
  const b = capped('Điểm thưởng', cs.bonus_cap, cs.bonus, 'bonus');
  const d = capped('Điểm trừ', cs.deduction_cap, cs.deductions, 'deduction');
  row++;
  ws.mergeCells(`A${row}:B${row}`); put('A' + row, 'TỔNG ĐIỂM', { font: { bold: true }, alignment: center, border: true });
  put('C' + row, cs.total, { font: { bold: true }, border: true });
  const total = (col) => sectionRows.map((r) => col + r).join('+') + `+${col}${b}-${col}${d}`;
  put('D' + row, { formula: total('D') }, { font: { bold: true }, border: true });
  put('F' + row, { formula: total('F') }, { font: { bold: true }, border: true });
  row += 2;
  ws.mergeCells(`D${row}:F${row}`); put('D' + row, 'THỦ TRƯỞNG ĐƠN VỊ', { font: { bold: true }, alignment: center });
  ws.mergeCells(`D${row + 5}:F${row + 5}`); put('D' + (row + 5), input.headName, { font: { bold: true }, alignment: center });
  await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, formatRows: true });

  const ind = wb.addWorksheet('Chỉ tiêu');
  ind.columns = [{ width: 6 }, { width: 50 }, { width: 14 }, { width: 16 }];
  ind.mergeCells('A1:D1'); ind.getCell('A1').value = `CÁC CHỈ TIÊU CHÍNH NĂM ${input.year}`;
  const labels = ['Số dự án đầu tư mới', 'Số dự án điều chỉnh tăng vốn', 'Tổng vốn đăng ký', 'Trong đó vốn FDI', 'Kim ngạch xuất nhập khẩu', 'Doanh thu', 'Nộp ngân sách nhà nước', 'Số lao động', 'Số CCVC'];
  labels.forEach((l, i) => { const r = 4 + i; ind.getCell('A' + r).value = i + 1; ind.getCell('B' + r).value = l; const c = ind.getCell('D' + r); c.protection = { locked: false }; c.border = border; c.font = font; c.dataValidation = { type: 'decimal', operator: 'between', allowBlank: true, formulae: [0, 1e12], showErrorMessage: true, error: 'Nhập số không âm.' }; });
  await ind.protect('', {});
  const m = wb.addWorksheet('_thidua', { state: 'veryHidden' });
  [['bloc', 'tay-nguyen-duyen-hai-mien-trung'], ['unit', 'van-phong'], ['year', String(input.year)]].forEach((kv) => m.addRow(kv));
  m.addRow(['rows']); meta.forEach((r) => m.addRow(r.map(String)));
  return wb.xlsx.writeBuffer();
}

(async () => {
  const n = Number(process.argv[2] || 100);
  let out;
  for (let i = 0; i < 10; i++) out = await build();
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    out = await build();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  fs.writeFileSync(path.join(__dirname, 'out', 'phieu-cham-diem.exceljs.xlsx'), out);
  console.log(`exceljs phieu-cham-diem: median ${times[n >> 1].toFixed(2)} ms/workbook (min ${times[0].toFixed(2)}, max ${times[n - 1].toFixed(2)}), ${(out.length / 1024).toFixed(1)} KB, n=${n}`);
})();
