import { resolve } from 'node:path';

/**
 * The folders the e2e global setup builds: the app the relay serves and the offline demo.
 * MERIDIAN_BUILD_DIR / MERIDIAN_DEMO_BUILD_DIR point tests (and the relay, which reads
 * MERIDIAN_BUILD_DIR itself) at a private build, so several people can run browser tests
 * from one checkout at once.
 */
export const appBuildDir = resolve(process.env.MERIDIAN_BUILD_DIR ?? 'build');
export const demoBuildDir = resolve(process.env.MERIDIAN_DEMO_BUILD_DIR ?? 'build-demo');
