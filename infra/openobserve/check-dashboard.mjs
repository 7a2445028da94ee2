#!/usr/bin/env node
// Offline check of infra/openobserve/lambda.dashboard.json against what OpenObserve itself accepts
// and draws, transcribed from its source at commit fbab9b80a24b5b50b6927a15cd83c7cf217040f2
// (github.com/openobserve/openobserve, 2026-08-21):
//   server  src/config/src/meta/dashboards/v8/mod.rs: the serde structs `POST /api/{org}/dashboards`
//           deserializes a version-8 body into (src/api/management/src/models/dashboards.rs picks the
//           struct by `version`): which fields are required (not Option, no #[serde(default)]), their
//           JSON types, integer versus float, the enums' words. Serde ignores keys it does not know;
//           this check reports them, since a misspelt key would be silently dropped.
//   import  web/src/utils/dashboard/panelValidation.ts validateDashboardJson, which the UI's import
//           runs after its schema migration: non-empty dashboardId and title, version 8, unique tab
//           and panel ids, a unique layout.i per tab, the chart types, PromQL panels without x/y
//           fields or filters and with a query.
//   drawing web/src/views/Dashboards/RenderDashboardCharts.vue lays panels on a 192-column grid;
//           web/src/utils/dashboard/sql/shared/contextBuilder.ts draws an SQL panel's series from its
//           fields.x / fields.y aliases, so a custom SQL query needs them, named as in its SELECT.
// Node 20 built-ins only. Usage: node infra/openobserve/check-dashboard.mjs [file]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export const SCHEMA_VERSION = 8;
export const GRID_COLUMNS = 192;

// ---- the serde structs ------------------------------------------------------------------------
// req(t): a field without a default (missing is an error; null only if t allows it);
// opt(t): an Option<T> or #[serde(default)] field (missing or null is fine).
const req = (type) => ({ type, required: true });
const opt = (type) => ({ type, required: false });
const str = { kind: 'string' };
const bool = { kind: 'boolean' };
const int = { kind: 'integer' }; // i32/i64: serde refuses 1.5
const num = { kind: 'number' }; // OrdF64
const nullable = (type) => ({ kind: 'nullable', type });
const array = (items) => ({ kind: 'array', items });
const oneOf = (...words) => ({ kind: 'enum', words });
const struct = (name, fields) => ({ kind: 'struct', name, fields });
const untagged = (name, ...variants) => ({ kind: 'untagged', name, variants });

const STREAM_TYPE = oneOf('logs', 'metrics', 'traces', 'service_graph', 'enrichment_tables', 'file_list',
  'metadata', 'index');
