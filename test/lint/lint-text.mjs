// Lints snippets as if they were files at the given paths, with the project's eslint.config.mjs:
// stdin is [{ path, code }], stdout is [[{ rule, message }]]. Run in its own process because Jest's
// module loader cannot load ESLint's flat config. Type-aware rules are off: they need the file in
// the TypeScript project, and these files do not exist.
import { ESLint } from 'eslint';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const eslint = new ESLint({
  cwd: root,
  // The fixtures (an import cycle) are ignored by the project's own lint run, not here.
  ignore: false,
  overrideConfig: [
    {
      languageOptions: { parserOptions: { projectService: false, project: null } },
      rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-unused-vars': 'off' },
    },
  ],
});
let input = '';
for await (const chunk of process.stdin) input += chunk;
const out = [];
for (const { path, code } of JSON.parse(input)) {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, path) });
  out.push(result.messages.map((m) => ({ rule: m.ruleId, message: m.message })));
}
process.stdout.write(JSON.stringify(out));
