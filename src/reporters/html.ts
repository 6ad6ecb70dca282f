/**
 * reports/conformance.html: one standalone file (inline CSS and a little inline JS, no external
 * asset, opens from file://) that a QA lead can forward. Rendered on the server side: everything
 * is readable without JavaScript; the script only adds the "only violations" filter and copy buttons.
 *
 * Every piece of text from the target or the tests goes through `esc` (bodies may hold `<script>`,
 * quotes, emoji, right-to-left text); user text sits in bidi-isolated elements so RTL strings do not
 * reorder the page around them.
 */
import type { ConformanceReport, Evidence, Exchange, Provenance, ResultRecord, Verdict } from '../results/model.ts';
import { COVERAGE_CRITERIA, CRITERION_LABEL, type CriterionCoverage } from '../results/coverage.ts';
import { actualOf, errorPlace, expiredEntryTexts, formatBody, formatDuration, formatLimit, formatPositions, knockOnsOf, shownProvenance, VERDICT_LABEL } from './format.ts';
import type { HarLinks } from './har.ts';
import { describeOverrides } from '../results/severity.ts';
import { faultLabel, type FaultLabel, type FaultResult } from '../results/fault-outcome.ts';

/** One profile's mutation run (a part of reports/mutation.json, as src/mutation/runner.ts writes it). */
export interface MutationProfile {
  /** The reference server's profile (`contract`, `os1`, `lenient`). */
  profile?: string;
  /** Detected among the faults that count: a fraction from 0 to 1 (the runner's Score). */
  score: number;
  detected: number;
  total: number;
  faults: (Pick<FaultResult, 'name' | 'detected'> & Partial<Pick<FaultResult, 'excuse' | 'caughtBy' | 'requests'>>)[];
  falseAlarms?: { id: string }[];
}

/** The optional mutation run summary (reports/mutation.json): one run per profile. */
export interface MutationSummary {
  profiles: MutationProfile[];
}

function asProfile(data: unknown): MutationProfile | undefined {
  const m = data as MutationProfile;
  if (!m || typeof m !== 'object' || typeof m.score !== 'number' || m.score < 0 || m.score > 1 || typeof m.detected !== 'number' || typeof m.total !== 'number' || !Array.isArray(m.faults)) return undefined;
  if (!m.faults.every((f) => f && typeof f.name === 'string' && typeof f.detected === 'boolean')) return undefined;
  return m;
}

/** Checks the shape of reports/mutation.json (one run per profile); undefined when it is not one. */
export function asMutationSummary(data: unknown): MutationSummary | undefined {
  const profiles = (data as { profiles?: unknown })?.profiles;
  if (!Array.isArray(profiles)) return undefined;
  const parsed = profiles.map(asProfile);
  return parsed.length > 0 && parsed.every((p) => p !== undefined) ? { profiles: parsed as MutationProfile[] } : undefined;
}

const SYMBOL: Record<Verdict, string> = { conforms: '✓', violated: '✗', deviation: '≈', 'baselined': '!', untested: '–', observation: '◉' };
const ORDER: Verdict[] = ['violated', 'baselined', 'deviation', 'conforms', 'observation', 'untested'];

