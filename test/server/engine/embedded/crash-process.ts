/** The case the crash test runs: every step it takes adds one to `steps`, so a step taken twice or lost shows. */
import { bpmn, flow } from './support.js';

export const CRASH_CLOCK_START = new Date('2025-03-03T01:00:00Z');
export const CRASH_CASE_STEPS = 5;

const counted = '<zeebe:ioMapping><zeebe:output source="=steps + 1" target="steps" /></zeebe:ioMapping>';
const step = (id: string) =>
  `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="x-step" />${counted}</bpmn:extensionElements></bpmn:serviceTask>`;

export const crashCaseProcess = bpmn(
  'x-case',
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'intake')}${step('intake')}${flow('f2', 'intake', 'fork')}<bpmn:parallelGateway id="fork" />
  ${flow('f3', 'fork', 'review')}${flow('f4', 'fork', 'cooling')}${flow('f5', 'fork', 'docs')}
  <bpmn:userTask id="review"><bpmn:extensionElements>${counted}</bpmn:extensionElements></bpmn:userTask>
  <bpmn:intermediateCatchEvent id="cooling"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
  ${flow('f6', 'cooling', 'timed')}${step('timed')}
  <bpmn:intermediateCatchEvent id="docs"><bpmn:extensionElements>${counted}</bpmn:extensionElements><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
  ${flow('f7', 'review', 'join')}${flow('f8', 'timed', 'join')}${flow('f9', 'docs', 'join')}<bpmn:parallelGateway id="join" />
  ${flow('f10', 'join', 'final')}${step('final')}${flow('f11', 'final', 'e')}<bpmn:endEvent id="e" />`,
  '<bpmn:message id="m" name="x-documents"><bpmn:extensionElements><zeebe:subscription correlationKey="=applicationId" /></bpmn:extensionElements></bpmn:message>',
);
