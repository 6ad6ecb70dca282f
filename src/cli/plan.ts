/**
 * What a run will send, said before it sends anything, as the run itself makes it (the suite's
 * context and plan: src/suite/run/context.ts, src/suite/run/plan.ts). `describePlan` is the one line
 * `npm run conformance` prints before the run; `printPlan` is `--dry-run`: every body the run
 * sends, by operation, sending none.
 */
import { UNLIMITED_RATE, type Config } from '../config/config.ts';
import type { Constraint, Contract, Operation } from '../contract/index.ts';
import { openSuite } from '../suite/run/open.ts';
import type { SuiteContext } from '../suite/run/context.ts';
import { JOB_MAKING } from '../suite/run/plan.ts';
import { rehearse } from '../targets/rehearsal.ts';
import type { Selection } from '../playwright/selection.ts';
import { shardBudget } from '../suite/run/shards.ts';
import { boundaryTestTitle } from '../suite/constraints/boundary-packs.ts';
import { validBodiesTitle } from '../suite/run/steps.ts';

type Shard = { current: number; total: number } | undefined;

/**
 * Runs `use` on the suite as the run would open it; the client it holds is never used: nothing is
 * sent. It opens on the run's folder without owning it: closed, it leaves the ledger that holds
 * the preflight's job (removing it let the workers make one job more than DISPATCH_MAX_JOBS).
 */
function withSuite<T>(config: Config, contract: Contract, catalogue: Constraint[], shard: Shard, use: (ctx: SuiteContext) => T): T {
  const ctx = openSuite({ config, contract, catalogue, shard, budgetKey: config.runId });
  try {
    return use(ctx);
  } finally {
    void ctx.close();
  }
}

/**
 * Makes every operation's cases for the run's workers (src/suite/run/shared-cases.ts), one
 * operation per turn of the event loop: the command line does it while Playwright's runner starts
 * and lists the tests, when it has nothing else to do, so that no worker makes them. A worker that
 * needs an operation's cases before they are written makes them itself, the same ones.
 */
