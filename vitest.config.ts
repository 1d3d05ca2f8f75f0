import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig, type Plugin } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * The console's bundle swaps two of Ink's internals for ringdesk's (scripts/bundle.js `standIns`
 * and `alias`): the screen writer (ink/build/output.js -> src/views/screen-output.ts) and
 * `widest-line` (-> src/views/text-width.ts). The project "bundle-writer" runs the view tests
 * again with the same swaps, so what the tests see is what the console draws.
 */
const bundleWriter: Plugin = {
  name: 'ringdesk-bundle-writer',
  enforce: 'pre',
  resolveId(source, importer) {
    const from = importer?.split(path.sep).join('/') ?? '';
    if (source === './output.js' && from.endsWith('node_modules/ink/build/renderer.js')) return path.join(root, 'src/views/screen-output.ts');
    if (source === 'widest-line' && from.includes('node_modules/ink/')) return path.join(root, 'src/views/text-width.ts');
    return null;
  },
};

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // SIP/e2e suites start real Kamailio/sipp/tmux processes on fixed loopback ports.
    fileParallelism: false,
    projects: [
      {
        extends: true,
        test: { name: 'ringdesk', include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'src/views/bundle-writer.test.tsx'] },
      },
      {
        extends: true,
        plugins: [bundleWriter],
        test: {
          name: 'bundle-writer',
          include: ['src/views/**/*.test.tsx'],
          // Ink (and the library that renders it in tests) go through Vite, so the swap reaches Ink's own imports
          server: { deps: { inline: ['ink', 'ink-testing-library'] } },
        },
      },
    ],
  },
});
