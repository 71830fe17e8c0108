/** JSON response with the given status and headers. */
export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
  });
}

/** Empty response. */
export function empty(status: number): Response {
  return new Response(null, { status });
}

/** Error body in the extension's shape (`Message`, plus the exception's message and type). */
export function errorResponse(status: number, message: string, error?: Error): Response {
  return json(status, {
    Message: message,
    ...(error ? { ExceptionMessage: error.message, ExceptionType: error.name } : {}),
  });
}
