/**
 * The part of OpenAPI 3.1 the engine relies on, as a schema the spec is checked against at load.
 * It is deliberately narrow: it names what the engine reads, so a spec the engine cannot use is
 * refused with the pointer of the first problem.
 */
const operation = {
  type: 'object',
  required: ['operationId', 'responses'],
  properties: {
    operationId: { type: 'string', pattern: '^[a-zA-Z][a-zA-Z0-9]*$' },
    summary: { type: 'string' },
    parameters: { type: 'array', items: { type: 'object' } },
    requestBody: { type: 'object' },
    responses: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^([1-5][0-9X]{2}|default)$' },
      additionalProperties: { type: 'object' },
    },
  },
};

export const specShape = {
  type: 'object',
  required: ['openapi', 'info', 'paths'],
  properties: {
    openapi: { type: 'string', pattern: '^3\\.1\\.\\d+$' },
    info: { type: 'object', required: ['title', 'version'] , properties: { title: { type: 'string' }, version: { type: 'string' } } },
    servers: { type: 'array', items: { type: 'object', required: ['url'], properties: { url: { type: 'string' } } } },
    paths: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^/' },
      additionalProperties: {
        type: 'object',
        properties: {
          parameters: { type: 'array', items: { type: 'object' } },
          get: operation,
          put: operation,
          post: operation,
          delete: operation,
          patch: operation,
        },
      },
    },
    components: { type: 'object' },
  },
} as const;
