// The lint configuration lives in the tools/lint workspace (see its package.json for why).
export { default } from './tools/lint/eslint.config.js';
