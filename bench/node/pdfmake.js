// Renders the pdfmake document definitions exported by
// TestExportComparisonInputs (out/*.pdfmake.json) with the same Liberation
// Serif fonts, N times each, and prints the median time per document.
//   THIDUA_COMPARE_OUT=$PWD/bench/node/out go test -run TestExportComparisonInputs ./internal/render/
//   cd bench/node && npm install && node pdfmake.js 200
const fs = require('fs');
const path = require('path');
const PdfPrinter = require('pdfmake');

const fontDir = path.join(__dirname, '..', '..', 'fonts');
const printer = new PdfPrinter({
  LiberationSerif: {
    normal: path.join(fontDir, 'LiberationSerif-Regular.ttf'),
    bold: path.join(fontDir, 'LiberationSerif-Bold.ttf'),
    italics: path.join(fontDir, 'LiberationSerif-Italic.ttf'),
    bolditalics: path.join(fontDir, 'LiberationSerif-BoldItalic.ttf'),
  },
});

function render(def) {
  return new Promise((resolve, reject) => {
    const d = JSON.parse(JSON.stringify(def));
    d.header = (page) => page >= 2 ? { text: String(page), alignment: 'center', fontSize: 13, margin: [0, 28, 0, 0] } : null;
    const doc = printer.createPdfKitDocument(d);
    const chunks = [];
    doc.on('data', (c) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

(async () => {
  const n = Number(process.argv[2] || 100);
  for (const kind of ['bao-cao-tong-ket', 'giao-uoc-thi-dua']) {
    const def = JSON.parse(fs.readFileSync(path.join(__dirname, 'out', kind + '.pdfmake.json'), 'utf8'));
    let out;
    for (let i = 0; i < 10; i++) out = await render(def); // warm-up
    const times = [];
    for (let i = 0; i < n; i++) {
      const t0 = process.hrtime.bigint();
      out = await render(def);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((a, b) => a - b);
    fs.writeFileSync(path.join(__dirname, 'out', kind + '.pdfmake.pdf'), out);
    console.log(`pdfmake ${kind}: median ${times[n >> 1].toFixed(2)} ms/doc (min ${times[0].toFixed(2)}, max ${times[n - 1].toFixed(2)}), ${(out.length / 1024).toFixed(1)} KB, n=${n}`);
  }
})();
