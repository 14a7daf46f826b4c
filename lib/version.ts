import { version } from '../package.json';

/** Gleaner's version, readable in every context (offscreen documents cannot call runtime.getManifest). */
export const GLEANER_VERSION: string = version;
