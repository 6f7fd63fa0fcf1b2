// shacl-validate.mjs: validates Turtle files against SHACL shapes for
// tests/shacl.test.  Usage: node shacl-validate.mjs SHAPES.ttl DATA.ttl...
// Exit 0 when every data file conforms, 1 when one does not (its results
// are printed), 2 when a file cannot be read or parsed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// the packages live in tests/shacl/node_modules (installed by shacl.test),
// or in the folder named by $NG_SHACL_MODULES when the source tree is
// read-only
const here = dirname(fileURLToPath(import.meta.url));
const moduleDir = process.env.NG_SHACL_MODULES || join(here, 'shacl');
const require = createRequire(join(moduleDir, 'package.json'));
const load = async (name) => import(require.resolve(name));

const { Parser } = await load('n3');
const { default: datasetFactory } = await load('@rdfjs/dataset');
const { default: SHACLValidator } = await load('rdf-validate-shacl');

function parse(path) {
  const text = readFileSync(path, 'utf8');
  return datasetFactory.dataset(new Parser({ format: 'text/turtle' }).parse(text));
}

const [shapesPath, ...dataPaths] = process.argv.slice(2);
if (!shapesPath || dataPaths.length === 0) {
  console.error('usage: shacl-validate.mjs SHAPES.ttl DATA.ttl...');
  process.exit(2);
}

let shapes;
try {
  shapes = parse(shapesPath);
} catch (err) {
  console.error(`${shapesPath}: cannot parse the shapes: ${err.message}`);
  process.exit(2);
}

let status = 0;
for (const path of dataPaths) {
  let data;
  try {
    data = parse(path);
  } catch (err) {
    console.error(`${path}: cannot parse: ${err.message}`);
    status = 2;
    continue;
  }
  const report = await new SHACLValidator(shapes).validate(data);
  if (report.conforms) {
    console.log(`${path}: conforms (${data.size} triples)`);
    continue;
  }
  if (status === 0) status = 1;
  for (const r of report.results) {
    const msg = r.message.map((m) => m.value).join('; ');
    console.log(`${path}: ${r.focusNode.value}: ${r.path ? r.path.value : ''}: ${msg}`);
  }
}
process.exit(status);
