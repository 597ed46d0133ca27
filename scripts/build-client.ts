/**
 * Builds the browser bundles from npm packages (form-js viewer, bpmn-js
 * viewer) into public/build, with the packages' own style sheets beside them.
 * `npm start` runs it first; it builds only when a file the last build read
 * has changed since.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'public', 'build');

const STYLES: Array<[string, string]> = [
  ['node_modules/@bpmn-io/form-js/dist/assets/form-js.css', 'form-js.css'],
  ['node_modules/bpmn-js/dist/assets/diagram-js.css', 'diagram-js.css'],
  ['node_modules/bpmn-js/dist/assets/bpmn-js.css', 'bpmn-js.css'],
  ['node_modules/bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css', 'bpmn-embedded.css'],
  // The analyst studio: properties panel, element templates, form editor.
  ['node_modules/@bpmn-io/properties-panel/dist/assets/properties-panel.css', 'properties-panel.css'],
  ['node_modules/bpmn-js-element-templates/dist/assets/element-templates.css', 'element-templates.css'],
  ['node_modules/@bpmn-io/form-js/dist/assets/form-js-editor.css', 'form-js-editor.css'],
  ['node_modules/@bpmn-io/form-js/dist/assets/properties-panel.css', 'form-js-properties-panel.css'],
  ['node_modules/bpmn-js-token-simulation/assets/css/bpmn-js-token-simulation.css', 'token-simulation.css'],
];

/**
 * What the last build read and wrote. `npm start` builds first, and a full
 * esbuild of the bundles took 5–9 s of the 11 s from `npm start` to the first
 * page on the shared two-core machine (bench row 5): when no file the last
 * build read is newer than that build, the bundles stand as they are.
 */
const MANIFEST = path.join(root, 'node_modules', '.cache', 'zhuce-client-build.json');

interface Manifest {
  entries: string[];
  inputs: string[];
  outputs: string[];
  startedAt: number;
}

function upToDate(entries: string[]): boolean {
  try {
    const manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8')) as Manifest;
    if (manifest.entries.join('\n') !== entries.join('\n')) return false;
    if (!manifest.outputs.every((f) => fs.existsSync(path.join(root, f)))) return false;
    return manifest.inputs.every((f) => fs.statSync(path.join(root, f)).mtimeMs <= manifest.startedAt);
  } catch {
    return false;
  }
}

/** Builds the bundles unless they are up to date; says whether it built. */
export async function buildClient(): Promise<boolean> {
  fs.mkdirSync(out, { recursive: true });
  const entries = fs.readdirSync(path.join(root, 'client')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  if (upToDate(entries)) return false;
  const startedAt = Date.now();
  const { outputFiles, metafile } = await build({
    absWorkingDir: root,
    metafile: true,
    entryPoints: entries.map((f) => path.join(root, 'client', f)),
    outdir: out,
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    sourcemap: false,
    logLevel: 'warning',
    loader: { '.svg': 'text' },
    write: false,
  });
  for (const file of outputFiles) writeWhole(file.path, file.contents);
  for (const [from, to] of STYLES) writeWhole(path.join(out, to), fs.readFileSync(path.join(root, from)));
  const inputs = [...Object.keys(metafile.inputs), ...STYLES.map(([from]) => from), path.relative(root, fileURLToPath(import.meta.url))].filter((f) =>
    fs.existsSync(path.join(root, f)),
  );
  const outputs = [...outputFiles.map((f) => path.relative(root, f.path)), ...STYLES.map(([, to]) => path.relative(root, path.join(out, to)))];
  fs.mkdirSync(path.dirname(MANIFEST), { recursive: true });
  writeWhole(MANIFEST, Buffer.from(JSON.stringify({ entries, inputs, outputs, startedAt } satisfies Manifest)));
  return true;
}

/**
 * Test files running in parallel each build the bundles while others serve
 * them: a file is written beside its place and renamed over it, so a reader
 * gets the old bundle or the new one, never half of one.
 */
function writeWhole(file: string, contents: Uint8Array): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, contents);
  fs.renameSync(temp, file);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const built = await buildClient();
  console.log(built ? `client bundles built into ${path.relative(root, out)}` : `client bundles in ${path.relative(root, out)} are up to date`);
}
