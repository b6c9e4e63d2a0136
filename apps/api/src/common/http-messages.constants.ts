/** Chinese wording of the generic HTTP failures, for errors that carry no domain code. */
export const HTTP_MESSAGES_ZH: Readonly<Record<number, string>> = {
  400: '请求参数有误',
  401: '未登录或登录已过期',
  403: '无权执行此操作',
  404: '未找到请求的资源',
  405: '不支持该请求方法',
  409: '数据冲突，请刷新后重试',
  413: '上传内容过大',
  415: '不支持的文件类型',
  422: '内容无法处理',
  429: '请求过于频繁，请稍后再试',
  500: '服务器内部错误',
  503: '服务暂不可用',
};

export function zhMessageFor(status: number): string {
  return HTTP_MESSAGES_ZH[status] ?? (status >= 500 ? HTTP_MESSAGES_ZH[500] : HTTP_MESSAGES_ZH[400]);
}
