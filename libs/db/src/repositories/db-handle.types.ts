import type { DataSource, EntityManager } from 'typeorm';

/** A repository works on the whole database or inside a transaction's EntityManager. */
export type DbHandle = DataSource | EntityManager;
