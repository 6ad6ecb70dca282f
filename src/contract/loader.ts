/**
 * Reads the contract: the OpenAPI description in specs/ and the JSON Schemas in schemas/.
 * Every schema is compiled by ajv in strict mode; every `$ref` is resolved; each operation's
 * request and response schemas are inlined into one self-contained tree, so that generators,
 * the catalogue and the oracle all speak of the same JSON pointers.
 * Anything wrong is a ContractError naming the file and the pointer.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { ValidateFunction, ErrorObject } from 'ajv';
import { createOracle, type Oracle } from './ajv.ts';
import { ContractError } from './errors.ts';
import { defaultSpecFile, schemasDir as defaultSchemasDir } from './paths.ts';
import { getAtPointer, joinPointer } from './pointer.ts';
import { isSchemaObject, type JsonSchema } from './schema.ts';
import { specShape } from './spec-shape.ts';
import { readingsOf, type OperationReading } from './readings.ts';
import { checkEntry, rememberChecked } from './check-cache.ts';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
export type HttpMethod = Uppercase<(typeof HTTP_METHODS)[number]>;

/** Where a node of an inlined schema came from. */
export interface Origin {
  file: string;
  pointer: string;
}

/** One operation of the API, with its schemas inlined. */
export interface Operation {
  operationId: string;
  summary: string;
  method: HttpMethod;
  /** Path relative to the base URL, with `{param}` placeholders. */
  path: string;
  pathParams: string[];
  /** The inlined request body schema, or undefined for operations without a body. */
  requestSchema?: JsonSchema;
  /** The schema file the request body comes from, e.g. `job-create.schema.json`. */
  requestSchemaFile?: string;
  /** The documented success status (the lowest documented 2xx). */
  successStatus: number;
  /** Documented statuses and their inlined response schemas. */
  responses: Record<string, JsonSchema | undefined>;
  /** What each documented status answers, as its response's `x-answers` says (`invalidBody`, `unknownId`). */
  answers: Record<string, string[]>;
  /** The header parameters the operation marks required, upper-cased (e.g. `X-COREOS-TID`). */
  requiredHeaders: string[];
  /** Other readings of the request schema, where the pages contradict each other (see readings.ts). */
  readings: OperationReading[];
}

/** The loaded contract. */
export interface Contract {
  specFile: string;
  spec: OpenAPIV3_1.Document;
  operations: Operation[];
  /** Every schema file, by file name. */
  schemaFiles: Map<string, JsonSchema>;
  oracle: Oracle;
  operation(operationId: string): Operation;
  /** Where an inlined node came from (file and pointer), for citations. */
  originOf(node: object): Origin | undefined;
  /** The compiled validator of an inlined schema (compiled once). */
  validatorFor(schema: JsonSchema): ValidateFunction;
}

export interface LoadOptions {
  specFile?: string;
  schemasDir?: string;
}

/** The documented statuses of an operation that answer `what` (its responses' `x-answers`), e.g. [400] for `invalidBody`. */
export function statusesFor(op: Operation, what: string): number[] {
  return Object.entries(op.answers)
    .filter(([, a]) => a.includes(what))
    .map(([status]) => Number(status))
    .filter((n) => Number.isInteger(n));
}

/**
 * Contracts already loaded in this process, by the files they were read from (paths, sizes and
 * modification times): every spec file of the suite, the server and the reporter asks for the
 * contract, and reading and compiling it takes a third of a second each time. A changed file is
 * read again.
 */
const loaded = new Map<string, Contract>();

function fingerprint(specFile: string, schemasDir: string): string | undefined {
  try {
    const stamp = (f: string) => {
      const s = fs.statSync(f);
      return `${f}:${s.size}:${s.mtimeMs}`;
    };
    const schemas = fs.readdirSync(schemasDir).filter((f) => f.endsWith('.schema.json')).sort();
    return [stamp(specFile), ...schemas.map((f) => stamp(path.join(schemasDir, f)))].join('|');
  } catch {
    return undefined;
  }
}

