// Compiles the Typst sources exported by TestExportComparisonInputs
// (../node/out/*.typ) to PDF with Typst's own compiler (typst.ts's Node
// binding of the Rust crates), with the same Liberation Serif fonts, N
// times each, and prints the median time per document. Typst keeps what
// it laid out before; the cache is cleared before every compile so that
// each one does the whole work, as our uncached PDF does.
//   THIDUA_COMPARE_OUT=$PWD/bench/node/out go test -run TestExportComparisonInputs ./internal/render/
//   cd bench/typst && npm ci && node typst.js 60
const fs = require('fs');
const path = require('path');
const { NodeCompiler } = require('@myriaddreamin/typst-ts-node-compiler');

const out = path.join(__dirname, '..', 'node', 'out');
const compiler = NodeCompiler.create({
  workspace: out,
  fontArgs: [{ fontPaths: [path.join(__dirname, '..', '..', 'fonts')] }],
});

function compile(src) {
  compiler.evictCache(0);
  const pdf = compiler.pdf({ mainFileContent: src });
  if (!pdf) throw new Error('typst: no PDF');
  return pdf;
}

const n = Number(process.argv[2] || 60);
for (const kind of ['bao-cao-tong-ket', 'giao-uoc-thi-dua']) {
  const src = fs.readFileSync(path.join(out, kind + '.typ'), 'utf8');
  let pdf;
  for (let i = 0; i < 5; i++) pdf = compile(src); // warm-up
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    pdf = compile(src);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  fs.writeFileSync(path.join(out, kind + '.typst.pdf'), pdf);
  console.log(`typst ${kind}: median ${times[n >> 1].toFixed(2)} ms/doc (min ${times[0].toFixed(2)}, max ${times[n - 1].toFixed(2)}), ${(pdf.length / 1024).toFixed(1)} KB, n=${n}`);
}
