import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Every e2e file runs against the same demo server, one after the other. The pairing test
 * needs the demo's primary schools as the demo leaves them (three pairs for the engine, one
 * mutual wish), and the phases test pairs two of them: the pairing test therefore always runs
 * first, whatever order vitest would otherwise choose (its timing cache differs per machine).
 */
class DemoOrderSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const first = (f: TestSpecification) => f.moduleId.endsWith('/test/e2e/matching.test.ts');
    return [...sorted.filter(first), ...sorted.filter((f) => !first(f))];
  }
}

export default defineConfig({
  test: {
    name: 'e2e',
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    fileParallelism: false,
    sequence: { sequencer: DemoOrderSequencer },
  },
});
