/**
 * The form editor in Chinese, as far as form-js allows: its palette and
 * properties panel have no translate hook for most labels, so the texts the
 * analyst sees are replaced as they appear (a MutationObserver over the
 * editor). Unknown texts stay as they are; nothing but visible text changes.
 * The designer uses the same for the few texts bpmn-js-properties-panel
 * passes by its translate module (the panel's header, the lists' 新建).
 */
const ZH: Record<string, string> = {
  // palette
  Components: '组件',
  'Search components': '搜索组件',
  Input: '输入',
  Selection: '选择',
  Presentation: '展示',
  Containers: '容器',
  Action: '操作',
  'Text field': '文本框',
  'Text area': '多行文本',
  Number: '数字',
  Date: '日期',
  'Date time': '日期时间',
  Datetime: '日期时间',
  'Expression field': '表达式字段',
  Checkbox: '复选框',
  'Checkbox group': '复选框组',
  Checklist: '复选清单',
  'Radio group': '单选组',
  Radio: '单选组',
  Select: '下拉选择',
  'Tag list': '标签列表',
  'Text view': '文本',
  'HTML view': 'HTML 内容',
  'Image view': '图片',
  'Document preview': '文档预览',
  Table: '表格',
  'iFrame view': '内嵌页面',
  Spacer: '间隔',
  Separator: '分隔线',
  Group: '分组',
  'Dynamic list': '动态列表',
  'File picker': '文件上传',
  Button: '按钮',
  'Build your form': '设计表单',
  'Drag and drop components here to start designing.': '将左侧组件拖到这里开始设计。',
  'Drag and drop components here.': '将组件拖到这里。',
  'Select a form field to edit its properties.': '选中一个表单字段以编辑其属性。',
  'Remove form field': '删除字段',
  // properties panel groups
  General: '常规',
  Condition: '显示条件',
  Validation: '校验',
  Layout: '布局',
  Appearance: '外观',
  Serialization: '序列化',
  Constraints: '约束',
  'Options source': '选项来源',
  'Static options': '固定选项',
  'Dynamic options': '动态选项',
  'Custom properties': '自定义属性',
  'Security attributes': '安全属性',
  'Headers source': '表头来源',
  'Header items': '表头',
  'Data source': '数据来源',
  Pagination: '分页',
  'Form submission': '表单提交',
  // properties panel entries
  'Field label': '字段名称',
  'Group label': '分组名称',
  'Table label': '表格名称',
  Label: '名称',
  'Field description': '字段说明',
  Key: '键名',
  'Binds to a form variable': '对应表单变量',
  'Default value': '默认值',
  Required: '必填',
  'Read only': '只读',
  Disabled: '禁用',
  'Minimum length': '最小长度',
  'Maximum length': '最大长度',
  Minimum: '最小值',
  Maximum: '最大值',
  'Validation pattern': '校验规则',
  'Custom regular expression': '自定义正则表达式',
  'Custom error message': '自定义错误提示',
  Custom: '自定义',
  Email: '电子邮箱',
  Phone: '电话号码',
  'Hide if': '隐藏条件',
  'Condition under which the field is hidden': '满足此条件时隐藏字段',
  Columns: '列宽',
  Auto: '自动',
  Text: '文本',
  Content: '内容',
  Value: '值',
  Type: '类型',
  Subtype: '子类型',
  Expression: '表达式',
  'Compute on': '计算时机',
  'Value changes': '值变化时',
  'Form submission ': '提交时',
  Prefix: '前缀',
  Suffix: '后缀',
  'Decimal digits': '小数位数',
  Increment: '步长',
  'Output as string': '输出为字符串',
  Searchable: '可搜索',
  'Show outline': '显示边框',
  Path: '路径',
  'Input values key': '输入值键名',
  'Options expression': '选项表达式',
  'Date label': '日期名称',
  'Time label': '时间名称',
  'Time format': '时间格式',
  'Time interval': '时间间隔',
  'Use 24h': '24 小时制',
  'Disallow past dates': '不允许过去的日期',
  'Supported file formats': '允许的文件格式',
  'Upload multiple files': '允许多个文件',
  'Image source': '图片来源',
  'Alternative text': '替代文字',
  Height: '高度',
  URL: '网址',
  'Allow add/delete items': '允许增删条目',
  'Default number of items': '默认条目数',
  'Disable collapse': '禁止折叠',
  'Number of non-collapsing items': '不折叠的条目数',
  'Number of rows per page': '每页行数',
  'Vertical alignment': '垂直对齐',
  Top: '顶部',
  Center: '居中',
  Bottom: '底部',
  Checked: '已勾选',
  'Not checked': '未勾选',
  Submit: '提交',
  Reset: '重置',
  'Version tag': '版本标签',
  'Create new list item': '新增一项',
  'Delete item': '删除此项',
  'Toggle list item': '展开/收起',
  'Toggle section': '展开/收起',
  'Open documentation': '查看说明',
  'Section contains an error': '此处有错误',
  'Section contains edits': '此处有修改',
  '<empty>': '<空>',
  'Must not be empty.': '不能为空。',
  'Must not be empty': '不能为空',
  'Must be unique.': '必须唯一。',
  'Must be a unique key.': '键名必须唯一。',
  'Text view is empty': '文本为空',
  'Html view is empty': 'HTML 内容为空',
  'Expression is empty': '表达式为空',
  Repeatable: '可重复',
};

type Translator = (text: string) => string | undefined;

const formEditorText: Translator = (text) => ZH[text];

function translateNode(node: Node, zh: Translator): void {
  if (node.nodeType === Node.TEXT_NODE) {
    const text = node.nodeValue ?? '';
    const key = text.trim();
    const found = key && zh(key);
    if (found && found !== key) node.nodeValue = text.replace(key, found);
    return;
  }
  if (!(node instanceof Element)) return;
  for (const attr of ['placeholder', 'title', 'aria-label']) {
    const value = node.getAttribute(attr)?.trim();
    const found = value && zh(value);
    if (found && found !== value) node.setAttribute(attr, found);
  }
  for (const child of Array.from(node.childNodes)) translateNode(child, zh);
}

/** Translates what is in `root` now and whatever appears in it later (the form editor's texts unless told otherwise). */
export function translateForever(root: HTMLElement, zh: Translator = formEditorText): void {
  translateNode(root, zh);
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'characterData' || r.type === 'attributes') translateNode(r.target, zh);
      else for (const n of Array.from(r.addedNodes)) translateNode(n, zh);
    }
  }).observe(root, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['placeholder', 'title', 'aria-label'] });
}
