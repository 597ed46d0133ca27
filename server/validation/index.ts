/** The validators, for `import { ... } from '../validation/index.js'`. */
export * from './field-error.js';
export * from './fields.js';
export * from './id-number.js';
export * from './credit-code.js';
export * from './mobile.js';
export * from './image-upload.js';
