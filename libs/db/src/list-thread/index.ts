export { TaskListThread, ListThreadError } from './task-list.thread';
export type { ListThreadData } from './task-list.protocol';
