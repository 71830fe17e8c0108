/**
 * The instance id of a sub-orchestration started without one: the parent's id, a colon and the
 * task's sequence number as four hex digits (`abc:0002`), the pattern the extension uses.
 */
export function subOrchestrationId(parentInstanceId: string, taskId: number): string {
  return `${parentInstanceId}:${taskId.toString(16).toUpperCase().padStart(4, '0')}`;
}