/** Loads and checks the contract (once per process, while its files stay as they are); throws ContractError on the first problem found. */
export function loadContract(options: LoadOptions = {}): Contract {
  const specFile = path.resolve(options.specFile ?? defaultSpecFile);
  const schemasDir = path.resolve(options.schemasDir ?? defaultSchemasDir);
  const key = fingerprint(specFile, schemasDir);
  const known = key === undefined ? undefined : loaded.get(key);
  if (known) return known;
  const digest = key === undefined ? undefined : digestOf(key);
  // Checked before, by an earlier run (check-cache.ts) or by the process that started this one.
  const entry = checkEntry(specFile, schemasDir);
  const checked = entry?.spec !== undefined || (digest !== undefined && process.env[CONTRACT_CHECKED_ENV] === digest);
  const contract = readContract(specFile, schemasDir, !checked, entry?.spec as OpenAPIV3_1.Document | undefined);
  // Only a check this process made (and passed: it would have thrown) is remembered.
  if (entry && !checked) rememberChecked(entry, contract.spec);
  if (key !== undefined) loaded.set(key, contract);
  // The processes this one starts (Playwright's runner, its workers) find these files checked.
  if (digest !== undefined) process.env[CONTRACT_CHECKED_ENV] = digest;
  return contract;
}

/**
 * Set by a process that checked the contract (strict ajv compiles of every schema file, the spec's
 * shape, every inlined schema) to the digest of the files it checked (paths, sizes, modification
 * times): a process it starts, which inherits it, reads the same files without checking them
 * again, and compiles only the validators it uses, when it first uses them. Every process of a run
 * (the command, Playwright's runner, each worker) checked them in turn, a third of a second each.
 */
export const CONTRACT_CHECKED_ENV = 'CONFORMANCE_CONTRACT_CHECKED';

const digestOf = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 32);

/** The digest CONTRACT_CHECKED_ENV holds for these files as they are now; undefined when they cannot be read. */
export function checkedDigest(specFile: string, schemasDir: string): string | undefined {
  const key = fingerprint(path.resolve(specFile), path.resolve(schemasDir));
  return key === undefined ? undefined : digestOf(key);
}

