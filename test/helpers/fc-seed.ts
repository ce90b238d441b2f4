/**
 * Importing this module fixes fast-check's seed for every property in the test file, so CI
 * runs are reproducible; set FC_SEED to explore other seeds (a failure prints its seed and
 * path, which reproduce it).
 */
import fc from 'fast-check';

/** The seed in use: FC_SEED, or a fixed default. */
export const FC_SEED = Number(process.env.FC_SEED ?? 20261121);

fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: FC_SEED });
