import { loadConfig, readProcessEnv } from '@luoshi/config';
import { createDataSource } from './data-source.factory';

/** For the TypeORM CLI only (`npx typeorm -d dist/libs/db/data-source.js …`); the apps build their own. */
export default createDataSource(loadConfig(readProcessEnv()).database);
