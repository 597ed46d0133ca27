/**
 * What the request itself got wrong before any handler ran — a body too
 * large, not JSON, in a charset we do not read, with too many parameters —
 * comes back as a 4xx with a Chinese message, never as a 500.
 * body-parser marks these errors `expose` with a 4xx status and a `type`.
 */
import { HttpError } from './errors.js';

const BODY_ERRORS: Record<string, string> = {
  'entity.too.large': '请求内容过大：表单内容不能超过1MB（附件请通过上传提交）',
  'entity.parse.failed': '请求内容格式错误：不是有效的JSON或表单数据',
  'charset.unsupported': '不支持的字符集：请以UTF-8编码提交',
  'encoding.unsupported': '不支持的内容编码：请以未压缩或gzip、deflate、br方式提交',
  'parameters.too.many': '请求参数过多：表单字段不能超过1000个',
  'request.aborted': '请求未完整发送，请重新提交',
  'request.size.invalid': '请求内容长度与声明不符，请重新提交',
};

export function clientErrorOf(err: unknown): HttpError | null {
  if (err instanceof HttpError) return err;
  const e = err as { status?: unknown; expose?: unknown; type?: unknown } | null;
  if (!e || typeof e.status !== 'number' || e.status < 400 || e.status >= 500 || e.expose !== true) return null;
  return new HttpError(e.status, BODY_ERRORS[String(e.type)] ?? '请求无效，请检查后重新提交');
}

/** A form or JSON body is an object of fields; anything else (a JSON array, number, string or null) is refused. */
export function isFieldObject(body: unknown): boolean {
  return body === undefined || (typeof body === 'object' && body !== null && !Array.isArray(body));
}
