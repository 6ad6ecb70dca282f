/**
 * A target nobody here wrote the parsing of: the reference behaviour served through Express 5 and
 * its own JSON body parser (`express.json()`, body-parser 2 with raw-body and iconv-lite), with
 * their defaults, as a team building Dispatch on Node would mount it. Express reads and decodes
 * every body (invalid UTF-8 becomes U+FFFD, a byte-order mark is dropped, an empty body is `{}`,
 * bodies over 100 KiB get 413, a content type other than JSON leaves the body unread) and hands
 * the value to the reference pipeline, which validates and serves it. A correct target the suite
 * must not fail: tests/self/trust-outside.spec.ts holds it to that.
 */
import express, { type ErrorRequestHandler } from 'express';
import { startServer, type RunningServer, type ServerOptions } from '../../../src/server/index.ts';

/** body-parser's errors say what they are: a status and a type (entity.parse.failed, entity.too.large, ...). */
interface ParserError {
  status?: number;
  type?: string;
  message?: string;
}

/**
 * `uniqueJobRefs`: as many stacks keep a jobRef unique (a unique index), a createJob whose jobRef
 * its tenant already has is refused with 409 Conflict. The pages are silent on it, so a correct
 * target may; the suite must not send a jobRef twice but on purpose (the repeated-create probe).
 */
export function startExpressTarget(options: Omit<ServerOptions, 'mount'> & { uniqueJobRefs?: boolean } = {}): Promise<RunningServer> {
  const { uniqueJobRefs, ...server } = options;
  const taken = new Set<string>();
  return startServer({
    ...server,
    mount: (pipeline) => {
      const app = express();
      app.disable('x-powered-by');
      app.use(express.json());
      if (uniqueJobRefs) {
        app.post(/\/jobs$/, (req, res, next) => {
          const jobRef = (req.body as { jobRef?: unknown } | undefined)?.jobRef;
          if (typeof jobRef !== 'string') return next();
          const key = `${req.headers['x-coreos-tid']}\n${jobRef}`;
          if (taken.has(key)) return pipeline.refuse(req, res, 409, 'DUPLICATE_JOB_REF', `a job with jobRef ${jobRef} exists`);
          res.on('finish', () => res.statusCode < 300 && taken.add(key));
          next();
        });
      }
      app.use((req, res) => pipeline.serve(req, res, { value: req.body }));
      const refused: ErrorRequestHandler = (err: ParserError, req, res, _next) => {
        const status = typeof err.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
        pipeline.refuse(req, res, status, (err.type ?? 'internal').toUpperCase().replace(/\W+/g, '_'), err.message ?? 'the body could not be read');
      };
      app.use(refused);
      return app;
    },
  });
}
