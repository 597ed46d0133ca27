/** The dry run's own process (server/studio/dry-run.ts): one run, its answer over IPC, then exit. */
import { dryRunHere, type DryRunInput } from './dry-run.js';

process.once('message', (input: DryRunInput) => {
  dryRunHere(input)
    .then((result) => process.send!({ result }))
    .catch((err: { status?: number; message: string; field?: string }) =>
      process.send!({ error: { status: err.status && err.status < 500 ? err.status : 500, message: err.status ? err.message : `试运行失败：${err.message}`, field: err.field } }),
    )
    .finally(() => process.disconnect?.());
});