const DATETIME_OPTIONS = struct('DateTimeOptions', {
  type: opt(str), relativeTimePeriod: opt(str), startTime: opt(int), endTime: opt(int),
});
const LAYOUT = struct('Layout', { x: opt(int), y: opt(int), w: opt(int), h: opt(int), i: opt(int) });
const AXIS_ARG = struct('AxisArg', { type: req(nullable(str)), value: opt({ kind: 'any' }) });
const AXIS_ITEM = struct('AxisItem', {
  label: req(str), alias: req(str), column: opt(str), type: opt(oneOf('build', 'raw', 'custom')),
  color: req(nullable(str)), functionName: opt(str), sortBy: opt(str), args: opt(array(AXIS_ARG)),
  isDerived: opt(bool), havingConditions: opt(array({ kind: 'any' })), treatAsNonTimestamp: opt(bool),
  showFieldAsJson: opt(bool), rawQuery: opt(str),
});
const FILTER_CONDITION = struct('FilterCondition', {
  type: req(str), values: req(array(str)),
  column: req(nullable(struct('StreamFieldObj', { field: req(nullable(str)), streamAlias: req(nullable(str)) }))),
  operator: req(nullable(str)), value: req(nullable(str)), logicalOperator: req(str), filterType: req(str),
});
const PANEL_FILTER = untagged('PanelFilter', FILTER_CONDITION, null); // the group, set below
const GROUP = struct('GroupType', {
  filterType: req(str), logicalOperator: req(str), conditions: req(array(PANEL_FILTER)),
});
PANEL_FILTER.variants[1] = GROUP;
const PANEL_FIELDS = struct('PanelFields', {
  stream: req(str), stream_type: req(STREAM_TYPE), x: req(array(AXIS_ITEM)), y: req(array(AXIS_ITEM)),
  z: opt(array(AXIS_ITEM)), breakdown: opt(array(AXIS_ITEM)), latitude: opt(AXIS_ITEM),
  longitude: opt(AXIS_ITEM), weight: opt(AXIS_ITEM), name: opt(AXIS_ITEM), value_for_maps: opt(AXIS_ITEM),
  source: opt(AXIS_ITEM), target: opt(AXIS_ITEM), value: opt(AXIS_ITEM), filter: req(PANEL_FILTER),
  promql_labels: opt(array(struct('PromQLLabelFilter', { label: opt(str), op: opt(str), value: opt(str) }))),
  promql_operations: opt(array({ kind: 'any' })),
});
const QUERY_CONFIG = struct('QueryConfig', {
  promql_legend: req(str), step_value: opt(str), layer_type: opt(str), weight_fixed: opt(num),
  limit: opt(num), min: opt(num), max: opt(num),
  time_shift: opt(array(struct('TimeShift', { offSet: opt(str) }))), query_label: opt(str),
});
const QUERY = struct('Query', {
  query: opt(str), vrlFunctionQuery: opt(str), customQuery: req(bool), fields: req(PANEL_FIELDS),
  config: req(QUERY_CONFIG), joins: opt(array({ kind: 'any' })), tabName: opt(str),
});
const any = { kind: 'any' };
const PANEL_CONFIG = struct('PanelConfig', {
  show_legends: req(bool), legends_position: opt(str), legends_type: opt(str), chart_align: opt(str),
  unit: opt(str), unit_custom: opt(str), decimals: opt(num), line_thickness: opt(num), step_value: opt(str),
  top_results: opt(num), y_axis_min: opt(num), y_axis_max: opt(num), top_results_others: opt(bool),
  axis_width: opt(num), axis_border_show: opt(bool), label_option: opt(any), axis_label_rotate: opt(num),
  axis_label_truncate_width: opt(num), show_symbol: opt(bool),
  line_interpolation: opt(oneOf('smooth', 'linear', 'step-start', 'step-end', 'step-middle')),
  legend_width: opt(any), legend_height: opt(any), base_map: opt(any), map_type: opt(any), map_view: opt(any),
  map_symbol_style: opt(any), drilldown: opt(array(any)), mark_line: opt(array(any)),
  override_config: opt(array(any)), connect_nulls: opt(bool), no_value_replacement: opt(str),
  wrap_table_cells: opt(bool), table_transpose: opt(bool), table_dynamic_columns: opt(bool),
  mappings: opt(array(any)), color: opt(any), background: opt(any), sparkline: opt(any), trellis: opt(any),
  show_gridlines: opt(bool), aggregation: opt(str), lat_label: opt(str), lon_label: opt(str),
  weight_label: opt(str), name_label: opt(str), table_aggregations: opt(array(str)),
  promql_table_mode: opt(str), visible_columns: opt(array(str)), hidden_columns: opt(array(str)),
  sticky_columns: opt(array(str)), sticky_first_column: opt(bool), column_order: opt(array(str)),
  table_pagination: opt(bool), table_pagination_rows_per_page: opt(int), table_filtering: opt(bool),
  table_pivot_show_row_totals: opt(bool), table_pivot_show_col_totals: opt(bool),
  table_pivot_sticky_row_totals: opt(bool), table_pivot_sticky_col_totals: opt(bool),
  panel_time_enabled: opt(bool), panel_time_range: opt(DATETIME_OPTIONS),
});
const PANEL = struct('Panel', {
  id: req(str), type: req(str), title: req(str), description: req(str), config: req(PANEL_CONFIG),
  queryType: opt(str), queries: req(array(QUERY)), layout: opt(LAYOUT), htmlContent: opt(str),
  markdownContent: opt(str), customChartContent: opt(str),
});
const TAB = struct('Tab', { tabId: req(str), name: req(str), panels: opt(array(PANEL)) });
const VARIABLE = struct('VariableList', {
  type: opt(str), name: opt(str), label: opt(str),
  query_data: opt(struct('QueryData', {
    stream_type: opt(STREAM_TYPE), stream: opt(str), field: opt(str), max_record_size: opt(int),
    filter: opt(array(struct('Filters', { name: opt(str), operator: opt(str), value: opt(str) }))),
  })),
  value: opt(str), options: opt(array(struct('CustomFieldsOption', { label: opt(str), value: opt(str), selected: opt(bool) }))),
  multiSelect: opt(bool), hideOnDashboard: opt(bool), selectAllValueForMultiSelect: opt(str),
  customMultiSelectValue: opt(array(str)), escapeSingleQuotes: opt(bool), scope: opt(str),
  tabs: opt(array(str)), panels: opt(array(str)),
});
export const DASHBOARD = struct('Dashboard', {
  version: opt(int), dashboardId: opt(str), title: opt(str), description: opt(str), role: opt(str),
  owner: opt(str), created: opt({ kind: 'datetime' }), tabs: opt(array(TAB)),
  variables: opt(struct('Variables', { list: opt(array(VARIABLE)), showDynamicFilters: opt(bool) })),
  defaultDatetimeDuration: opt(DATETIME_OPTIONS), updatedAt: opt(int),
});

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The problems serde would have with `value` as `type` at `where` (plus keys it would ignore). */
export function checkType(value, type, where, problems = []) {
  switch (type.kind) {
    case 'any':
      return problems;
    case 'nullable':
      return value === null ? problems : checkType(value, type.type, where, problems);
    case 'string':
    case 'boolean':
      if (typeof value !== type.kind) problems.push(`${where}: expected a ${type.kind}, got ${show(value)}`);
      return problems;
    case 'number':
      if (typeof value !== 'number') problems.push(`${where}: expected a number, got ${show(value)}`);
      return problems;
    case 'integer':
      if (!Number.isInteger(value)) problems.push(`${where}: expected an integer, got ${show(value)}`);
      return problems;
    case 'datetime':
      if (typeof value !== 'string' || !RFC3339.test(value) || Number.isNaN(Date.parse(value))) {
        problems.push(`${where}: expected an RFC 3339 date-time, got ${show(value)}`);
      }
      return problems;
    case 'enum':
      if (!type.words.includes(value)) problems.push(`${where}: expected one of ${type.words.join(', ')}, got ${show(value)}`);
      return problems;
    case 'array':
      if (!Array.isArray(value)) {
        problems.push(`${where}: expected an array, got ${show(value)}`);
      } else {
        value.forEach((item, i) => checkType(item, type.items, `${where}[${i}]`, problems));
      }
      return problems;
    case 'untagged': {
      const attempts = type.variants.map((variant) => checkType(value, variant, where, []));
      const fit = attempts.find((a) => a.length === 0);
      if (!fit) {
        const best = attempts.reduce((a, b) => (b.length < a.length ? b : a));
        problems.push(`${where}: matches no variant of ${type.name}: ${best.join('; ')}`);
      }
      return problems;
    }
    case 'struct': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        problems.push(`${where}: expected an object (${type.name}), got ${show(value)}`);
        return problems;
      }
      for (const [key, field] of Object.entries(type.fields)) {
        if (!(key in value)) {
          if (field.required) problems.push(`${where}.${key}: missing (required by ${type.name})`);
        } else if (value[key] === null && !field.required) {
          // Option<T>: null is None
        } else {
          checkType(value[key], field.type, `${where}.${key}`, problems);
        }
      }
      for (const key of Object.keys(value)) {
        if (!(key in type.fields)) problems.push(`${where}.${key}: not a field of ${type.name} (OpenObserve ignores it)`);
      }
      return problems;
    }
    default:
      throw new Error(`unknown type ${type.kind}`);
  }
}

