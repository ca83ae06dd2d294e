// key_zen.cjs: workload B of bench/run.sh in GoRules ZEN (@gorules/zen-engine,
// npm; optional: run.sh skips it when the package is not installed).
//
// The indicative key of the enacted Spreidingswet (bench/key.vdl) as a ZEN
// decision graph: input -> one expression node -> output.  The expression
// node computes, in ZEN's own expression language (exact decimals, no
// floats), for each province P
//   oP = sum(map(wP, floor((2 * BO * # + S) / (2 * S))))
// over that province's integer weights W = (1000 + ses) * pop (as in
// key_ref.c), and afrondingsverschil = o0 + ... + o11 - BO.  One evaluate()
// per scenario, awaited in turn (one thread, like -j 1).  JavaScript only
// loads the CSVs, builds the input and prints the engine's results.
//
// usage: ZEN_NODE_MODULES=DIR node key_zen.cjs GEMEENTEN.csv SES.csv FROM TO

const fs = require('fs');
const path = require('path');
const { ZenEngine } = require(path.resolve(process.env.ZEN_NODE_MODULES || 'node_modules', '@gorules/zen-engine'));

function split(line) {
  line = line.replace(/\r$/, '');
  const f = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let s = '', j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q < 0) throw new Error('unterminated quote');
        s += line.slice(j, q);
        if (line[q + 1] === '"') { s += '"'; j = q + 2; } else { i = q + 1; break; }
      }
      f.push(s);
      if (i >= line.length) return f;
      if (line[i] !== ',') throw new Error('text after a quoted field');
      i++;
    } else {
      const c = line.indexOf(',', i);
      if (c < 0) { f.push(line.slice(i)); return f; }
      f.push(line.slice(i, c));
      i = c + 1;
    }
  }
}

function readCsv(p) {
  const lines = fs.readFileSync(p, 'utf8').split('\n').filter((l) => l.length);
  const head = split(lines[0]);
  return lines.slice(1).map((l) => { const f = split(l); const o = {}; head.forEach((h, k) => { o[h] = f[k]; }); return o; });
}

// thousandths, exactly (BigInt), at most 3 decimals
function milli(s) {
  const m = /^([+-]?)(\d+)(?:\.(\d{0,3}))?$/.exec(s);
  if (!m) throw new Error('not a decimal with at most 3 decimals: ' + s);
  const v = BigInt(m[2]) * 1000n + BigInt((m[3] || '').padEnd(3, '0'));
  return m[1] === '-' ? -v : v;
}

async function main() {
  const [gemPath, sesPath, lo, hi] = [process.argv[2], process.argv[3], Number(process.argv[4]), Number(process.argv[5])];
  const ses = new Map(readCsv(sesPath).map((r) => [r.gm_code, milli(r.ses_woa)]));
  const rows = readCsv(gemPath);
  const pnames = [...new Set(rows.map((r) => r.province))].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const input = { BO: 0, S: 0 };
  let S = 0n;
  pnames.forEach((p, k) => { input['w' + k] = []; });
  for (const r of rows) {
    const w = (1000n + ses.get(r.gm_code)) * BigInt(r.population_2023_01_01);
    if (w < 0n || w >= 1n << 40n) throw new Error('weight out of range');
    S += w;
    input['w' + pnames.indexOf(r.province)].push(Number(w));   // < 2^40: exact
  }
  input.S = Number(S);                                            // < 2^50: exact
  const exprs = pnames.map((p, k) => ({ id: 'o' + k, key: 'o' + k, value: `sum(map(w${k}, floor((2 * BO * # + S) / (2 * S))))` }));
  exprs.push({ id: 'd', key: 'd', value: pnames.map((p, k) => '$.o' + k).join(' + ') + ' - BO' });
  const graph = {
    nodes: [
      { id: 'in', type: 'inputNode', name: 'in', position: { x: 0, y: 0 } },
      { id: 'key', type: 'expressionNode', name: 'key', position: { x: 0, y: 0 }, content: { expressions: exprs } },
      { id: 'out', type: 'outputNode', name: 'out', position: { x: 0, y: 0 } },
    ],
    edges: [
      { id: 'e1', sourceId: 'in', targetId: 'key', type: 'edge' },
      { id: 'e2', sourceId: 'key', targetId: 'out', type: 'edge' },
    ],
  };
  const engine = new ZenEngine();
  const decision = engine.createDecision(graph);
  const out = ['BO,' + pnames.map((p) => 'opgave@' + p).join(',') + ',afrondingsverschil\n'];
  for (let bo = lo; bo <= hi; bo++) {
    input.BO = bo;
    const { result } = await decision.evaluate(input);
    const cells = [String(bo)];
    for (let k = 0; k < pnames.length; k++) cells.push(String(result['o' + k]));
    cells.push(String(result.d));
    out.push(cells.join(',') + '\n');
  }
  fs.writeSync(1, out.join(''));
}

main().catch((e) => { console.error('key_zen: ' + (e && e.message ? e.message : e)); process.exit(1); });