/** `parsed`: the spec as parsed when it was checked before (check-cache.ts), not read again. */
function readContract(specFile: string, schemasDir: string, check: boolean, parsed?: OpenAPIV3_1.Document): Contract {
  const docs = new Map<string, unknown>();
  const checker = check ? createOracle() : undefined;
  const schemaFiles = loadSchemaFiles(schemasDir, checker, docs);
  // Checked: the oracle that checked the files. Else one made when a validator is first asked
  // for, with the files known by their $id, unchecked (as they were when checked).
  let made = checker;
  const oracleOf = (): Oracle => {
    if (made) return made;
    made = createOracle({ checked: true });
    for (const f of schemaFiles.values()) made.addSchema(f, undefined, undefined, false);
    return made;
  };
  const spec = parsed ?? readSpec(specFile, checker);
  docs.set(specFile, spec);
  const origins = new WeakMap<object, Origin>();
  const inliner = new Inliner(docs, schemasDir, origins);

  const operations: Operation[] = [];
  const seen = new Set<string>();
  for (const [p, item] of Object.entries(spec.paths ?? {})) {
    const pathPointer = joinPointer('/paths', p);
    const pathItem = item as Record<string, unknown>;
    const shared = (pathItem.parameters as unknown[] | undefined) ?? [];
    for (const m of HTTP_METHODS) {
      const op = pathItem[m] as OpenAPIV3_1.OperationObject | undefined;
      if (!op) continue;
      const opPointer = joinPointer(pathPointer, m);
      const operationId = op.operationId!;
      if (seen.has(operationId)) throw new ContractError(specFile, opPointer, `duplicate operationId "${operationId}"`);
      seen.add(operationId);
      const params = [...shared, ...(op.parameters ?? [])].map((prm, i) =>
        inliner.resolveObject(prm, specFile, joinPointer(opPointer, 'parameters', i)),
      ) as unknown as OpenAPIV3_1.ParameterObject[];
      const pathParams = params.filter((x) => x.in === 'path').map((x) => x.name);
      const placeholders = [...p.matchAll(/\{([^}]+)\}/g)].map((x) => x[1]!);
      for (const name of placeholders) {
        if (!pathParams.includes(name)) {
          throw new ContractError(specFile, opPointer, `path parameter {${name}} is not declared in parameters`);
        }
      }
      let requestSchema: JsonSchema | undefined;
      let requestSchemaFile: string | undefined;
      if (op.requestBody) {
        const bodyPointer = joinPointer(opPointer, 'requestBody');
        const body = inliner.resolveObject(op.requestBody, specFile, bodyPointer) as OpenAPIV3_1.RequestBodyObject;
        const media = body.content?.['application/json'];
        if (!media?.schema) throw new ContractError(specFile, bodyPointer, 'request body has no application/json schema');
        const ref = (media.schema as { $ref?: string }).$ref;
        requestSchemaFile = ref ? path.basename(ref.split('#')[0]!) : undefined;
        requestSchema = inliner.inline(media.schema, specFile, joinPointer(bodyPointer, 'content', 'application/json', 'schema'));
      }
      const responses: Record<string, JsonSchema | undefined> = {};
      const answers: Record<string, string[]> = {};
      for (const [status, r] of Object.entries(op.responses ?? {})) {
        const rPointer = joinPointer(opPointer, 'responses', status);
        const resp = inliner.resolveObject(r, specFile, rPointer) as OpenAPIV3_1.ResponseObject & { 'x-answers'?: unknown };
        const answered = resp['x-answers'];
        if (answered !== undefined) {
          if (!Array.isArray(answered) || !answered.every((a) => typeof a === 'string')) throw new ContractError(specFile, joinPointer(rPointer, 'x-answers'), 'x-answers must list what the status answers, e.g. [invalidBody]');
          answers[status] = answered as string[];
        }
        const schema = resp.content?.['application/json']?.schema;
        responses[status] = schema ? inliner.inline(schema, specFile, joinPointer(rPointer, 'content', 'application/json', 'schema')) : undefined;
      }
      const successes = Object.keys(responses).filter((s) => /^2\d\d$/.test(s)).map(Number).sort();
      if (successes.length === 0) throw new ContractError(specFile, joinPointer(opPointer, 'responses'), 'no 2xx response is documented');
      operations.push({
        operationId,
        summary: op.summary ?? operationId,
        method: m.toUpperCase() as HttpMethod,
        path: p,
        pathParams,
        requestSchema,
        requestSchemaFile,
        successStatus: successes[0]!,
        responses,
        answers,
        requiredHeaders: params.filter((x) => x.in === 'header' && x.required === true).map((x) => x.name.toUpperCase()),
        readings: requestSchema ? readingsOf(requestSchema, (p, problem) => new ContractError(specFile, p, `${operationId}: ${problem}`)) : [],
      });
    }
  }

  const compiled = new WeakMap<object, ValidateFunction>();
  const byText = new Map<string, ValidateFunction>();
  const contract: Contract = {
    specFile,
    spec,
    operations,
    schemaFiles,
    get oracle() {
      return oracleOf();
    },
    operation(id) {
      const op = operations.find((o) => o.operationId === id);
      if (!op) throw new Error(`unknown operationId "${id}"`);
      return op;
    },
    originOf: (node) => origins.get(node),
    validatorFor(schema) {
      let v = compiled.get(schema);
      if (!v) {
        // Inlined trees repeat the same schemas (every operation's error envelope, its 200 and 202):
        // the same text compiles once.
        const text = JSON.stringify(schema);
        v = byText.get(text) ?? oracleOf().compile(schema);
        byText.set(text, v);
        compiled.set(schema, v);
      }
      return v;
    },
  };
  // Compile every inlined schema now, so a problem surfaces at load and not mid-run.
  for (const op of check ? operations : []) {
    const readings = op.readings.map((r) => [`reading ${r.id} of the request`, r.schema] as const);
    for (const [where, s] of [['request', op.requestSchema], ...readings, ...Object.entries(op.responses)] as const) {
      if (!s) continue;
      try {
        contract.validatorFor(s);
      } catch (e) {
        throw new ContractError(specFile, `/paths`, `${op.operationId} ${where} schema does not compile: ${(e as Error).message}`);
      }
    }
  }
  return contract;
}

