/** The checks job workers (see workers/CATALOGUE.md). */
import type { JobWorker } from '../worker.js';

export const CHECK_WORKERS: JobWorker[] = [];
