/** The effects job workers (see workers/CATALOGUE.md). */
import type { JobWorker } from '../worker.js';

export const EFFECT_WORKERS: JobWorker[] = [];
