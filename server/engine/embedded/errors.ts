/**
 * BPMN errors, routed as Zeebe routes them: by error code to the nearest
 * error boundary event on the throwing element or an enclosing subprocess,
 * and past a call activity into the calling instance (ending the called
 * instances in between). bpmn-engine then does the catching itself: the
 * error goes in at the waiting element and its boundary event takes it.
 */
import type { Variables } from '../port.js';
import type { InstanceRuntime } from './runtime.js';
import type { Step } from './step.js';

/** Throws a BPMN error from a waiting element; false when no event catches it. */
export async function routeBpmnError(
  step: Step,
  rt: InstanceRuntime,
  thrownAt: { executionId: string; elementId: string },
  errorCode: string,
  errorMessage: string,
  variables: Variables,
): Promise<boolean> {
  let current = rt;
  let executionId = thrownAt.executionId;
  let elementId = thrownAt.elementId;
  for (;;) {
    const catcher = current.model.errorCatcher(elementId, errorCode);
    if (catcher) {
      delete rt.data.waits[thrownAt.executionId];
      delete rt.data.keys[thrownAt.executionId];
      delete rt.data.locals[thrownAt.executionId];
      if (current !== rt) {
        const called = current.data.waits[executionId];
        delete current.data.waits[executionId];
        if (called?.kind === 'call') await step.terminate(called.key);
      }
      current.throwError(executionId, errorCode, errorMessage, catcher.boundaryId, variables);
      return true;
    }
    const { parentInstanceKey, parentExecutionId } = current.identity;
    const parent = parentInstanceKey ? await step.runtime(parentInstanceKey) : undefined;
    const call = parent && parentExecutionId ? parent.data.waits[parentExecutionId] : undefined;
    if (!parent || !parentExecutionId || call?.kind !== 'call') return false;
    current = parent;
    executionId = parentExecutionId;
    elementId = call.elementId;
  }
}

export function uncaughtMessage(errorCode: string, errorMessage: string): string {
  return `Expected to throw an error event with the code '${errorCode}' with message '${errorMessage}', but it was not caught. No error events are available in the scope.`;
}
