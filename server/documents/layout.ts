/**
 * The small line language that document templates render to. A Handlebars
 * template produces one directive per line; the PDF renderer lays them out.
 *
 *   @title 中华人民共和国一级建造师注册证书
 *   @subtitle 电子证书
 *   @number 编号：…                 (right-aligned under the title)
 *   @field 姓名 | 张伟               (label | value, two per row where both are short)
 *   @para 正文……                    (a justified, indented paragraph; a plain line is one too)
 *   @line 李娜：                      (a line without indent: salutations)
 *   @table 姓名 | 注册号 | 专业       (header row; @row lines follow)
 *   @row 张伟 | 浙1332… | 建筑工程
 *   @photo / @signature              (the person's photo and signature, when on file)
 *   @seal 中华人民共和国住房和城乡建设部 | 2026年11月23日
 *   @space
 */
export type Block =
  | { kind: 'title' | 'subtitle' | 'number' | 'para' | 'line'; text: string }
  | { kind: 'field'; label: string; value: string }
  | { kind: 'table'; header: string[]; rows: string[][] }
  | { kind: 'photo' | 'signature' | 'space' }
  | { kind: 'seal'; authority: string; date: string };

const cells = (text: string) => text.split('|').map((c) => c.trim());

export function parseLayout(source: string): Block[] {
  const blocks: Block[] = [];
  for (const raw of source.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const match = /^@(\w+)\s*(.*)$/.exec(line);
    if (!match) {
      blocks.push({ kind: 'para', text: line });
      continue;
    }
    const [, directive, rest] = match;
    switch (directive) {
      case 'title':
      case 'subtitle':
      case 'number':
      case 'para':
      case 'line':
        blocks.push({ kind: directive, text: rest });
        break;
      case 'field': {
        const [label, ...value] = cells(rest);
        blocks.push({ kind: 'field', label, value: value.join(' | ') });
        break;
      }
      case 'table':
        blocks.push({ kind: 'table', header: cells(rest), rows: [] });
        break;
      case 'row': {
        const table = blocks[blocks.length - 1];
        if (table?.kind !== 'table') throw new Error('@row outside a @table');
        table.rows.push(cells(rest));
        break;
      }
      case 'photo':
      case 'signature':
      case 'space':
        blocks.push({ kind: directive });
        break;
      case 'seal': {
        const [authority, date] = cells(rest);
        blocks.push({ kind: 'seal', authority, date: date ?? '' });
        break;
      }
      default:
        throw new Error(`unknown layout directive @${directive}`);
    }
  }
  return blocks;
}