/** The spec, its shape checked by `oracle` (none: read as it was when checked). */
function readSpec(specFile: string, oracle: Oracle | undefined): OpenAPIV3_1.Document {
  let text: string;
  try {
    text = fs.readFileSync(specFile, 'utf8');
  } catch {
    throw new ContractError(specFile, '', 'cannot read the OpenAPI file');
  }
  const parsed = YAML.parseDocument(text);
  if (parsed.errors.length > 0) {
    const err = parsed.errors[0]!;
    const line = err.linePos?.[0];
    throw new ContractError(specFile, '', `not valid YAML${line ? ` at line ${line.line}, column ${line.col}` : ''}: ${err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  const doc = parsed.toJS() as unknown;
  const check = oracle?.compile(specShape);
  if (check && !check(doc)) {
    const e = firstError(check.errors);
    throw new ContractError(specFile, e.instancePath, describeError(e));
  }
  return doc as OpenAPIV3_1.Document;
}

/** The schema files, each compiled by `oracle` in strict mode (none: read as they were when checked). */
function loadSchemaFiles(dir: string, oracle: Oracle | undefined, docs: Map<string, unknown>): Map<string, JsonSchema> {
  const files = new Map<string, JsonSchema>();
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((f) => f.endsWith('.schema.json')).sort();
  } catch {
    throw new ContractError(dir, '', 'cannot read the schemas folder');
  }
  if (names.length === 0) throw new ContractError(dir, '', 'no *.schema.json files');
  for (const name of names) {
    const file = path.join(dir, name);
    let schema: JsonSchema;
    try {
      schema = JSON.parse(fs.readFileSync(file, 'utf8')) as JsonSchema;
    } catch (e) {
      throw new ContractError(file, '', `not valid JSON: ${(e as Error).message}`);
    }
    if (!isSchemaObject(schema)) throw new ContractError(file, '', 'a schema file must hold a JSON object');
    if (schema.$schema !== 'https://json-schema.org/draft/2020-12/schema') {
      throw new ContractError(file, '/$schema', 'must be "https://json-schema.org/draft/2020-12/schema"');
    }
    if (typeof schema.$id !== 'string' || !schema.$id.endsWith('/' + name)) {
      throw new ContractError(file, '/$id', `must be an absolute URI ending in "/${name}"`);
    }
    files.set(name, schema);
    docs.set(file, schema);
    if (!oracle) continue;
    try {
      oracle.addSchema(schema);
    } catch (e) {
      throw strictError(file, schema, e as Error, files, dir);
    }
  }
  if (oracle) {
    for (const [name, schema] of files) {
      try {
        oracle.getSchema(schema.$id!);
      } catch (e) {
        throw strictError(path.join(dir, name), schema, e as Error, files, dir);
      }
    }
  }
  return files;
}

/**
 * Turns an ajv compile error into a ContractError. ajv compiles a schema with the files it refers
 * to, so the problem may sit in another file: the one named in the message, or the one holding the
 * offending keyword or $ref.
 */
function strictError(file: string, schema: JsonSchema, e: Error, files: Map<string, JsonSchema>, dir: string): ContractError {
  const msg = e.message.split('\n')[0]!;
  const at = /at "([^"#]*)#([^"]*)"/.exec(msg);
  const candidates: [string, JsonSchema][] = [[file, schema], ...[...files].map(([n, s]) => [path.join(dir, n), s] as [string, JsonSchema])];
  if (at) {
    const named = candidates.find(([, s]) => s.$id === at[1]);
    return new ContractError(named?.[0] ?? file, at[2]!, msg.replace(/ at "[^"]*"/, ''));
  }
  const keyword = /keyword[: ]+"([^"]+)"/.exec(msg)?.[1];
  const ref = /can't resolve reference (\S+)/.exec(msg)?.[1];
  for (const [f, s] of candidates) {
    const pointer = keyword ? findPointer(s, (k) => k === keyword) : ref ? findPointer(s, (k, v) => k === '$ref' && v === ref) : undefined;
    if (pointer !== undefined) return new ContractError(f, pointer, msg);
  }
  return new ContractError(file, '', msg);
}

function findPointer(node: unknown, match: (key: string, value: unknown) => boolean, at = ''): string | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  for (const [k, v] of Object.entries(node)) {
    const here = joinPointer(at, k);
    if (match(k, v)) return here;
    const below = findPointer(v, match, here);
    if (below !== undefined) return below;
  }
  return undefined;
}

function firstError(errors: ErrorObject[] | null | undefined): ErrorObject {
  // The deepest error is the most specific one.
  return [...(errors ?? [])].sort((a, b) => b.instancePath.length - a.instancePath.length)[0]!;
}

function describeError(e: ErrorObject): string {
  if (e.keyword === 'required') return `missing required member "${(e.params as { missingProperty: string }).missingProperty}"`;
  if (e.keyword === 'additionalProperties') return `unexpected member "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  return e.message ?? e.keyword;
}

/** Resolves `$ref`s across the spec and the schema files, building self-contained trees. */
class Inliner {
  constructor(
    private readonly docs: Map<string, unknown>,
    private readonly schemasDir: string,
    private readonly origins: WeakMap<object, Origin>,
  ) {}

  /** Follows a `$ref` (if any) of a spec object, such as a parameter or a response. */
  resolveObject(node: unknown, file: string, pointer: string, depth = 0): Record<string, unknown> {
    if (depth > 16) throw new ContractError(file, pointer, '$ref chain too long (a cycle?)');
    if (isSchemaObject(node) && typeof node.$ref === 'string') {
      const target = this.target(node.$ref, file, pointer);
      return this.resolveObject(target.node, target.file, target.pointer, depth + 1);
    }
    if (!isSchemaObject(node)) throw new ContractError(file, pointer, 'expected an object');
    return node;
  }

  /** Returns a copy of a schema with every `$ref` replaced by its target. */
  inline(node: unknown, file: string, pointer: string, stack: string[] = []): JsonSchema {
    if (typeof node === 'boolean') return node as unknown as JsonSchema;
    if (!isSchemaObject(node)) throw new ContractError(file, pointer, 'expected a schema');
    if (typeof node.$ref === 'string') {
      const { $ref, ...siblings } = node;
      const annotationsOnly = Object.keys(siblings).every((k) => k === 'description' || k.startsWith('x-'));
      if (!annotationsOnly) throw new ContractError(file, pointer, 'a $ref may only have annotations beside it');
      const target = this.target($ref, file, pointer);
      const key = `${target.file}#${target.pointer}`;
      if (stack.includes(key)) throw new ContractError(file, pointer, `recursive $ref ${$ref} cannot be inlined`);
      const inlined = this.inline(target.node, target.file, target.pointer, [...stack, key]);
      return Object.assign(inlined, siblings);
    }
    const out: JsonSchema = {};
    this.origins.set(out, { file, pointer });
    for (const [k, v] of Object.entries(node)) {
      // Identity keywords belong to the files; an inlined tree is anonymous and self-contained.
      if (k === '$id' || k === '$defs' || k === '$schema') continue;
      const here = joinPointer(pointer, k);
      if (k === 'properties' && isSchemaObject(v)) {
        out.properties = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, this.inline(s, file, joinPointer(here, name), stack)]));
      } else if (['items', 'if', 'then', 'else', 'not', 'additionalProperties'].includes(k) && (isSchemaObject(v) || typeof v === 'boolean')) {
        out[k] = this.inline(v, file, here, stack);
      } else if (['allOf', 'anyOf', 'oneOf', 'prefixItems'].includes(k) && Array.isArray(v)) {
        out[k] = v.map((s, i) => this.inline(s, file, joinPointer(here, i), stack));
      } else {
        out[k] = v;
      }
    }
    return out;
  }

  private target(ref: string, file: string, pointer: string): { node: unknown; file: string; pointer: string } {
    const [filePart, fragment = ''] = ref.split('#') as [string, string?];
    let targetFile = file;
    if (filePart) {
      const byName = this.isSchemaName(filePart) ? path.join(this.schemasDir, path.basename(filePart)) : undefined;
      targetFile = path.resolve(path.dirname(file), filePart);
      if (!this.docs.has(targetFile) && byName && this.docs.has(byName)) targetFile = byName;
      if (!this.docs.has(targetFile)) throw new ContractError(file, pointer, `$ref "${ref}" names a file that is not in schemas/`);
    }
    const doc = this.docs.get(targetFile);
    const node = getAtPointer(doc, fragment);
    if (node === undefined) throw new ContractError(file, pointer, `$ref "${ref}" does not resolve`);
    return { node, file: targetFile, pointer: fragment };
  }

  private isSchemaName(p: string): boolean {
    return p.endsWith('.schema.json');
  }
}
