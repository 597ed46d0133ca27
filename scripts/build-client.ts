/**
 * Builds the browser bundles from npm packages (form-js viewer, bpmn-js
 * viewer) into public/build, with the packages' own style sheets beside them.
 * `npm start` runs it first; it is quick and rebuilds only what changed.
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

export async function buildClient(): Promise<void> {
  fs.mkdirSync(out, { recursive: true });
  const entries = fs.readdirSync(path.join(root, 'client')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  const { outputFiles } = await build({
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
  await buildClient();
  console.log(`client bundles built into ${path.relative(root, out)}`);
}
