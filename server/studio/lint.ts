/**
 * bpmnlint with the project's .bpmnlintrc (bpmnlint's recommended rules and
 * the Camunda 8.6 compatibility rules), as test/processes applies it to the
 * generated files; findings are told in Chinese, naming the element.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };

const require = createRequire(import.meta.url);
type Report = { id?: string; message: string; category?: string };
const { Linter } = require('bpmnlint') as {
  Linter: new (options: { config: unknown; resolver: unknown }) => { lint(root: unknown): Promise<Record<string, Report[]>> };
};
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver') as new () => unknown;

export interface Finding {
  /** The element the finding is about; the file's name when it is about the whole file. */
  elementId: string;
  message: string;
  /** Which check found it: lint rule, 作业类型, 表单, 嵌入式引擎, Operaton. */
  source: string;
  severity: 'error' | 'warning';
}

/** What a rule asks, in the words an analyst reads. */
const RULES: Record<string, string> = {
  'start-event-required': '流程必须有开始事件',
  'end-event-required': '流程必须有结束事件',
  'no-disconnected': '元素未与流程连接（没有进入或离开的连线）',
  'no-implicit-split': '活动有多条无条件的出线：请用网关分支',
  'no-implicit-end': '流程分支没有以结束事件收尾',
  'no-implicit-start': '元素没有进入的连线，却不是开始事件',
  'fake-join': '活动有多条进线：请用网关汇合',
  'label-required': '元素缺少名称',
  'no-bpmndi': '元素没有画在图上（缺少图形信息）',
  'no-complex-gateway': '不支持复杂网关',
  'no-duplicate-sequence-flows': '两个元素之间有重复的连线',
  'no-gateway-join-fork': '网关不能同时汇合和分支',
  'no-overlapping-elements': '元素互相重叠',
  'single-blank-start-event': '流程只能有一个无类型的开始事件',
  'single-event-definition': '事件只能有一个事件定义',
  'superfluous-gateway': '网关只有一条进线和一条出线，是多余的',
  'superfluous-termination': '终止结束事件是多余的',
  'conditional-flows': '网关的出线缺少条件（或未设为默认路径）',
  'ad-hoc-sub-process': '临时子流程的设置不符合 Camunda 8.6',
  'called-element': '调用活动缺少被调用流程的标识',
  'element-type': 'Camunda 8.6 不支持此类型的元素',
  'error-reference': '错误事件缺少错误定义或错误代码',
  'escalation-reference': '升级事件缺少升级定义或代码',
  'event-based-gateway-target': '事件网关的出线只能指向中间捕获事件',
  'executable-process': '流程必须设为可执行',
  'feel': 'FEEL 表达式有语法错误',
  'implementation': '服务任务缺少作业类型（请从模板列表选择）',
  'inclusive-gateway': '包容网关的设置不符合 Camunda 8.6',
  'link-event': '链接事件缺少名称或不成对',
  'loop-characteristics': '多实例设置不完整',
  'message-reference': '消息事件缺少消息定义或消息名称',
  'no-candidate-users': '不支持候选用户',
  'no-expression': '此处不能使用表达式',
  'no-loop': '流程中存在没有等待点的循环',
  'no-multiple-none-start-events': '只能有一个无类型的开始事件',
  'no-propagate-all-parent-variables': '不支持传递全部父流程变量',
  'no-zeebe-properties': '不支持的扩展属性',
  'sequence-flow-condition': '连线条件必须是 FEEL 表达式（以 = 开头）',
  'signal-reference': '信号事件缺少信号定义',
  'subscription': '消息订阅缺少关联键',
  'task-schedule': '任务时限必须是 FEEL 表达式或 ISO 8601 日期',
  'timer': '定时器的设置不符合 Camunda 8.6',
  'user-task-definition': '用户任务的设置不完整',
  'user-task-form': '用户任务的表单设置不正确',
  'start-event-form': '开始事件的表单设置不正确',
  'variable-name': '变量名不合法',
  'wait-for-completion': '补偿事件必须等待完成',
  'duplicate-task-headers': '任务头中有重复的键',
  'io-mapping': '输入输出映射不完整（缺少目标变量）',
  'version-tag': '版本标签不符合要求',
  'no-zeebe-user-task': '不支持 Camunda 用户任务（本系统用作业型用户任务）',
  'no-task-schedule': 'Camunda 8.6 不支持此任务时限设置',
  'secrets': '密钥引用格式不正确',
};

const ruleKey = (rule: string) => rule.replace(/^camunda-compat\//, '').replace(/^bpmnlint\//, '');

export function lintRuleText(rule: string, message: string): string {
  const text = RULES[ruleKey(rule)];
  return text ? `${text}（规则 ${rule}：${message}）` : `违反建模规则 ${rule}：${message}`;
}

export class BpmnLinter {
  private readonly config: unknown;

  constructor(rootDir: string) {
    this.config = JSON.parse(fs.readFileSync(path.join(rootDir, '.bpmnlintrc'), 'utf8')) as unknown;
  }

  async lint(xml: string): Promise<Finding[]> {
    let root: unknown;
    try {
      root = (await new BpmnModdle({ zeebe: zeebeModdle }).fromXML(xml)).rootElement;
    } catch (err) {
      return [{ elementId: '流程文件', message: `不是有效的 BPMN 文件：${(err as Error).message}`, source: 'BPMN', severity: 'error' }];
    }
    // A linter per run: some rules keep state across the elements of one run.
    const reports = await new Linter({ config: this.config, resolver: new NodeResolver() }).lint(root);
    return Object.entries(reports).flatMap(([rule, list]) =>
      list.map((r) => ({
        elementId: r.id ?? '流程',
        message: lintRuleText(rule, r.message),
        source: `lint:${rule}`,
        severity: r.category === 'warn' ? ('warning' as const) : ('error' as const),
      })),
    );
  }
}
