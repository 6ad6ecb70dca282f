/** A generator error: one line, prefixed with the public function's name. */
export class GenerateError extends Error {
  override name = 'GenerateError';
}
