// Offline check of a CloudFormation template against the CloudFormation resource specification
// (@aws-cdk/cfnspec): resource types, property names and nesting, required properties, what Ref,
// Fn::GetAtt, Fn::Sub and conditions name, and the parameters' defaults against their own
// constraints. No AWS call. Why not cfn-lint: the one on npm (1.9.7) carries a specification from
// before Lambda had arm64 and refuses `Architectures` (infra/sam/README.md).
//
//   node infra/sam/check-template.mjs [TEMPLATE]   (default infra/sam/template.yaml)
// Prints one line per problem and exits 1 when there is one.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { parse } from 'yaml';

const require = createRequire(import.meta.url);
const spec = require('@aws-cdk/cfnspec').specification();

const PSEUDO = new Set(['AWS::AccountId', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region', 'AWS::StackId',
  'AWS::StackName', 'AWS::URLSuffix', 'AWS::NotificationARNs']);
const TOP_LEVEL = new Set(['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings',
  'Conditions', 'Transform', 'Resources', 'Outputs']);
// Properties that `aws cloudformation package` (and `sam deploy`) replace when they hold a local path.
const PACKAGEABLE = new Set(['AWS::Lambda::LayerVersion.Content', 'AWS::Lambda::Function.Code']);

// The short-form tags, as the long form CloudFormation reads.
const tag = (name, fn) => ({ tag: `!${name}`, resolve: (v) => ({ [fn]: v }), collection: undefined });
const TAGS = [];
for (const name of ['Sub', 'If', 'Equals', 'Join', 'Select', 'Split', 'FindInMap', 'And', 'Or', 'Not', 'Base64',
  'GetAZs', 'ImportValue', 'Cidr']) {
  for (const kind of ['scalar', 'seq', 'map']) {
    TAGS.push({ ...tag(name, `Fn::${name}`), collection: kind === 'scalar' ? undefined : kind });
  }
}
TAGS.push({ tag: '!Ref', resolve: (v) => ({ Ref: v }) });
TAGS.push({ tag: '!Condition', resolve: (v) => ({ Condition: v }) });
TAGS.push({ tag: '!GetAtt', resolve: (v) => ({ 'Fn::GetAtt': v.split('.', 2) }) });
TAGS.push({ tag: '!GetAtt', collection: 'seq', resolve: (v) => ({ 'Fn::GetAtt': v.toJSON ? v.toJSON() : v }) });
for (const t of TAGS) {
  if (t.collection) {
    const resolve = t.resolve;
    t.resolve = (v) => resolve(v.toJSON ? v.toJSON() : v);
  }
}

/** The template at `path`, parsed with CloudFormation's short-form tags as their long form. */
export function load(path) {
  return parse(readFileSync(path, 'utf8'), { customTags: TAGS });
}

const isIntrinsic = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1
  && (Object.keys(v)[0] === 'Ref' || Object.keys(v)[0].startsWith('Fn::'));

