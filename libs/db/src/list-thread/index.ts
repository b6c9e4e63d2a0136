export { TaskListThread, ListThreadError, type ThreadPage } from './task-list.thread';
export { TaskListThreadPool } from './task-list.pool';
export type { ListThreadData } from './task-list.protocol';
