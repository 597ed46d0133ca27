/** The bpmn.io packages the studio bundles that ship no type declarations. */
declare module 'bpmn-js-properties-panel';
declare module 'bpmn-js-element-templates';
declare module 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
declare module 'bpmn-js-differ';
declare module 'zeebe-bpmn-moddle/resources/zeebe.json';
declare module 'bpmn-js-token-simulation/lib/modeler';