function show(value) {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

// ---- the import's validation and the drawing ----------------------------------------------------
const CHART_TYPES = ['area', 'line', 'bar', 'scatter', 'area-stacked', 'donut', 'pie', 'h-bar', 'stacked',
  'h-stacked', 'heatmap', 'metric', 'gauge', 'geomap', 'maps', 'table', 'sankey', 'custom_chart', 'html',
  'markdown'];
const PROMQL_CHART_TYPES = ['area', 'line', 'bar', 'scatter', 'area-stacked', 'metric', 'gauge', 'html',
  'markdown', 'custom_chart', 'table', 'maps', 'heatmap', 'geomap', 'donut', 'pie', 'h-bar', 'stacked',
  'h-stacked'];

function checkImport(dashboard, problems) {
  if (!dashboard.dashboardId) problems.push('dashboardId: empty (the UI import requires one; the server replaces it)');
  if (!dashboard.title || !String(dashboard.title).trim()) problems.push('title: empty');
  if (dashboard.version !== SCHEMA_VERSION) problems.push(`version: must be ${SCHEMA_VERSION}, is ${show(dashboard.version)}`);
  if (!Array.isArray(dashboard.tabs) || dashboard.tabs.length === 0) {
    problems.push('tabs: at least one tab is required');
    return;
  }
  const tabIds = new Set();
  const panelIds = new Set();
  const variables = new Set((dashboard.variables?.list ?? []).map((v) => v.name));
  for (const tab of dashboard.tabs) {
    if (tabIds.has(tab.tabId)) problems.push(`tab ${tab.tabId}: duplicate tabId`);
    tabIds.add(tab.tabId);
    const layoutIds = new Set();
    const cells = [];
    for (const panel of tab.panels ?? []) {
      const where = `panel ${panel.id}`;
      if (panelIds.has(panel.id)) problems.push(`${where}: duplicate panel id`);
      panelIds.add(panel.id);
      if (!CHART_TYPES.includes(panel.type)) problems.push(`${where}: chart type ${show(panel.type)} unknown`);
      if (!panel.title) problems.push(`${where}: empty title`);
      checkLayout(panel, where, layoutIds, cells, problems);
      const promql = panel.queryType === 'promql';
      if (!promql && panel.queryType !== 'sql') problems.push(`${where}: queryType must be promql or sql`);
      if (promql && !PROMQL_CHART_TYPES.includes(panel.type)) problems.push(`${where}: chart type ${panel.type} cannot show PromQL`);
      (panel.queries ?? []).forEach((query, i) => {
        const at = `${where} query ${i + 1}`;
        if (!query.query) problems.push(`${at}: empty query`);
        // the editor lists labels and fields of fields.stream: it must be a stream the query reads
        const word = new RegExp(`(^|[^\\w])${query.fields?.stream}([^\\w]|$)`);
        if (query.query && !word.test(query.query)) problems.push(`${at}: fields.stream ${query.fields?.stream} is not in the query`);
        for (const name of [...(query.query ?? '').matchAll(/\$(\w+)/g)].map((m) => m[1])) {
          if (!variables.has(name)) problems.push(`${at}: $${name} is not a variable of the dashboard`);
        }
        if (promql) {
          if (query.fields?.x?.length || query.fields?.y?.length) problems.push(`${at}: a PromQL query has no x/y fields`);
          if (query.fields?.filter?.conditions?.length) problems.push(`${at}: a PromQL query has no filters`);
        } else {
          checkSqlAxes(query, at, problems);
        }
      });
    }
    // a layout made for the 48-column grid of versions before 6 fills a quarter of the width
    const right = Math.max(0, ...cells.map((c) => c.x + c.w));
    if (cells.length > 0 && right !== GRID_COLUMNS) {
      problems.push(`tab ${tab.tabId}: the panels end at column ${right}, not at the grid's ${GRID_COLUMNS}`);
    }
  }
}

function checkLayout(panel, where, layoutIds, cells, problems) {
  const layout = panel.layout;
  if (!layout || !layout.i) {
    problems.push(`${where}: layout.i missing`);
    return;
  }
  if (layoutIds.has(layout.i)) problems.push(`${where}: duplicate layout.i ${layout.i}`);
  layoutIds.add(layout.i);
  if (!['x', 'y', 'w', 'h'].every((k) => Number.isInteger(layout[k]))) return; // reported by the types
  if (layout.w <= 0 || layout.h <= 0 || layout.x < 0 || layout.y < 0) problems.push(`${where}: layout outside the grid`);
  if (layout.x + layout.w > GRID_COLUMNS) {
    problems.push(`${where}: x + w = ${layout.x + layout.w} exceeds the ${GRID_COLUMNS}-column grid`);
  }
  for (const other of cells) {
    const apart = layout.x >= other.x + other.w || other.x >= layout.x + layout.w
      || layout.y >= other.y + other.h || other.y >= layout.y + layout.h;
    if (!apart) problems.push(`${where}: overlaps panel ${other.id}`);
  }
  cells.push({ ...layout, id: panel.id });
}

// A custom SQL panel is drawn from the aliases named in fields.x / fields.y: each must be a column
// the query selects (`AS "alias"` or `AS alias`).
function checkSqlAxes(query, at, problems) {
  const x = query.fields?.x ?? [];
  const y = query.fields?.y ?? [];
  if (x.length === 0 || y.length === 0) {
    problems.push(`${at}: an SQL panel needs fields.x and fields.y (the chart draws nothing without them)`);
  }
  const selected = new Set([...(query.query ?? '').matchAll(/\bAS\s+"?(\w+)"?/gi)].map((m) => m[1]));
  for (const item of [...x, ...y]) {
    if (query.customQuery && !selected.has(item.alias)) problems.push(`${at}: axis ${item.alias} is not a column the query selects`);
    if (query.customQuery && item.type !== undefined && item.type !== 'custom') {
      problems.push(`${at}: axis ${item.alias} of a custom query must have type custom`);
    }
  }
}

/** Every problem OpenObserve (server, import, drawing) would have with the dashboard. */
export function checkDashboard(dashboard) {
  const problems = checkType(dashboard, DASHBOARD, 'dashboard');
  if (problems.length === 0) checkImport(dashboard, problems);
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2] ?? path.join(HERE, 'lambda.dashboard.json');
  const dashboard = JSON.parse(readFileSync(file, 'utf8'));
  const problems = checkDashboard(dashboard);
  if (problems.length > 0) {
    console.error(`${path.relative(process.cwd(), file)}: ${problems.length} problem(s)`);
    problems.forEach((p) => console.error(`  ${p}`));
    process.exit(1);
  }
  const panels = dashboard.tabs.reduce((n, t) => n + (t.panels?.length ?? 0), 0);
  console.log(`${path.relative(process.cwd(), file)}: OpenObserve dashboard v${dashboard.version}, ${panels} panels, ok`);
}
