/* global module */
/**
 * `npm run deps:check` (in CI): the import graph of src/ is acyclic, type-only imports included, and every import
 * goes in an allowed direction. Layers: config ← database ← common ← modules ← the entry points (main, worker,
 * app.factory, app.module, legacy-import). A module imports only the modules listed for it below: those whose Nest
 * modules it imports or whose providers, DTOs or entities it uses; entity relations follow the same direction (a
 * relation the other way names its target by string, as TypeORM allows). Adding an arrow means adding it here.
 */
const MODULE_DEPENDENCIES = {
  analytics: ['chat', 'chat-feedback', 'technician-feedback'],
  assistant: ['chat', 'diagnosis', 'vlm'],
  audit: [],
  auth: ['users'],
  chat: ['users'],
  'chat-feedback': ['chat', 'users'],
  diagnosis: ['chat'],
  dispatch: ['audit', 'chat', 'users'],
  health: ['vlm'],
  maintenance: ['metrics'],
  metrics: [],
  'technician-feedback': ['audit', 'chat', 'diagnosis', 'dispatch', 'users'],
  users: ['audit'],
  vlm: ['chat', 'diagnosis', 'metrics'],
};

const alternatives = (names) => names.map((name) => name.replace(/[-]/g, '\\-')).join('|');

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycle between files (type-only imports count).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'config-is-the-bottom',
      comment: 'config imports nothing else of src/.',
      severity: 'error',
      from: { path: '^src/config/' },
      to: { path: '^src/', pathNot: '^src/config/' },
    },
    {
      name: 'database-imports-only-config',
      severity: 'error',
      from: { path: '^src/database/' },
      to: { path: '^src/', pathNot: '^src/(config|database)/' },
    },
    {
      name: 'common-imports-no-module',
      comment: 'common, config and database never import a module.',
      severity: 'error',
      from: { path: '^src/common/' },
      to: { path: '^src/(modules|legacy-import)/|^src/[^/]+\\.ts$' },
    },
    {
      name: 'controllers-import-no-controller',
      comment: 'What two controllers share (a pipe, a constant) lives beside them, not in one of them.',
      severity: 'error',
      from: { path: '\\.controller\\.ts$' },
      to: { path: '\\.controller\\.ts$' },
    },
    ...Object.entries(MODULE_DEPENDENCIES).map(([name, allowed]) => ({
      name: `module-${name}-directions`,
      comment: `modules/${name} may import only: ${allowed.length > 0 ? allowed.join(', ') : 'no other module'}.`,
      severity: 'error',
      from: { path: `^src/modules/${name}/` },
      to: {
        path: '^src/modules/',
        pathNot: `^src/modules/(${alternatives([name, ...allowed])})/`,
      },
    })),
    {
      name: 'modules-are-listed',
      comment: 'A new module folder gets its line in MODULE_DEPENDENCIES.',
      severity: 'error',
      from: { path: '^src/modules/', pathNot: `^src/modules/(${alternatives(Object.keys(MODULE_DEPENDENCIES))})/` },
      to: {},
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    exclude: { path: '\\.spec\\.ts$' },
  },
};