/** The HTML text of a report; with `har`, each violation links to its entries in exchanges.har. */
export function renderHtml(report: ConformanceReport, mutation?: MutationSummary, har?: HarLinks): string {
  const failing = report.outcome.exitCode !== 0;
  const anchors = new Map(report.results.map((r, i) => [r.rowId, `r${i}`]));
  const body = [
    header(report, failing),
    counts(report),
    nav(report, mutation),
    verdictGuide(report, anchors),
    violations(report, anchors, har),
    assumedDeviations(report, anchors, har),
    matrix(report, anchors),
    deviations(report, anchors, har),
    observations(report, anchors),
    security(report, anchors),
    errors(report),
    untested(report, anchors),
    ruleOverrides(report, anchors),
    allResults(report, anchors),
    history(report, anchors),
    coverage(report),
    latency(report),
    mutation ? mutationSection(mutation) : '',
    metadata(report),
  ].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Dispatch conformance: ${report.outcome.headline}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function header(report: ConformanceReport, failing: boolean): string {
  const s = report.summary;
  const why = [
    s.violated > 0
      ? `${s.violated} documented or reference ${plural(s.violated, 'rule is', 'rules are')} violated`
      : s.baselined > 0
        ? `no new violation; ${s.baselined} ${plural(s.baselined, 'violation', 'violations')} accepted by the baseline (baselined)`
        : 'no documented or reference rule violated',
    s.errors > 0 ? `${s.errors} ${plural(s.errors, 'test', 'tests')} ended in an error (see Errors)` : '',
    s.deviations > 0 ? `${s.deviations} ${plural(s.deviations, 'deviation', 'deviations')} from assumed conventions (reported, not failing)` : '',
    report.strict ? 'strict mode: deviations from assumed conventions count as violations' : '',
    report.rules?.length ? `rule severities set by CONFORMANCE_RULES: ${describeOverrides(report.rules)}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  return `<header class="top">
  <div class="verdict ${failing ? 'fail' : 'pass'}" data-testid="verdict">${report.outcome.headline}</div>
  <div class="headline">
    <h1>Dispatch Jobs API conformance</h1>
    <p class="why">${esc(why)}</p>
    <p class="meta"><span class="u">${esc(report.target.baseUrl || '(no target)')}</span>${report.target.embedded ? ' <span class="tag">embedded reference server</span>' : ''} · ${esc(report.startedAt)} · ${esc(formatDuration(report.durationMs))} · seed <code>${esc(String(report.seed))}</code></p>
  </div>
</header>`;
}

function counts(report: ConformanceReport): string {
  const s = report.summary;
  const card = (key: string, label: string, value: number, cls = '', sub = '') =>
    `<div class="card ${cls}" data-count="${key}"><span class="n">${value}</span><span class="l">${esc(label)}</span>${sub ? `<span class="sub">${esc(sub)}</span>` : ''}</div>`;
  return `<section class="counts" aria-label="counts">
  ${card('violated', 'violated', s.violated, s.violated ? 'c-violated' : '')}
  ${card('deviations', 'deviations (assumed)', s.deviations, s.deviations ? 'c-deviation' : '')}
  ${card('conforms', 'conform', s.conforms, 'c-conforms')}
  ${card('baselined', 'baselined', s.baselined, s.baselined ? 'c-known' : '')}
  ${card('fixed', 'fixed (in the baseline)', s.fixed, s.fixed ? 'c-fixed' : '')}
  ${card('untested', 'untested', s.untested)}
  ${card('observations', 'observations', s.observations)}
  ${card('constraints', 'constraints', s.constraints)}
  ${card('rows', 'rows', s.rows, '', `${s.rows - s.constraints} checks and observations besides`)}
  ${card('requests', 'requests', s.requests)}
  ${card('errors', 'errors', s.errors, s.errors ? 'c-violated' : '')}
  ${card('retries', 'retries (429/503)', s.retries)}
  ${card('transportRetries', 'transport retries', s.transportRetries ?? 0, '', 'sent again after a dropped connection')}
</section>`;
}

function nav(report: ConformanceReport, mutation?: MutationSummary): string {
  const s = report.summary;
  const links = [
    ['violations', `Violations (${s.violated})`],
    ['assumed', `Deviations (${s.deviations})`],
    ['matrix', 'Matrix'],
    ['deviations', `Baseline (${s.baselined + s.fixed})`],
    ['observations', `Observations (${s.observations})`],
    ['security', 'Security'],
    ['errors', `Errors (${s.errors})`],
    ['untested', `Untested (${s.untested})`],
    ...(report.rules?.length ? [['rules', 'Rule severities']] : []),
    ['results', 'All results'],
    ...(report.history ? [['history', `Since last run (${report.history.changes.length})`]] : []),
    ...(report.coverage ? [['coverage', report.coverage.shortfalls.length ? `Coverage (${report.coverage.shortfalls.length} short)` : 'Coverage']] : []),
    ...(report.latency?.length ? [['latency', 'Response times']] : []),
    ...(mutation ? [['mutation', 'Mutation']] : []),
    ['run', 'Run'],
  ];
  return `<nav>${links.map(([id, label]) => `<a href="#${id}">${esc(label!)}</a>`).join('')}</nav>`;
}

function violations(report: ConformanceReport, anchors: Map<string, string>, links: HarLinks | undefined): string {
  const rows = report.results.filter((r) => r.verdict === 'violated');
  const items = rows.map((r) => rowCard(r, anchors, links, knockOnsOf(report.results, r.rowId))).join('\n');
  return `<section id="violations">
  <h2>Violations <span class="count">${rows.length}</span></h2>
  ${rows.length === 0 ? '<p class="empty">No documented, reference or security rule is violated (baselined ones excepted).</p>' : `<p>Rules the how-to page or OS1's API reference states, broken by the target: each fails the run.</p>${items}`}
</section>`;
}

/** A row with its documentation sentence and evidence: used for violations and baselined rows; `links` points into exchanges.har. */
/** `knockOn`: the rows this row's finding left unjudged (shown under it, not as violations of their own). */
function rowCard(r: ResultRecord, anchors: Map<string, string>, links: HarLinks | undefined, knockOn: string[] = []): string {
  const [first, ...rest] = r.evidence;
  const entries = links?.entriesOf.get(r.rowId) ?? [];
  const harLine = links
    ? `<p class="har" data-har-entries="${entries.join(' ')}">Exchanges in <a href="${esc(links.file)}">${esc(links.file)}</a>: ${entries.length ? `${entries.length} ${plural(entries.length, 'entry', 'entries')} served this row (${esc(entryRanges(entries))})` : 'no entry served this row'}</p>`
    : '';
  const more = rest.length
    ? `<details class="more"><summary>${rest.length} more ${plural(rest.length, 'case', 'cases')}</summary>${rest.map((e) => evidenceBlock(e, links)).join('')}</details>`
    : '';
  return `<article class="finding f-${r.verdict}" id="${anchors.get(r.rowId)}" data-verdict="${r.verdict}">
  <h3><span class="badge b-${r.verdict}">${esc(VERDICT_LABEL[r.verdict])}</span> <code class="id">${esc(r.rowId)}</code></h3>
  <p class="where">${provenanceChip(r)} ${fieldLine(r)}</p>
  ${r.source ? `<blockquote class="u" dir="auto">${esc(r.source)}</blockquote>` : ''}
  ${contestedNote(r)}
  ${r.baselineReason !== undefined ? `<p class="reason"><strong>Baseline reason:</strong> <span class="u">${esc(r.baselineReason)}</span></p>` : ''}
  ${first ? evidenceBlock(first, links) : '<p class="empty">No evidence was attached.</p>'}
  ${knockOn.length ? `<p class="knock-on" data-testid="knock-on"><strong>Knock-on:</strong> ${knockOn.length} ${plural(knockOn.length, 'row', 'rows')} not judged for this cause: ${knockOn.map((id) => `<code class="id">${esc(id)}</code>`).join(', ')}</p>` : ''}
  ${notesOf(r).length ? `<ul class="notes">${notesOf(r).map((x) => `<li class="u" data-reason="${esc(x.code)}">${esc(x.text)}</li>`).join('')}</ul>` : ''}
  ${more}
  ${harLine}
</article>`;
}

/** Where a rule comes from, as a small label. */
function provenanceChip(r: ResultRecord): string {
  const p = shownProvenance(r);
  return p ? `<span class="prov p-${p}" title="${esc(PROVENANCE_HELP[p])}">${esc(p)}${r.owasp ? ` ${esc(r.owasp)}` : ''}</span>` : '';
}

const PROVENANCE_HELP: Record<Provenance, string> = {
  documented: 'a sentence of the how-to page (How to: Manage Jobs)',
  reference: "stated by OS1's API reference or its platform pages",
  security: 'an access rule of a multi-tenant API, from the OWASP API Security Top 10 (2023): broken, it fails the run like a documented rule',
  assumed: "this project's pin where every page is silent: a target that differs deviates, it does not violate",
};

function contestedNote(r: ResultRecord): string {
  if (!r.contested?.length) return '';
  return `<p class="contested">The pages contradict each other here; where they disagree, either answer conforms: ${r.contested.map((c) => `<span class="u">${esc(c.source)}</span>`).join(' ')}</p>`;
}

function fieldLine(r: ResultRecord): string {
  const parts = [`operation <code>${esc(r.operationId || '-')}</code>`];
  if (r.path) parts.push(`field <code>${esc(r.path)}</code>`);
  if (r.keyword) parts.push(`keyword <code>${esc(r.keyword)}</code>`);
  if (r.limit !== undefined) parts.push(`limit <code>${esc(formatLimit(r.limit))}</code>`);
  parts.push(`${r.cases.accept + r.cases.reject} cases (${r.cases.accept} accept, ${r.cases.reject} reject), ${r.requests} requests`);
  const positions = formatPositions(r);
  if (positions) parts.push(`<span class="positions" data-testid="positions">${esc(positions)}</span>`);
  return parts.join(' · ');
}

function evidenceBlock(e: Evidence, links: HarLinks | undefined): string {
  const x = e.exchange;
  const out: string[] = ['<div class="evidence">'];
  out.push('<dl class="ea">');
  out.push(`<dt>Expected</dt><dd class="u">${esc(e.expected)}</dd>`);
  const actual = actualOf(e);
  if (actual) out.push(`<dt>Actual</dt><dd class="u actual">${esc(actual)}</dd>`);
  if (e.caseDescription) out.push(`<dt>Case</dt><dd class="u">${esc(e.caseDescription)}</dd>`);
  if (e.position !== undefined) out.push(`<dt>Position</dt><dd data-testid="position">${esc(e.position)}</dd>`);
  if (e.rule) out.push(`<dt>Finding</dt><dd><code>${esc(e.rule)}</code>${e.provenance ? ` <span class="prov p-${e.provenance}">${esc(e.provenance)}</span>` : ''}</dd>`);
  out.push('</dl>');
  // A state finding: the write that broke the rule first, then the read that showed it.
  for (const w of e.writes ?? []) out.push(exchangeBlock(w, 'Write that broke the rule', links));
  // "Minimal" only where fast-check shrank it (it carries its seed); a deterministic case is shown as sent.
  if (x) out.push(exchangeBlock(x, e.writes?.length ? 'Read that showed it' : e.seed !== undefined ? 'Minimal failing request (shrunk)' : 'Failing request', links));
  const replay = e.replay ?? (e.seed !== undefined ? `CONFORMANCE_SEED=${e.seed}${e.path ? ` (fast-check path ${e.path})` : ''}` : undefined);
  if (replay) out.push(`<div class="cmd"><h4>Replay <button type="button" class="copy">copy</button></h4><pre class="replay" tabindex="0">${esc(replay)}</pre></div>`);
  else if (e.seed !== undefined || e.path) out.push(`<p class="muted">seed ${esc(String(e.seed ?? '-'))} · path ${esc(e.path ?? '-')}</p>`);
  if (e.notes?.length) out.push(`<ul class="notes">${e.notes.map((n) => `<li class="u">${esc(n)}</li>`).join('')}</ul>`);
  out.push('</div>');
  return out.join('');
}

/** One exchange of the evidence: the request as sent, the answer, its request id (and HAR entry), its curl. */
function exchangeBlock(x: Exchange, heading: string, links: HarLinks | undefined): string {
  const out: string[] = [];
  const body = formatBody(x.requestBody);
  out.push(`<div class="ex"><h4>${esc(heading)}</h4><pre class="req" tabindex="0">${esc(`${x.method} ${x.url}`)}${body ? '\n\n' + esc(body) : ''}</pre></div>`);
  out.push(`<div class="ex"><h4>Response <span class="status s${Math.floor(x.status / 100)}">${esc(String(x.status))}</span>${x.durationMs !== undefined ? ` <span class="muted">${esc(formatDuration(x.durationMs))}</span>` : ''}</h4><pre class="res" tabindex="0">${esc(x.responseExcerpt)}</pre></div>`);
  const entry = links?.entryOf.get(x.requestId);
  out.push(`<p class="rid">X-COREOS-REQUEST-ID <code class="copyable">${esc(x.requestId)}</code>${entry !== undefined && links ? ` · <a class="har-entry" data-har-entry="${entry}" href="${esc(links.file)}">entry #${entry} of ${esc(links.file)}</a>` : ''}</p>`);
  out.push(`<div class="cmd"><h4>curl <button type="button" class="copy">copy</button></h4><pre class="curl" tabindex="0">${esc(x.curl)}</pre></div>`);
  return out.join('');
}

/** Operations as columns, `path · keyword` (or check name) as rows, a verdict in each cell. */
function matrix(report: ConformanceReport, anchors: Map<string, string>): string {
  const columns: string[] = [];
  for (const r of report.results) if (r.category !== 'observation' && !columns.includes(r.operationId || '(any)')) columns.push(r.operationId || '(any)');
  const groups: { title: string; rows: Map<string, Map<string, ResultRecord>> }[] = [
    { title: 'Documented constraints', rows: new Map() },
    { title: 'Checks', rows: new Map() },
  ];
  for (const r of report.results) {
    if (r.category === 'observation') continue;
    const group = r.category === 'constraint' ? groups[0]! : groups[1]!;
    const label = rowLabel(r);
    const row = group.rows.get(label) ?? new Map<string, ResultRecord>();
    const col = r.operationId || '(any)';
    const prev = row.get(col);
    // Two rows in one cell (unusual): show the worse verdict.
    if (!prev || ORDER.indexOf(r.verdict) < ORDER.indexOf(prev.verdict)) row.set(col, r);
    group.rows.set(label, row);
  }
  const head = `<tr><th class="rowh">field · keyword</th>${columns.map((c) => `<th class="col"><span>${esc(c)}</span></th>`).join('')}</tr>`;
  const body = groups
    .filter((g) => g.rows.size > 0)
    .map((g) => {
      const rows = [...g.rows.entries()].map(([label, cells]) => {
        const verdicts = [...cells.values()].map((r) => r.verdict);
        const tds = columns
          .map((c) => {
            const r = cells.get(c);
            if (!r) return '<td class="none"></td>';
            const title = `${r.rowId}: ${VERDICT_LABEL[r.verdict]}`;
            const link = hasCard(r) ? `#${anchors.get(r.rowId)}` : `#${anchors.get(r.rowId)}-row`;
            return `<td class="cell v-${r.verdict}" title="${esc(title)}"><a href="${link}" aria-label="${esc(title)}">${SYMBOL[r.verdict]}</a></td>`;
          })
          .join('');
        return `<tr data-violated="${verdicts.includes('violated') ? 'yes' : 'no'}"><th class="rowh"><span class="u">${esc(label)}</span></th>${tds}</tr>`;
      });
      return `<tr class="group"><th colspan="${columns.length + 1}">${esc(g.title)}</th></tr>\n${rows.join('\n')}`;
    })
    .join('\n');
  const legend = ORDER.map((v) => `<span class="lg"><span class="sw v-${v}">${SYMBOL[v]}</span>${esc(VERDICT_LABEL[v])}</span>`).join('');
  return `<section id="matrix">
  <h2>Operations × constraints</h2>
  <div class="controls">
    <label class="toggle"><input type="checkbox" id="only-violations"> Show only violations</label>
    <span class="legend">${legend}</span>
  </div>
  <div class="matrix-wrap" tabindex="0" role="region" aria-label="operations × constraints matrix"><table class="matrix">
  <thead>${head}</thead>
  <tbody>
${body}
  </tbody>
  </table></div>
</section>`;
}

