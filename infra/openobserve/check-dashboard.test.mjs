// Tests of check-dashboard.mjs: the real dashboard passes, and each kind of mistake in a changed
// copy of it is reported. Run: node --test infra/openobserve/
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkDashboard } from './check-dashboard.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TEXT = readFileSync(path.join(HERE, 'lambda.dashboard.json'), 'utf8');

function changed(change) {
  const dashboard = JSON.parse(TEXT);
  change(dashboard);
  return checkDashboard(dashboard);
}

const panel = (d, id) => d.tabs[0].panels.find((p) => p.id === id);

function assertProblem(problems, pattern) {
  assert.ok(problems.some((p) => pattern.test(p)), `expected a problem matching ${pattern}, got ${JSON.stringify(problems)}`);
}

describe('the Lambda dashboard', () => {
  test('has no problem', () => {
    assert.deepEqual(checkDashboard(JSON.parse(TEXT)), []);
  });

  test('has every panel the issue asks for', () => {
    const titles = JSON.parse(TEXT).tabs[0].panels.map((p) => p.title.toLowerCase()).join('\n');
    for (const word of ['invocations', 'errors', 'timeouts', 'p50', 'p99', 'cold starts', 'init duration',
      'memory used', 'memory size', 'billed duration', 'overhead', 'drops']) {
      assert.ok(titles.includes(word), `no panel title mentions ${word}: ${titles}`);
    }
  });
});

describe('the server\'s structs', () => {
  test('a required field missing', () => {
    assertProblem(changed((d) => delete panel(d, 'panel_1').config.show_legends), /panel.*config\.show_legends: missing/);
    assertProblem(changed((d) => delete panel(d, 'panel_1').queries[0].config.promql_legend), /promql_legend: missing/);
    assertProblem(changed((d) => delete panel(d, 'panel_1').queries[0].customQuery), /customQuery: missing/);
    assertProblem(changed((d) => delete d.tabs[0].tabId), /tabs\[0\]\.tabId: missing/);
  });

  test('a wrong type, an integer that is a float, a word not in the enum', () => {
    assertProblem(changed((d) => { panel(d, 'panel_1').config.show_legends = 'true'; }), /show_legends: expected a boolean/);
    assertProblem(changed((d) => { panel(d, 'panel_1').layout.w = 95.5; }), /layout\.w: expected an integer/);
    assertProblem(changed((d) => { panel(d, 'panel_1').queries[0].fields.stream_type = 'metric'; }), /stream_type: expected one of/);
    assertProblem(changed((d) => { d.created = '2026-12-02'; }), /created: expected an RFC 3339/);
    assertProblem(changed((d) => { panel(d, 'panel_1').title = null; }), /title: expected a string/);
  });

  test('a filter that is neither a condition nor a group', () => {
    assertProblem(changed((d) => { panel(d, 'panel_1').queries[0].fields.filter = []; }), /filter: matches no variant of PanelFilter/);
    assertProblem(changed((d) => { panel(d, 'panel_1').queries[0].fields.filter.conditions = [{ type: 'list' }]; }),
      /conditions\[0\]: matches no variant/);
  });

  test('a key the struct does not have (OpenObserve would drop it silently)', () => {
    assertProblem(changed((d) => { panel(d, 'panel_1').config.showLegends = true; }), /config\.showLegends: not a field of PanelConfig/);
    assertProblem(changed((d) => { panel(d, 'panel_1').queries[0].fields.streamType = 'metrics'; }), /streamType: not a field of PanelFields/);
  });
});

describe('the import\'s validation', () => {
  test('an empty dashboardId or title, another version', () => {
    assertProblem(changed((d) => { d.dashboardId = ''; }), /dashboardId: empty/);
    assertProblem(changed((d) => { d.title = ' '; }), /title: empty/);
    assertProblem(changed((d) => { d.version = 7; }), /version: must be 8/);
  });

  test('duplicate ids, a missing layout.i, an unknown chart type', () => {
    assertProblem(changed((d) => { panel(d, 'panel_2').id = 'panel_1'; }), /duplicate panel id/);
    assertProblem(changed((d) => { panel(d, 'panel_2').layout.i = 1; }), /duplicate layout\.i 1/);
    assertProblem(changed((d) => { panel(d, 'panel_2').layout.i = 0; }), /layout\.i missing/);
    assertProblem(changed((d) => { panel(d, 'panel_2').type = 'timeseries'; }), /chart type "timeseries" unknown/);
  });

  test('a PromQL query with axes or filters, or an empty one', () => {
    assertProblem(changed((d) => { panel(d, 'panel_1').queries[0].fields.x = panel(d, 'panel_3').queries[0].fields.x; }),
      /a PromQL query has no x\/y fields/);
    assertProblem(changed((d) => { panel(d, 'panel_1').queries[0].query = ''; }), /empty query/);
  });
});

describe('what OpenObserve draws', () => {
  test('a layout for the old 48-column grid, a panel past the edge, overlapping panels', () => {
    assertProblem(changed((d) => d.tabs[0].panels.forEach((p) => { p.layout.x /= 2; p.layout.w /= 2; })),
      /panels end at column 96, not at the grid's 192/);
    assertProblem(changed((d) => { panel(d, 'panel_2').layout.x = 100; }), /exceeds the 192-column grid/);
    assertProblem(changed((d) => { panel(d, 'panel_2').layout.x = 50; }), /panel_2: overlaps panel panel_1/);
  });

  test('an SQL panel without axes, or with an axis its query does not select', () => {
    assertProblem(changed((d) => { panel(d, 'panel_3').queries[0].fields.y = []; }), /needs fields\.x and fields\.y/);
    assertProblem(changed((d) => { panel(d, 'panel_3').queries[0].fields.y[1].alias = 'p95'; }),
      /axis p95 is not a column the query selects/);
  });

  test('a query whose stream is another, a variable the dashboard lacks', () => {
    assertProblem(changed((d) => { panel(d, 'panel_2').queries[1].fields.stream = 'aws_lambda_enhanced_errors'; }),
      /fields\.stream aws_lambda_enhanced_errors is not in the query/);
    assertProblem(changed((d) => { d.variables.list[0].name = 'function'; }), /\$faas_name is not a variable/);
  });
});