export async function makeCasesAhead(config: Config, contract: Contract, catalogue: Constraint[], shard: Shard): Promise<void> {
  const ctx = openSuite({ config, contract, catalogue, shard, budgetKey: config.runId });
  try {
    for (const op of contract.operations.filter((o) => o.requestSchema)) {
      await new Promise((resolve) => setImmediate(resolve));
      ctx.cases(op);
    }
  } finally {
    await ctx.close();
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
  // The checks' parts are upper bounds (a refused create gives its job back; a worker makes its
  // jobs only when a test needs them): each is listed, never a sum that reads as more than the cap.
  const j = plan.jobs;
  const parts = `${j.workers} for the workers, ${j.boundaries} boundary bodies, ${j.readAfterWrite} read-after-write, ${j.observations} observations, ${j.security} security probes, ${j.state} concurrent creates, ${j.breadth} breadth probes`;
  const whole = config.maxJobs;
  const jobs =
    plan.cap === Number.POSITIVE_INFINITY
      ? 'no job cap'
      : shard
        ? `this shard's part of DISPATCH_MAX_JOBS ${whole}, by what its tests need, is said when its tests are chosen (the checks first, each at most: ${parts}; the violation phase and random bodies as in one run)`
        : `at most ${plan.cap} jobs, the checks first (each at most: ${parts}), ${j.violations} kept for violations the target accepts, ${j.randomBodies} for random bodies`;
  const share = shard ? ` · shard ${shard.current}/${shard.total}: its share of the rate limit and requests` : '';
  return `Plan${config.thorough ? ' (thorough)' : config.embedded ? '' : ' (remote: what detection needs; --thorough for more)'}: ${config.runs} random valid bodies per operation (${perMaking} where each makes a job), ${config.violationRuns} random violations per constraint, ${config.modelRuns} read-after-write sequences · ${jobs}${share}`;
}

/**
 * `npm run conformance -- --dry-run`: each body the run sends, one line each: the boundary values
 * packed into few bodies (the boundary test of each operation), the cases that keep a request of
 * their own, the violations, then the random bodies (as many as the plan gives each operation).
 * Only the bodies of the tests the command line selects (`--grep`, `--grep-invert`, file filters,
 * `--shard`: src/playwright/selection.ts), and what those tests send and make, rehearsed.
 */
export async function printPlan(config: Config, contract: Contract, catalogue: Constraint[], selection: Selection): Promise<number> {
  process.stdout.write(`${targetLine(config)}\n`);
  const chosen = new Set(selection.steps.map((s) => s.title));
  const listed = withSuite(config, contract, catalogue, selection.shard, (ctx) => {
    const plan = ctx.plan();
    const line = (op: Operation, expect: string, id: string, text: string) => `${op.method.padEnd(4)} ${op.path.padEnd(36)} ${expect.padEnd(6)} ${id.padEnd(70)} ${text}`;
    const n = { packs: 0, alone: 0, violations: 0, valid: 0, randomViolations: 0 };
    const out: string[] = [];
    for (const op of contract.operations) {
      if (!op.requestSchema) continue;
      const { packs: allPacks, boundaries: allBoundaries, violations: allViolations } = ctx.cases(op);
      // A packed body goes out with the boundary test of its operation, or the first test of a constraint it holds.
      const packs = allPacks.filter((p) => chosen.has(boundaryTestTitle(op)) || p.cases.some((c) => c.constraintId !== undefined && chosen.has(c.constraintId)));
      const boundaries = allBoundaries.filter((c) => c.constraintId !== undefined && chosen.has(c.constraintId));
      const violations = allViolations.filter((c) => c.constraintId !== undefined && chosen.has(c.constraintId));
      packs.forEach((p) => out.push(line(op, 'accept', `packed body ${allPacks.indexOf(p) + 1} of ${allPacks.length}`, p.description)));
      const left = allPacks.length - packs.length;
      if (packs.length && left) out.push(line(op, 'accept', '', `(${left} other packed ${left === 1 ? 'body holds' : 'bodies hold'} only values of tests not selected: not listed, not sent)`));
      for (const c of [...boundaries, ...violations]) out.push(line(op, c.expect, c.constraintId ?? '', c.description));
      const sendsValid = chosen.has(validBodiesTitle(op));
      const runs = sendsValid ? plan.validRuns(op) : 0;
      if (sendsValid) out.push(line(op, 'accept', '', `${runs} random valid bodies${runs < config.runs ? ` (not ${config.runs}: each makes a job, and the job budget goes to the checks first)` : ''}`));
      const constraints = catalogue.filter((c) => c.operationId === op.operationId && chosen.has(c.id)).length;
      if (config.violationRuns > 0 && constraints) out.push(line(op, 'reject', '', `up to ${config.violationRuns} random violating bodies for each of its ${constraints} constraints`));
      n.packs += packs.length;
      n.alone += boundaries.length;
      n.violations += violations.length;
      n.valid += runs;
      n.randomViolations += config.violationRuns * constraints;
    }
    const total = n.packs + n.alone + n.violations + n.valid;
    process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
    process.stdout.write(`${planLine(ctx, selection.shard)}\n`);
    return `${total} body requests listed (${n.packs} packed boundary bodies, ${n.alone} boundary cases alone, ${n.violations} violations, ${n.valid} random valid bodies${n.randomViolations ? `, up to ${n.randomViolations} random violations` : ''})`;
  });
  // The bodies are part of what goes out: the probes, the jobs to test on and the reads are counted
  // by running the plan, the selected tests only; a shard's, with its part of the job cap, as its
  // run shares the cap out (every shard of the selection rehearsed: src/suite/run/shards.ts).
  const started = Date.now();
  let r: { requests: number; jobs: number };
  let cap = '';
  if (selection.shard && selection.shard.total > 1) {
    const budget = await shardBudget(config, contract, catalogue, selection.matched.map((s) => s.title), selection.shard.total);
    const i = selection.shard.current - 1;
    r = { requests: budget.requests[i]!, jobs: budget.needs[i]! };
    if (config.maxJobs) cap = `; its part of DISPATCH_MAX_JOBS ${config.maxJobs}: ${budget.caps[i]} jobs (the ${selection.shard.total} shards need ${budget.needs.join(', ')})`;
  } else {
    r = await rehearse(config, contract, catalogue, selection.asked.length ? (step) => chosen.has(step.title) : undefined);
  }
  const ms = Date.now() - started;
  const which = selection.asked.length ? ` for the ${selection.steps.length} of ${selection.total} tests selected (${selection.asked.join(' ')})` : '';
  // A shard sends at its share of the rate limit (the shards run at once, against one limit).
  const parts = selection.shard && selection.shard.total > 1 ? selection.shard.total : 1;
  const rate = config.rateLimit / parts;
  const pace = !config.embedded && config.rateLimit > 0 && config.rateLimit < UNLIMITED_RATE ? `; at ${parts > 1 ? `its share of the rate limit, ${Math.round(rate * 10) / 10}` : config.rateLimit} requests/s, at least ${Math.ceil(r.requests / rate)} s` : '';
  process.stdout.write(
    `dry run: about ${r.requests} requests and ${r.jobs} jobs${which}${cap}, as the plan sent them to the embedded reference server in a rehearsal (${(ms / 1000).toFixed(1)} s; a target that conforms gets as many, one that takes what it should refuse more, up to DISPATCH_MAX_REQUESTS ${config.maxRequests}${config.maxJobs ? ` and DISPATCH_MAX_JOBS ${config.maxJobs}` : ''}; the preflight's few aside)${pace}; ${listed}; seed ${config.seed}; nothing was sent to the target\n`,
  );
  return 0;
}

/** The dry run's first line: where the run would go, as whom, with which ids, so a wrong .env is seen before anything is sent. */
export function targetLine(config: Config): string {
  const auth = (token: string | undefined, clientId: string | undefined, tokenVar: string) =>
    token ? `a static token (${tokenVar})` : clientId ? `client credentials ${clientId} at ${config.authUrl}` : 'no credentials';
  const target = config.embedded ? 'the embedded reference server (started by the run; not started now)' : config.baseUrl;
  const peer = config.peer
    ? `peer tenant "${config.peer.tenantId}" with ${auth(config.peer.accessToken, config.peer.clientId, 'DISPATCH_PEER_ACCESS_TOKEN')}`
    : 'no peer (the rows that need a second tenant are untested: no-peer)';
  return `Dry run of ${target}: tenant "${config.tenantId}" with ${config.embedded ? 'its own token' : auth(config.accessToken, config.clientId, 'DISPATCH_ACCESS_TOKEN')}; ${config.embedded ? 'its seeded peer' : peer}; job types ${config.jobTypeIds.join(', ')}; workflows ${config.jobWorkflowIds.join(', ')}`;
}