function rowLabel(r: ResultRecord): string {
  if (r.category === 'constraint') {
    const kw = r.keyword === 'if' ? formatLimit(r.limit) : (r.keyword ?? '');
    return `${r.path ?? ''} · ${kw}`;
  }
  // `check:auth.createJob` is the `check:auth` row in the createJob column.
  const suffix = r.operationId ? `.${r.operationId}` : '';
  return suffix && r.rowId.endsWith(suffix) ? r.rowId.slice(0, -suffix.length) : r.rowId;
}

/** Violation, deviation and conformance side by side: what each means, with one row of each from this run. */
function verdictGuide(report: ConformanceReport, anchors: Map<string, string>): string {
  const example = (v: Verdict) => {
    const r = report.results.find((x) => x.verdict === v && x.category !== 'observation');
    if (!r) return '<p class="muted">none in this run</p>';
    const target = v === 'conforms' ? `${anchors.get(r.rowId)}-row` : anchors.get(r.rowId);
    return `<p><a href="#${target}"><code>${esc(r.rowId)}</code></a> ${provenanceChip(r)}</p><p class="muted u">${esc(actualOf(r.evidence[0]) || r.title)}</p>`;
  };
  const column = (v: Verdict, title: string, text: string, count: number) =>
    `<div class="guide g-${v}" data-guide="${v}"><h3><span class="badge b-${v}">${esc(title)}</span> <span class="count">${count}</span></h3><p>${text}</p>${example(v)}</div>`;
  const s = report.summary;
  return `<section id="verdicts" aria-label="how to read the verdicts">
  <h2>Violation, deviation, conformance</h2>
  <div class="guides">
  ${column('violated', 'violation', `A rule the how-to page (<em>documented</em>) or OS1's API reference (<em>reference</em>) states is broken. It fails the run${report.strict ? '' : ', unless the baseline accepts it'}.`, s.violated)}
  ${column('deviation', 'deviation', `The target differs from a convention this project <em>assumed</em> where every page is silent. Listed with its evidence, counted, and never failing the run${report.strict ? ', except in strict mode (this run)' : ' (unless run with <code>--strict</code>)'}.`, s.deviations)}
  ${column('conforms', 'conforms', 'Every case sent for the rule got the answer the pages give. Where the pages contradict each other, either reading conforms.', s.conforms)}
  </div>
</section>`;
}

function assumedDeviations(report: ConformanceReport, anchors: Map<string, string>, links: HarLinks | undefined): string {
  const rows = report.results.filter((r) => r.verdict === 'deviation');
  return `<section id="assumed">
  <h2>Deviations from assumed conventions <span class="count">${rows.length}</span></h2>
  ${rows.length === 0 ? '<p class="empty">The target follows every convention this project assumed.</p>' : `<p>Where every page is silent this project pinned a convention; the target does otherwise. Not a defect of the target: reported so a team can decide, never failing the run (<code>--strict</code> or <code>CONFORMANCE_STRICT=true</code> makes them violations).</p>${rows.map((r) => rowCard(r, anchors, links)).join('\n')}`}
</section>`;
}

function deviations(report: ConformanceReport, anchors: Map<string, string>, links: HarLinks | undefined): string {
  const known = report.results.filter((r) => r.verdict === 'baselined');
  const fixed = report.results.filter((r) => r.verdict === 'conforms' && r.baselineReason !== undefined);
  const fixedList = fixed.length
    ? `<div class="fixed" data-testid="fixed-deviations"><h3>Fixed: baselined, and conforming now <span class="count">${fixed.length}</span></h3><p>These are in the baseline but now conform: remove them from it (or run <code>npm run baseline</code>).</p><ul>${fixed
        .map((r) => `<li><code>${esc(r.rowId)}</code> <span class="muted u">(baseline reason: ${esc(r.baselineReason ?? '')})</span></li>`)
        .join('')}</ul></div>`
    : '';
  const expired = expiredEntryTexts(report);
  const expiredList = expired.length
    ? `<div class="expired" data-testid="expired-baseline"><h3>Expired baseline entries <span class="count">${expired.length}</span></h3><p>Past their <code>expires</code> date: they excuse nothing until a person gives them a new one (or removes them).</p><ul>${expired.map((t) => `<li class="u">${esc(t)}</li>`).join('')}</ul></div>`
    : '';
  return `<section id="deviations">
  <h2>Baselined <span class="count">${known.length}</span></h2>
  ${known.length === 0 ? '<p class="empty">Nothing baselined (no baseline, or nothing in it is still violated).</p>' : `<p>Violations accepted by the baseline: reported, but they do not fail the run.</p>${known.map((r) => rowCard(r, anchors, links)).join('\n')}`}
  ${expiredList}
  ${fixedList}
</section>`;
}

function observations(report: ConformanceReport, anchors: Map<string, string>): string {
  const rows = report.results.filter((r) => r.verdict === 'observation');
  const tr = rows
    .map((r) => {
      const what = r.evidence.map((e) => {
        const x = e.exchange;
        const parts = [actualOf(e), e.caseDescription ? `(${e.caseDescription})` : '', x ? `${x.method} ${x.url} → ${x.status}` : '', ...(e.notes ?? [])].filter(Boolean);
        return `<div class="u">${esc(parts.join(' '))}</div>${x ? `<div class="muted">request id <code>${esc(x.requestId)}</code></div>` : ''}`;
      });
      return `<tr id="${anchors.get(r.rowId)}"><td><code>${esc(r.rowId)}</code><div class="u">${esc(r.title)}</div></td><td><code>${esc(r.operationId || '-')}</code></td><td>${what.join('') || '<span class="muted">no detail</span>'}</td></tr>`;
    })
    .join('\n');
  return `<section id="observations">
  <h2>Observations <span class="count">${rows.length}</span></h2>
  <p>Where the documentation is silent: not constraints, never a violation either way. What the target did:</p>
  ${rows.length === 0 ? '<p class="empty">No observation.</p>' : `<table class="list"><thead><tr><th>Observation</th><th>Operation</th><th>What the target did</th></tr></thead><tbody>${tr}</tbody></table>`}
</section>`;
}

/** A row's reasons (what a probe tried is listed apart, in the Security section). */
function notesOf(r: ResultRecord): NonNullable<ResultRecord['reasons']> {
  return r.reasons ?? [];
}

/**
 * The access rules (rows with an OWASP item): per row (an operation, or the tenant binding), its
 * verdict and what was tried, by identity or token, with the status each got.
 */
function security(report: ConformanceReport, anchors: Map<string, string>): string {
  const rows = report.results.filter((r) => r.owasp !== undefined);
  const tr = rows
    .map((r) => {
      const tried = (r.attempts ?? []).map((x) => `<li class="u" data-as="${esc(x.as)}" data-status="${x.status}">${esc(x.what)}: ${x.status}</li>`);
      const other = notesOf(r).map((x) => `<li class="u muted">${esc(x.text)}</li>`);
      const a = anchors.get(r.rowId);
      const id = hasCard(r) ? `<a href="#${a}"><code>${esc(r.rowId)}</code></a>` : `<code>${esc(r.rowId)}</code>`;
      return `<tr data-verdict="${r.verdict}"><td><span class="badge b-${r.verdict}">${esc(VERDICT_LABEL[r.verdict])}</span></td><td>${id}<div class="muted u">${esc(r.title)}</div></td><td>${provenanceChip(r)}</td><td><ul class="tried">${[...tried, ...other].join('') || '<li class="muted">nothing sent</li>'}</ul></td></tr>`;
    })
    .join('\n');
  return `<section id="security">
  <h2>Security <span class="count">${rows.length}</span></h2>
  <p>The access rules of a multi-tenant API (OWASP API Security Top 10, 2023): what was tried on each operation, as which identity or with which token, and what the target answered. A refusal is 401, 403 or 404; a token that is not valid gets 401; a body never sets what the server owns.</p>
  ${rows.length === 0 ? '<p class="empty">No security row in this run.</p>' : `<table class="list"><thead><tr><th>Verdict</th><th>Row</th><th>Rule</th><th>Tried (identity or token: status)</th></tr></thead><tbody>${tr}</tbody></table>`}
</section>`;
}

function errors(report: ConformanceReport): string {
  return `<section id="errors">
  <h2>Errors <span class="count">${report.errors.length}</span></h2>
  ${report.errors.length === 0 ? '<p class="empty">No test ended in an error.</p>' : `<p>Tests that ended in an error, not a verdict (a case that could not be judged, an unreachable target, a crash, a timeout): their rows may show as untested, each with its reason.</p><ul class="errors">${report.errors.map((e) => `<li><strong class="u">${esc(errorPlace(e))}</strong><pre tabindex="0">${esc(e.message)}</pre></li>`).join('')}</ul>`}
</section>`;
}

/** The rows nothing judged, grouped by why (the reason code of each), so that a gap is seen and not read as a pass. */
function untested(report: ConformanceReport, anchors: Map<string, string>): string {
  const rows = report.results.filter((r) => r.verdict === 'untested');
  const groups = new Map<string, ResultRecord[]>();
  for (const r of rows) {
    const code = r.reasons?.[0]?.code ?? 'not-reached';
    groups.set(code, [...(groups.get(code) ?? []), r]);
  }
  const sections = [...groups.entries()]
    .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))
    .map(([code, of]) => {
      const items = of.map((r) => `<li><a href="#${anchors.get(r.rowId)}-row"><code>${esc(r.rowId)}</code></a> <span class="muted u">${esc(r.reasons?.[0]?.text ?? '')}</span></li>`).join('');
      return `<details data-reason="${esc(code)}"><summary><code>${esc(code)}</code> <span class="count">${of.length}</span></summary><ul class="untested">${items}</ul></details>`;
    })
    .join('\n');
  return `<section id="untested">
  <h2>Untested <span class="count">${rows.length}</span></h2>
  ${rows.length === 0 ? '<p class="empty">Every row was judged.</p>' : `<p>Rows this run did not judge: neither a pass nor a failure. Grouped by why; each says what would judge it.</p>${sections}`}
</section>`;
}

/** The team's rule severities (CONFORMANCE_RULES), each with the rows it decided. */
function ruleOverrides(report: ConformanceReport, anchors: Map<string, string>): string {
  if (!report.rules?.length) return '';
  const shown: Record<string, string> = { off: 'off: not judged', advisory: 'advisory: a deviation, never failing', failing: 'failing: a violation' };
  const tr = report.rules
    .map((o) => `<tr data-severity="${esc(o.severity)}"><td><code>${esc(o.key)}</code></td><td>${esc(shown[o.severity] ?? o.severity)}</td><td>${o.rows.map((id) => `<a href="#${anchors.get(id)}-row"><code>${esc(id)}</code></a>`).join(' ') || '<span class="muted">no row of this run</span>'}</td></tr>`)
    .join('\n');
  return `<section id="rules">
  <h2>Rule severities <span class="count">${report.rules.length}</span></h2>
  <p>Set by the team (<code>CONFORMANCE_RULES</code>); they win over each rule's provenance and over strict mode.</p>
  <table class="list"><thead><tr><th>Key</th><th>Severity</th><th>Rows it decided</th></tr></thead><tbody>${tr}</tbody></table>
</section>`;
}

function allResults(report: ConformanceReport, anchors: Map<string, string>): string {
  const changes = new Map((report.history?.changes ?? []).map((c) => [c.rowId, c.change]));
  const rows = report.results
    .map((r) => {
      const a = anchors.get(r.rowId)!;
      const id = hasCard(r) || r.verdict === 'observation' ? `<a href="#${a}"><code>${esc(r.rowId)}</code></a>` : `<code>${esc(r.rowId)}</code>`;
      const notes = notesOf(r).map((x) => x.text).slice(0, 2);
      const positions = formatPositions(r);
      const change = changes.get(r.rowId);
      return `<tr id="${a}-row" data-verdict="${r.verdict}"><td><span class="badge b-${r.verdict}">${esc(VERDICT_LABEL[r.verdict])}</span>${change ? ` <span class="tag" data-change="${change}">${change}</span>` : ''}</td><td>${id}<div class="muted u">${esc(r.title)}</div>${positions ? `<div class="muted positions">${esc(positions)}</div>` : ''}${notes.map((n) => `<div class="muted u note">${esc(n)}</div>`).join('')}</td><td>${provenanceChip(r)}${r.contested?.length ? ' <span class="prov p-contested" title="the pages contradict each other here">contested</span>' : ''}</td><td class="num">${r.cases.accept}</td><td class="num">${r.cases.reject}</td><td class="num">${r.requests}</td></tr>`;
    })
    .join('\n');
  return `<section id="results">
  <h2>All results <span class="count">${report.results.length}</span></h2>
  <details><summary>Show every row</summary>
  <table class="list results"><thead><tr><th>Verdict</th><th>Constraint or check</th><th>Provenance</th><th class="num">accept cases</th><th class="num">reject cases</th><th class="num">requests</th></tr></thead><tbody>
${rows}
  </tbody></table>
  </details>
</section>`;
}

function mutationSection(m: MutationSummary): string {
  return `<section id="mutation">
  <h2>Mutation <span class="count">${m.profiles.map((p) => esc(scoreOf(p))).join(' · ')}</span></h2>
  ${m.profiles.map(mutationProfile).join('\n')}
</section>`;
}

function scoreOf(p: MutationProfile): string {
  const score = `${Math.round(p.score * 1000) / 10}%`;
  return p.profile ? `${p.profile} ${score}` : score;
}

function mutationProfile(p: MutationProfile): string {
  // The runner's score (src/results/fault-outcome.ts scoreOf): an excused fault is not in it.
  const countable = p.total;
  const detected = p.detected;
  const shown: Record<FaultLabel, string> = { detected: '✓ detected', equivalent: '– equivalent', untestable: '– untestable', contested: '– contested', missed: '✗ missed' };
  const rows = p.faults
    .map((f) => {
      const by = (f.caughtBy ?? []).join(', ');
      // An equivalent, untestable or contested fault is not a miss: no request could reveal it; say why.
      const excused = f.detected ? undefined : f.excuse?.text;
      const cls = f.detected ? 'ok' : excused ? 'u' : 'bad';
      return `<tr><td><code>${esc(f.name)}</code></td><td class="${cls}">${shown[faultLabel(f)]}</td><td class="u">${esc(f.detected ? by : (excused ?? ''))}</td><td class="num">${f.detected ? (f.requests ?? '') : ''}</td></tr>`;
    })
    .join('');
  const alarms = p.falseAlarms ? ` False alarms on the unfaulted server: ${p.falseAlarms.length}.` : '';
  const title = p.profile ? `<h3>Profile <code>${esc(p.profile)}</code>: ${esc(scoreOf(p).replace(`${p.profile} `, ''))}</h3>` : '';
  return `<div class="mutation-profile" data-profile="${esc(p.profile ?? '')}">${title}
  <p>The suite ran against the reference server with one fault injected at a time: ${detected} of ${countable} detectable faults detected (${p.faults.length - countable} no request can reveal, listed with the reason).${alarms}</p>
  <details${p.profile && p.profile !== 'contract' ? '' : ' open'}><summary>${p.faults.length} faults</summary>
  <table class="list"><thead><tr><th>Fault</th><th>Result</th><th>Caught by</th><th class="num">requests</th></tr></thead><tbody>${rows}</tbody></table>
  </details>
</div>`;
}

/** What changed since the last run against the same target, and the trend of the last runs. */
function history(report: ConformanceReport, anchors: Map<string, string>): string {
  const h = report.history;
  if (!h) return '';
  const WORDS: Record<string, string> = { new: 'New: violated or deviating now, not in the last run', fixed: 'Fixed: violated or deviating in the last run, conforming now', flaky: 'Flaky: at the same seed and target the verdict changed and came back' };
  const lists = (['new', 'fixed', 'flaky'] as const)
    .map((c) => {
      const of = h.changes.filter((x) => x.change === c);
      if (!of.length) return '';
      return `<h3>${esc(WORDS[c]!)} <span class="count">${of.length}</span></h3><ul data-change="${c}">${of.map((x) => `<li><a href="#${anchors.get(x.rowId)}-row"><code>${esc(x.rowId)}</code></a> <span class="muted">${x.was ? `${esc(x.was)} → ` : ''}${esc(x.now)}</span></li>`).join('')}</ul>`;
    })
    .join('');
  const since = h.previous ? `Compared with the last run against this target, ${esc(h.previous.startedAt)} (seed <code>${esc(String(h.previous.seed))}</code>).` : 'The first run against this target in the history file.';
  return `<section id="history">
  <h2>Since the last run</h2>
  <p>${since} History: <code class="u">${esc(h.file)}</code>.${h.unwritten ? ` <strong>${esc(h.unwritten)}</strong>` : ''}</p>
  ${lists || '<p class="empty">Nothing changed.</p>'}
  ${trendSvg(h.trend)}
</section>`;
}

/** The violations, deviations and untested rows of the last runs, as an inline SVG (no external assets). */
function trendSvg(trend: NonNullable<ConformanceReport['history']>['trend']): string {
  const W = 640;
  const H = 160;
  const pad = 28;
  const series = [
    { key: 'violated', label: 'violated', colour: '#c0262d' },
    { key: 'deviations', label: 'deviations', colour: '#9a6700' },
    { key: 'untested', label: 'untested', colour: '#475467' },
  ] as const;
  const max = Math.max(1, ...trend.flatMap((t) => series.map((s) => t[s.key])));
  const x = (i: number) => pad + (trend.length === 1 ? (W - 2 * pad) / 2 : (i * (W - 2 * pad)) / (trend.length - 1));
  const y = (v: number) => H - pad - (v * (H - 2 * pad)) / max;
  const lines = series
    .map((s) => {
      const pts = trend.map((t, i) => `${x(i).toFixed(1)},${y(t[s.key]).toFixed(1)}`).join(' ');
      const dots = trend.map((t, i) => `<circle cx="${x(i).toFixed(1)}" cy="${y(t[s.key]).toFixed(1)}" r="3" fill="${s.colour}"><title>${esc(`${t.startedAt}: ${t[s.key]} ${s.label}`)}</title></circle>`).join('');
      return `<polyline data-series="${s.key}" fill="none" stroke="${s.colour}" stroke-width="2" points="${pts}"/>${dots}`;
    })
    .join('');
  const legend = series.map((s, i) => `<text x="${pad + i * 110}" y="14" font-size="12" fill="${s.colour}">■ ${s.label}</text>`).join('');
  return `<figure><svg data-testid="trend" role="img" aria-label="violations, deviations and untested rows over the last ${trend.length} runs" viewBox="0 0 ${W} ${H}" width="100%" style="max-width:${W}px">${legend}<line x1="${pad}" y1="${H - pad}" x2="${W - pad}" y2="${H - pad}" stroke="#e3e7ee"/><text x="4" y="${y(max) + 4}" font-size="11" fill="#667085">${max}</text><text x="4" y="${H - pad + 4}" font-size="11" fill="#667085">0</text>${lines}</svg><figcaption class="muted">The last ${trend.length} ${trend.length === 1 ? 'run' : 'runs'} against this target, oldest first.</figcaption></figure>`;
}

/** What the run covered, per criterion and per operation, with the thresholds it fell short of. */
function coverage(report: ConformanceReport): string {
  const c = report.coverage;
  if (!c) return '';
  const totals = c.totals
    .map((t) => {
      const short = c.shortfalls.some((x) => x.criterion === t.criterion);
      return `<tr${short ? ' class="short"' : ''}><td>${esc(t.criterion)}</td><td>${esc(CRITERION_LABEL[t.criterion])}</td><td class="n">${t.covered}/${t.total}</td><td class="n">${t.percent}%</td><td class="n">${t.min !== undefined ? `${t.min}%` : '<span class="muted">none</span>'}</td><td>${t.min === undefined ? '' : short ? '<strong>below</strong>' : 'met'}</td></tr>`;
    })
    .join('');
  const cell = (x: CriterionCoverage) => {
    const n = x.covered.length + x.missing.length;
    if (n === 0 && !x.undocumented?.length) return '<td class="muted">n/a</td>';
    const missing = x.missing.length ? `<div class="muted u">not: ${esc(x.missing.join(', '))}</div>` : '';
    const extra = x.undocumented?.length ? `<div class="muted u">also (undocumented): ${esc(x.undocumented.join(', '))}</div>` : '';
    return `<td${x.missing.length ? ' class="gap"' : ''}>${x.covered.length}/${n}${missing}${extra}</td>`;
  };
  const ops = c.operations.map((o) => `<tr><td><code>${esc(o.operationId)}</code><div class="muted u">${esc(o.method)} ${esc(o.path)}</div></td>${COVERAGE_CRITERIA.map((k) => cell(o.criteria[k])).join('')}</tr>`).join('');
  return `<section id="coverage">
  <h2>Coverage</h2>
  <p>What the run exercised of what the spec documents (the criteria of Martin-Lopez et al., <em>Test Coverage Criteria for RESTful Web APIs</em>, 2019). 200 and 202 are one item: the pages disagree, a target answers one. <code>CONFORMANCE_MIN_COVERAGE</code> sets the percentages a run must reach.</p>
  <table data-testid="coverage-totals"><thead><tr><th>Criterion</th><th>What it counts</th><th>Covered</th><th>%</th><th>Threshold</th><th></th></tr></thead><tbody>${totals}</tbody></table>
  <div class="matrix-wrap" tabindex="0" role="region" aria-label="coverage per operation"><table data-testid="coverage"><thead><tr><th>Operation</th>${COVERAGE_CRITERIA.map((k) => `<th>${esc(k)}</th>`).join('')}</tr></thead><tbody>${ops}</tbody></table></div>
</section>`;
}

/** Response times per operation, from the exchanges the run sent. */
function latency(report: ConformanceReport): string {
  if (!report.latency?.length) return '';
  const rows = report.latency.map((l) => `<tr><td><code>${esc(l.operationId)}</code></td><td class="n">${l.requests}</td><td class="n">${l.p50Ms}</td><td class="n">${l.p95Ms}</td><td class="n">${l.maxMs}</td></tr>`).join('');
  return `<section id="latency">
  <h2>Response times</h2>
  <p>Per operation, over the requests it answered: milliseconds from the request's start to the answer's last byte, on the suite's machine. <code>DISPATCH_MAX_RESPONSE_MS</code> makes slower answers deviations of <code>check:response-time</code>.</p>
  <table data-testid="latency"><thead><tr><th>Operation</th><th>Requests answered</th><th>p50 ms</th><th>p95 ms</th><th>max ms</th></tr></thead><tbody>${rows}</tbody></table>
</section>`;
}

function metadata(report: ConformanceReport): string {
  const s = report.summary;
  const item = (k: string, v: string) => `<dt>${esc(k)}</dt><dd class="u">${v}</dd>`;
  return `<footer id="run">
  <h2>Run</h2>
  <dl class="meta-list">
    ${item('tool', esc(report.tool))}
    ${item('target', esc(report.target.baseUrl || '(none)') + (report.target.embedded ? ' (embedded reference server)' : ''))}
    ${item('started', esc(report.startedAt))}
    ${item('duration', esc(formatDuration(report.durationMs)))}
    ${item('seed', `<code>${esc(String(report.seed))}</code>`)}
    ${item('runs per operation', esc(String(report.runs)))}
    ${item('requests', esc(String(s.requests)))}
    ${item('retries (429/503)', esc(String(s.retries)))}
    ${item('transport retries', esc(String(s.transportRetries ?? 0)))}
    ${item('jobs created', esc(String(report.createdJobs.length)))}
  </dl>
  ${createdJobs(report)}
  <p class="muted">Secrets (access tokens, client secrets, credential headers) are masked as <code>***</code>. Replay a failure with its seed: <code>CONFORMANCE_SEED=${esc(String(report.seed))} npm run conformance</code>.</p>
</footer>`;
}

/** The jobs the run created on the target, for whoever cleans up after a run on staging, and what --complete-created did. */
function createdJobs(report: ConformanceReport): string {
  if (report.completed) {
    const done = report.completed.filter((c) => c.after === 'COMPLETED').length;
    const rows = report.completed.map((c) => `<tr><td><code>${esc(c.jobId || '-')}</code></td><td><code>${esc(c.jobRef)}</code></td><td>${esc(c.before)}</td><td>${esc(c.action)}</td><td class="${c.after === 'COMPLETED' ? 'ok' : 'bad'}">${esc(c.after)}</td></tr>`).join('');
    return `<details id="created-jobs" open><summary>${report.completed.length} ${plural(report.completed.length, 'job', 'jobs')} created on the target; --complete-created left ${done} COMPLETED</summary>
  <table class="list"><thead><tr><th>jobId</th><th>jobRef</th><th>before</th><th>done</th><th>read back</th></tr></thead><tbody>${rows}</tbody></table></details>`;
  }
  if (report.createdJobs.length === 0) return '';
  const rows = report.createdJobs.map((j) => `<tr><td><code>${esc(j.jobId)}</code></td><td><code>${esc(j.jobRef)}</code></td></tr>`).join('');
  return `<details id="created-jobs"><summary>${report.createdJobs.length} ${plural(report.createdJobs.length, 'job', 'jobs')} created on the target (for cleanup)</summary>
  <table class="list"><thead><tr><th>jobId</th><th>jobRef</th></tr></thead><tbody>${rows}</tbody></table></details>`;
}

/** Rows shown as a card with their evidence: violations, deviations and baselined rows. */
function hasCard(r: ResultRecord): boolean {
  return r.verdict === 'violated' || r.verdict === 'deviation' || r.verdict === 'baselined';
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

/** Escapes text for HTML content and attribute values. */
export function esc(s: string): string {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const CSS = `
:root{--violet:#6e3fb0;--violet-bg:#f2ecfb;--fg:#1d2330;--muted:#58606f;--line:#e3e7ee;--bg:#f6f7f9;--card:#fff;--red:#c0262d;--red-bg:#fdecec;--green:#157030;--green-bg:#e6f4ea;--amber:#8a5c00;--amber-bg:#fff4d6;--blue:#1f5fbf;--blue-bg:#e8f0fc;--grey-bg:#eef0f3}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif}
main{max-width:1180px;margin:0 auto;padding:24px}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:12.5px}
h1{font-size:22px;margin:0}
h2{font-size:18px;margin:0 0 12px;display:flex;align-items:center;gap:8px}
h3{font-size:15px;margin:0 0 6px}
h4{font-size:12px;margin:10px 0 4px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);display:flex;align-items:center;gap:8px}
section,footer{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:16px 0}
.u{unicode-bidi:isolate}
.muted{color:var(--muted)}
.empty{color:var(--muted);font-style:italic}
.count{font-size:12px;font-weight:600;background:var(--grey-bg);border-radius:10px;padding:1px 8px}
.top{display:flex;gap:20px;align-items:center;margin-bottom:8px}
.verdict{font-size:40px;font-weight:800;letter-spacing:.06em;color:#fff;border-radius:12px;padding:14px 26px;min-width:150px;text-align:center}
.verdict.fail{background:var(--red)}
.verdict.pass{background:var(--green)}
.why{font-size:16px;margin:4px 0}
.meta{margin:0;color:var(--muted);overflow-wrap:anywhere}
.tag{background:var(--blue-bg);color:var(--blue);border-radius:4px;padding:0 6px;font-size:12px}
.counts{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px;background:none;border:0;padding:0}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 14px;display:flex;flex-direction:column}
.card .n{font-size:24px;font-weight:700}
.card .l{color:var(--muted);font-size:12px}
.card .sub{color:var(--muted);font-size:11px}
.c-violated{border-color:var(--red);background:var(--red-bg)} .c-violated .n{color:var(--red)}
.c-conforms .n{color:var(--green)}
.c-deviation{border-color:#b08bd9;background:var(--violet-bg)} .c-deviation .n{color:var(--violet)}
.c-known{border-color:#e0b54a;background:var(--amber-bg)} .c-known .n{color:var(--amber)}
.c-fixed{border-color:var(--blue);background:var(--blue-bg)} .c-fixed .n{color:var(--blue)}
nav{display:flex;flex-wrap:wrap;gap:6px;margin:12px 0}
nav a{color:var(--blue);text-decoration:none;background:var(--card);border:1px solid var(--line);border-radius:16px;padding:3px 12px}
nav a:hover{border-color:var(--blue)}
.finding{border:1px solid var(--line);border-left:4px solid var(--red);border-radius:8px;padding:12px 16px;margin:12px 0}
.finding.f-baselined{border-left-color:#e0b54a}
.finding.f-deviation{border-left-color:#b08bd9}
.prov{font-size:10.5px;font-weight:700;text-transform:uppercase;letter-spacing:.03em;border-radius:4px;padding:0 5px;border:1px solid var(--line);background:var(--card);white-space:nowrap}
.p-documented{color:var(--green);border-color:#9fd3ad} .p-reference{color:var(--blue);border-color:#a9c3ee} .p-assumed{color:var(--violet);border-color:#c9b2ea} .p-security{color:var(--red,#b3261e);border-color:#e8a9a4} ul.tried{margin:0;padding-left:1.1em;font-size:.9em} .p-contested{color:var(--amber);border-color:#e0c47a}
.contested{margin:6px 0;padding:6px 10px;border-radius:6px;background:var(--amber-bg);font-size:13px}
.guides{display:grid;grid-template-columns:repeat(3,1fr);gap:12px}
.guide{border:1px solid var(--line);border-top:4px solid var(--line);border-radius:8px;padding:10px 12px}
.guide p{margin:6px 0}
.g-violated{border-top-color:var(--red)} .g-deviation{border-top-color:#b08bd9} .g-conforms{border-top-color:var(--green)}
.note{font-size:12px}
.where{margin:0 0 6px;color:var(--muted)}
blockquote{margin:8px 0;padding:6px 12px;border-left:3px solid var(--line);background:#fafbfc;color:#344054}
.badge{font-size:11px;font-weight:700;text-transform:uppercase;border-radius:4px;padding:1px 6px;vertical-align:middle;white-space:nowrap}
.b-violated{background:var(--red-bg);color:var(--red)}
.b-conforms{background:var(--green-bg);color:var(--green)}
.b-baselined{background:var(--amber-bg);color:var(--amber)}
.b-deviation{background:var(--violet-bg);color:var(--violet)}
.b-observation{background:var(--blue-bg);color:var(--blue)}
.b-untested{background:var(--grey-bg);color:var(--muted)}
.id{font-size:13.5px;overflow-wrap:anywhere}
.evidence{display:grid;grid-template-columns:1fr 1fr;gap:0 16px}
.evidence>.ea,.evidence>.rid,.evidence>.cmd,.evidence>.notes,.evidence>p{grid-column:1/-1}
.ea{display:grid;grid-template-columns:90px 1fr;gap:2px 10px;margin:6px 0}
.ea dt{color:var(--muted)} .ea dd{margin:0}
.actual{color:var(--red);font-weight:600}
pre{margin:0;background:#f3f4f7;border:1px solid var(--line);border-radius:6px;padding:8px 10px;white-space:pre-wrap;overflow-wrap:anywhere;max-height:260px;overflow:auto;unicode-bidi:plaintext}
.status{font-size:12px;border-radius:4px;padding:0 6px;color:#fff;background:var(--muted);text-transform:none}
.status.s2{background:var(--green)} .status.s4{background:var(--amber)} .status.s5{background:var(--red)}
.rid{margin:8px 0 0}
button.copy{font:inherit;font-size:11px;text-transform:none;letter-spacing:0;border:1px solid var(--line);background:var(--card);border-radius:4px;padding:0 8px;cursor:pointer}
.controls{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:10px;margin-bottom:10px}
.toggle{font-weight:600;cursor:pointer;user-select:none}
.legend{display:flex;flex-wrap:wrap;gap:12px;color:var(--muted);font-size:12px}
.lg{display:inline-flex;align-items:center;gap:4px}
.sw{display:inline-block;width:18px;height:18px;border-radius:4px;text-align:center;line-height:18px;font-size:12px}
.matrix-wrap{overflow-x:auto;border:1px solid var(--line);border-radius:6px}
table{border-collapse:collapse;width:100%}
td.n{text-align:right;font-variant-numeric:tabular-nums}
#coverage td,#coverage th{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
#coverage tr.short td{background:var(--red-bg)}
.matrix th,.matrix td{border-bottom:1px solid var(--line)}
.matrix thead th{background:var(--card);vertical-align:bottom}
.matrix th.col{padding:6px 2px;font-weight:600;font-size:12px}
.matrix th.col span{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;display:inline-block}
.matrix th.rowh{text-align:left;font-weight:normal;font-family:ui-monospace,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:12px;padding:3px 10px;white-space:nowrap}
.matrix tr.group th{background:var(--bg);text-align:left;font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);padding:6px 10px}
.matrix td{text-align:center;padding:2px;width:52px}
.matrix td a{display:block;text-decoration:none;color:inherit;border-radius:4px;line-height:22px;font-weight:700}
.v-conforms{background:var(--green-bg);color:var(--green)}
.v-violated{background:var(--red-bg);color:var(--red)}
.v-baselined{background:var(--amber-bg);color:var(--amber)}
.v-deviation{background:var(--violet-bg);color:var(--violet)}
.v-observation{background:var(--blue-bg);color:var(--blue)}
.v-untested{background:var(--grey-bg);color:#98a2b3}
.matrix td.cell{background:none} .matrix td.cell a{margin:0 auto;width:40px}
.matrix td.v-conforms a{background:var(--green-bg)} .matrix td.v-violated a{background:var(--red);color:#fff} .matrix td.v-baselined a{background:var(--amber-bg)} .matrix td.v-deviation a{background:var(--violet-bg)} .matrix td.v-observation a{background:var(--blue-bg)} .matrix td.v-untested a{background:var(--grey-bg)}
.matrix tbody tr:hover{background:#fafbfc}
body.only-violations .matrix tbody tr[data-violated="no"],body.only-violations .matrix tr.group,body.only-violations .results tbody tr:not([data-verdict="violated"]){display:none}
.list th,.list td{text-align:left;border-bottom:1px solid var(--line);padding:6px 8px;vertical-align:top}
.list thead th{font-size:12px;color:var(--muted);font-weight:600}
.num{text-align:right!important;font-variant-numeric:tabular-nums}
.ok{color:var(--green);font-weight:600} .bad{color:var(--red);font-weight:600}
.errors pre{margin:4px 0 10px}
.fixed{margin-top:14px;padding:10px 14px;border:1px solid var(--blue);background:var(--blue-bg);border-radius:8px}
.meta-list{display:grid;grid-template-columns:180px 1fr;gap:4px 12px} .meta-list dt{color:var(--muted)} .meta-list dd{margin:0;overflow-wrap:anywhere}
details>summary{cursor:pointer;color:var(--blue)}
@media (max-width:760px){.evidence,.guides{grid-template-columns:1fr}.top{flex-direction:column;align-items:flex-start}}
@media print{nav,.controls,button.copy{display:none}section,footer{break-inside:avoid-page}}
`;

/** The only-violations filter and the copy buttons; nothing else needs JavaScript. */
const SCRIPT = `
(function(){
  var box=document.getElementById('only-violations');
  if(box){box.addEventListener('change',function(){document.body.classList.toggle('only-violations',box.checked);if(box.checked){var d=document.querySelector('#results details');if(d)d.open=true;}});}
  document.querySelectorAll('button.copy').forEach(function(b){b.addEventListener('click',function(){
    var pre=b.parentElement&&b.parentElement.nextElementSibling;if(!pre)return;var text=pre.textContent||'';
    var done=function(){b.textContent='copied';setTimeout(function(){b.textContent='copy';},1500);};
    if(navigator.clipboard&&navigator.clipboard.writeText){navigator.clipboard.writeText(text).then(done,function(){select(pre);});}else{select(pre);}
  });});
  function reveal(){var id=location.hash.slice(1);var el=id&&document.getElementById(id);if(!el)return;for(var p=el.parentElement;p;p=p.parentElement){if(p.tagName==='DETAILS')p.open=true;}el.scrollIntoView();}
  window.addEventListener('hashchange',reveal);reveal();
  function select(el){var r=document.createRange();r.selectNodeContents(el);var s=window.getSelection();if(s){s.removeAllRanges();s.addRange(r);}}
})();
`;

/** `3–5, 9` from [3, 4, 5, 9]. */
function entryRanges(n: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < n.length; ) {
    let j = i;
    while (j + 1 < n.length && n[j + 1] === n[j]! + 1) j++;
    out.push(j > i ? `#${n[i]}–#${n[j]}` : `#${n[i]}`);
    i = j + 1;
  }
  return out.join(', ');
}
