import { defineConfig } from "vitest/config";

// End-to-end tests of the web explorer in Debian's Chromium (`npm run test:e2e` builds web/dist first).
export default defineConfig({
  test: {
    include: ["e2e/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One browser at a time: the machines that run them have two cores.
    fileParallelism: false,
  },
});
