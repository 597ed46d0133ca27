/** Errors a request handler raises on purpose: a status and a Chinese message for the user. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const notFound = (what = '页面') => new HttpError(404, `${what}不存在`);
export const forbidden = () => new HttpError(403, '无权访问：当前账号的角色或范围不包含此内容');
export const unauthenticated = () => new HttpError(401, '请先登录');

/** 429: throttled; the error page sends Retry-After. */
export class TooManyRequests extends HttpError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    field?: string,
  ) {
    super(429, message, field);
  }
}
