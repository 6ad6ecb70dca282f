/**
 * What a run will send, said before it sends anything, as the run itself makes it (the suite's
 * context and plan: src/suite/run/context.ts, src/suite/run/plan.ts). `describePlan` is the one line
 * `npm run conformance` prints before the run; `printPlan` is `--dry-run`: every body the run
 * sends, by operation, sending none.
 */
import type { Config } from '../config/config.ts';
import type { Constraint, Contract, Operation } from '../contract/index.ts';
import { openSuite } from '../suite/run/open.ts';
import type { SuiteContext } from '../suite/run/context.ts';
import { JOB_MAKING } from '../suite/run/plan.ts';

type Shard = { current: number; total: number } | undefined;

/** Runs `use` on the suite as the run would open it; the client it holds is never used: nothing is sent. */
function withSuite<T>(config: Config, contract: Contract, catalogue: Constraint[], shard: Shard, use: (ctx: SuiteContext) => T): T {
  const ctx = openSuite({ config, contract, catalogue, shard });
  try {
    return use(ctx);
  } finally {
    void ctx.close();
  }
}

/** One line of what the run will send and create, as the plan (src/suite/run/plan.ts) shares it out. */
export function describePlan(config: Config, contract: Contract, catalogue: Constraint[], shard: Shard): string {
  return withSuite(config, contract, catalogue, shard, (ctx) => planLine(ctx, shard));
}

function planLine(ctx: SuiteContext, shard: Shard): string {
  const { config, contract } = ctx;
  const plan = ctx.plan();
  const making = contract.operations.filter((o) => (JOB_MAKING as readonly string[]).includes(o.operationId));
  const perMaking = making.length ? plan.validRuns(making[0]!) : config.runs;
  // The checks' parts are upper bounds (a refused create gives its job back); the cap holds whatever they come to.
  const j = plan.jobs;
  const checks = j.workers + j.boundaries + j.readAfterWrite + j.observations + j.security + j.state + j.breadth;
  const jobs =
    plan.cap === Number.POSITIVE_INFINITY
      ? 'no job cap'
      : `at most ${plan.cap} jobs${shard ? ` (this shard's share)` : ''}: the checks first (up to ${checks}: ${j.workers} for the workers, ${j.boundaries} boundary bodies, ${j.readAfterWrite} read-after-write, ${j.observations} observations, ${j.security} security probes, ${j.state} concurrent creates, ${j.breadth} breadth probes), ${j.violations} kept for violations the target accepts, ${j.randomBodies} for random bodies`;
  const share = shard ? ` · shard ${shard.current}/${shard.total}: its share of the rate limit, requests and jobs` : '';
  return `Plan${config.thorough ? ' (thorough)' : config.embedded ? '' : ' (remote: what detection needs; --thorough for more)'}: ${config.runs} random valid bodies per operation (${perMaking} where each makes a job), ${config.violationRuns} random violations per constraint, ${config.modelRuns} read-after-write sequences · ${jobs}${share}`;
}

/**
 * `npm run conformance -- --dry-run`: each body the run sends, one line each: the boundary values
 * packed into few bodies (the boundary test of each operation), the cases that keep a request of
 * their own, the violations, then the random bodies (as many as the plan gives each operation).
 */
export function printPlan(config: Config, contract: Contract, catalogue: Constraint[], shard?: Shard): number {
  return withSuite(config, contract, catalogue, shard, (ctx) => {
    const plan = ctx.plan();
    const line = (op: Operation, expect: string, id: string, text: string) => `${op.method.padEnd(4)} ${op.path.padEnd(36)} ${expect.padEnd(6)} ${id.padEnd(70)} ${text}`;
    const n = { packs: 0, alone: 0, violations: 0, valid: 0, randomViolations: 0 };
    const out: string[] = [];
    for (const op of contract.operations) {
      if (!op.requestSchema) continue;
      const { packs, boundaries, violations } = ctx.cases(op);
      packs.forEach((p, i) => out.push(line(op, 'accept', `packed body ${i + 1} of ${packs.length}`, p.description)));
      for (const c of [...boundaries, ...violations]) out.push(line(op, c.expect, c.constraintId ?? '', c.description));
      const runs = plan.validRuns(op);
      out.push(line(op, 'accept', '', `${runs} random valid bodies${runs < config.runs ? ` (not ${config.runs}: each makes a job, and the job budget goes to the checks first)` : ''}`));
      const constraints = catalogue.filter((c) => c.operationId === op.operationId).length;
      if (config.violationRuns > 0) out.push(line(op, 'reject', '', `up to ${config.violationRuns} random violating bodies for each of its ${constraints} constraints`));
      n.packs += packs.length;
      n.alone += boundaries.length;
      n.violations += violations.length;
      n.valid += runs;
      n.randomViolations += config.violationRuns * constraints;
    }
    const total = n.packs + n.alone + n.violations + n.valid;
    process.stdout.write(out.join('\n') + '\n');
    process.stdout.write(`${planLine(ctx, shard)}\n`);
    process.stdout.write(
      `dry run: about ${total} body requests${shard ? ` (all ${shard.total} shards together; Playwright gives each its part of the tests)` : ''} (${n.packs} packed boundary bodies, ${n.alone} boundary cases alone, ${n.violations} violations, ${n.valid} random valid bodies; plus ${n.randomViolations ? `up to ${n.randomViolations} random violations, ` : ''}jobs created to test with, auth, required-header, 404, unknown-reference, malformed-body, read-after-write, observation, security, state and breadth probes); seed ${config.seed}; nothing was sent\n`,
    );
    return 0;
  });
}
