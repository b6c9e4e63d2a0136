/** Entry of `bash bench/run.sh generate -- --out FILE [--tasks N] [--bureaus N] [--seed N]`: see generate.ts. */
import { main } from './generate';

main(process.argv.slice(2));