/** The problems of `template` (an object as load() returns it), one string each. */
export function check(template) {
  const problems = [];
  const params = template.Parameters ?? {};
  const resources = template.Resources ?? {};
  const conditions = template.Conditions ?? {};
  for (const key of Object.keys(template)) {
    if (!TOP_LEVEL.has(key)) problems.push(`unknown top-level section ${key}`);
  }
  if (Object.keys(resources).length === 0) problems.push('no Resources');

  for (const [name, p] of Object.entries(params)) {
    if (!p.Type) problems.push(`parameter ${name}: no Type`);
    if (p.Default !== undefined && p.AllowedValues && !p.AllowedValues.includes(p.Default)) {
      problems.push(`parameter ${name}: default ${p.Default} not in AllowedValues`);
    }
    if (p.Default !== undefined && p.AllowedPattern && !new RegExp(p.AllowedPattern).test(String(p.Default))) {
      problems.push(`parameter ${name}: default does not match its AllowedPattern`);
    }
  }

  const refTargets = new Set([...Object.keys(params), ...Object.keys(resources), ...PSEUDO]);
  const walk = (value, where) => { // references anywhere
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${where}[${i}]`));
    if (value === null || typeof value !== 'object') return;
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Ref' && !refTargets.has(v)) problems.push(`${where}: Ref to unknown ${v}`);
      if (k === 'Fn::GetAtt') {
        const [res, attr] = v;
        const type = resources[res]?.Type;
        if (!type) problems.push(`${where}: GetAtt of unknown resource ${res}`);
        else if (spec.ResourceTypes[type] && !(attr in (spec.ResourceTypes[type].Attributes ?? {}))) {
          problems.push(`${where}: ${type} has no attribute ${attr}`);
        }
      }
      if (k === 'Fn::If' || k === 'Condition') {
        const c = k === 'Fn::If' ? v[0] : v;
        if (typeof c === 'string' && !(c in conditions)) problems.push(`${where}: unknown condition ${c}`);
      }
      if (k === 'Fn::Sub') {
        const text = Array.isArray(v) ? v[0] : v;
        const locals = Array.isArray(v) ? Object.keys(v[1] ?? {}) : [];
        for (const [, ref] of String(text).matchAll(/\$\{([^}!]+)\}/g)) {
          const base = ref.split('.')[0];
          if (!refTargets.has(ref) && !locals.includes(ref) && !resources[base]) {
            problems.push(`${where}: Fn::Sub names unknown \${${ref}}`);
          }
        }
      }
      walk(v, `${where}.${k}`);
    }
  };
  walk(template.Conditions, 'Conditions');
  walk(template.Rules, 'Rules');
  walk(template.Resources, 'Resources');
  walk(template.Outputs, 'Outputs');

  for (const [name, r] of Object.entries(resources)) {
    if (r.Condition && !(r.Condition in conditions)) problems.push(`${name}: unknown condition ${r.Condition}`);
    const type = spec.ResourceTypes[r.Type];
    if (!type) {
      problems.push(`${name}: unknown resource type ${r.Type}`);
      continue;
    }
    checkProperties(r.Type, type.Properties ?? {}, r.Properties ?? {}, `${name}.Properties`, problems);
  }
  return problems;
}

function checkProperties(typeName, propSpecs, props, where, problems) {
  if (isIntrinsic(props)) return;
  for (const [prop, ps] of Object.entries(propSpecs)) {
    if (ps.Required && !(prop in props)) problems.push(`${where}: required property ${prop} missing`);
  }
  for (const [prop, value] of Object.entries(props)) {
    const ps = propSpecs[prop];
    if (!ps) {
      problems.push(`${where}: ${typeName} has no property ${prop}`);
      continue;
    }
    if (isIntrinsic(value)) continue;
    const resourceType = typeName.split('.')[0];
    if (PACKAGEABLE.has(`${typeName}.${prop}`) && typeof value === 'string') continue;
    if (ps.PrimitiveType) {
      if (ps.PrimitiveType === 'Json') continue;
      if (typeof value === 'object') problems.push(`${where}.${prop}: expected a ${ps.PrimitiveType}`);
    } else if (ps.Type === 'List') {
      if (!Array.isArray(value)) problems.push(`${where}.${prop}: expected a list`);
      else if (ps.ItemType) {
        value.forEach((item, i) => nested(resourceType, ps.ItemType, item, `${where}.${prop}[${i}]`, problems));
      }
    } else if (ps.Type === 'Map') {
      if (typeof value !== 'object' || Array.isArray(value)) problems.push(`${where}.${prop}: expected a map`);
      else if (ps.PrimitiveItemType) {
        for (const [k, v] of Object.entries(value)) {
          if (typeof v === 'object' && v !== null && !isIntrinsic(v)) problems.push(`${where}.${prop}.${k}: expected a ${ps.PrimitiveItemType}`);
        }
      }
    } else if (ps.Type) {
      nested(resourceType, ps.Type, value, `${where}.${prop}`, problems);
    }
  }
}

function nested(resourceType, type, value, where, problems) {
  const ts = spec.PropertyTypes[`${resourceType}.${type}`] ?? spec.PropertyTypes[type];
  if (!ts || isIntrinsic(value)) return;
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${where}: expected a ${type} object`);
    return;
  }
  checkProperties(`${resourceType}.${type}`, ts.Properties ?? {}, value, where, problems);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = process.argv[2] ?? fileURLToPath(new URL('./template.yaml', import.meta.url));
  const problems = check(load(path));
  for (const p of problems) console.log(`${path}: ${p}`);
  console.log(`${path}: ${problems.length === 0 ? 'valid' : `${problems.length} problems`} (CloudFormation specification ${spec.ResourceSpecificationVersion})`);
  process.exit(problems.length === 0 ? 0 : 1);
}
