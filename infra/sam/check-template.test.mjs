// Tests of infra/sam/template.yaml (what it creates and with which properties) and of
// check-template.mjs (that it finds what it claims to find). node --test; no AWS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { check, load } from './check-template.mjs';

const templatePath = fileURLToPath(new URL('./template.yaml', import.meta.url));
const template = load(templatePath);
// the extension's rules and cases, generated from its table of settings (dev.o2ext.config.Setting)
const settings = JSON.parse(readFileSync(fileURLToPath(
  new URL('../o2-settings.json', import.meta.url)), 'utf8')).settings;
const clone = () => structuredClone(template);

test('the template passes the specification check', () => {
  assert.deepEqual(check(template), []);
});

test('it creates the layer, a role and the function, and nothing else', () => {
  const types = Object.fromEntries(Object.entries(template.Resources).map(([k, r]) => [k, r.Type]));
  assert.deepEqual(types, {
    ExtensionLayer: 'AWS::Lambda::LayerVersion',
    FunctionRole: 'AWS::IAM::Role',
    ExampleFunction: 'AWS::Lambda::Function',
  });
});

test('by default it publishes the x86_64 zip the quick start builds, for x86_64 only', () => {
  const layer = template.Resources.ExtensionLayer;
  assert.equal(layer.Properties.Content, '../../target/o2-lambda-extension-x86_64.zip');
  assert.deepEqual(layer.Properties.CompatibleArchitectures, ['x86_64']);
  assert.equal(layer.Condition, 'PublishLayer');
  assert.deepEqual(template.Conditions.PublishLayer, { 'Fn::Equals': [{ Ref: 'LayerArn' }, ''] });
  assert.equal(template.Parameters.Architecture.Default, 'x86_64');
  // arm64 without a layer of its own is refused before anything is created
  const rule = template.Rules.PublishedLayerIsX8664;
  assert.deepEqual(rule.RuleCondition, { 'Fn::Equals': [{ Ref: 'LayerArn' }, ''] });
  assert.deepEqual(rule.Assertions[0].Assert, { 'Fn::Equals': [{ Ref: 'Architecture' }, 'x86_64'] });
});

test('the function gets our layer (or the given one) and runs on the chosen architecture', () => {
  const fn = template.Resources.ExampleFunction.Properties;
  assert.deepEqual(fn.Layers, [{ 'Fn::If': ['PublishLayer', { Ref: 'ExtensionLayer' }, { Ref: 'LayerArn' }] }]);
  assert.deepEqual(fn.Architectures, [{ Ref: 'Architecture' }]);
  assert.match(fn.Runtime, /^python3\.1[2-9]$/, 'an Amazon Linux 2023 runtime: the native layer needs its glibc');
  assert.deepEqual(fn.Role, { 'Fn::GetAtt': ['FunctionRole', 'Arn'] });
  for (const line of ['print("hello', 'json.dumps(', 'logging.exception(']) {
    assert.ok(fn.Code.ZipFile.includes(line), `the handler has ${line}`);
  }
});

test('the variables: organization, stream, the endpoint only when given, the header read by the extension from Secrets Manager or SSM', () => {
  const vars = template.Resources.ExampleFunction.Properties.Environment.Variables;
  assert.deepEqual(Object.keys(vars).sort(), ['O2_AUTHORIZATION_SECRET_ARN', 'O2_AUTHORIZATION_SSM_PARAMETER', 'O2_ENDPOINT',
    'O2_ORGANIZATION_ID', 'O2_STREAM']);
  assert.deepEqual(vars.O2_ORGANIZATION_ID, { Ref: 'Organization' });
  assert.deepEqual(vars.O2_STREAM, { Ref: 'Stream' });
  assert.deepEqual(vars.O2_ENDPOINT, { 'Fn::If': ['DefaultEndpoint', { Ref: 'AWS::NoValue' }, { Ref: 'Endpoint' }] });
  assert.deepEqual(vars.O2_AUTHORIZATION_SECRET_ARN,
    { 'Fn::If': ['FromSecretsManager', { Ref: 'AuthorizationName' }, { Ref: 'AWS::NoValue' }] });
  assert.deepEqual(vars.O2_AUTHORIZATION_SSM_PARAMETER,
    { 'Fn::If': ['FromSecretsManager', { Ref: 'AWS::NoValue' }, { Ref: 'AuthorizationName' }] });
  assert.ok(!('O2_AUTHORIZATION_HEADER' in vars), 'the header value is not a plain variable');
  assert.deepEqual(template.Parameters.AuthorizationSource.AllowedValues, ['secretsmanager', 'ssm']);
  // no header value in the template itself
  assert.ok(!/Basic [A-Za-z0-9+/=]{8,}/.test(readFileSync(templatePath, 'utf8')));
});

test('the role may read exactly that secret or parameter, nothing else', () => {
  const policies = template.Resources.FunctionRole.Properties.Policies;
  assert.equal(policies.length, 1);
  const statements = policies[0].PolicyDocument.Statement;
  assert.equal(statements.length, 1);
  assert.equal(statements[0].Effect, 'Allow');
  assert.deepEqual(statements[0].Action, { 'Fn::If': ['FromSecretsManager', 'secretsmanager:GetSecretValue', 'ssm:GetParameter'] });
  assert.deepEqual(statements[0].Resource, { 'Fn::If': ['FromSecretsManager',
    { 'Fn::Sub': 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:${AuthorizationName}-??????' },
    { 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/${AuthorizationName}' }] });
});

test('the organization and stream parameters accept exactly what the extension accepts (shared cases)', () => {
  for (const [param, variable] of [['Organization', 'O2_ORGANIZATION_ID'], ['Stream', 'O2_STREAM']]) {
    const { cases } = settings[variable];
    assert.ok(cases.valid.length > 3 && cases.invalid.length > 3, `cases of ${variable}`);
    const pattern = new RegExp(template.Parameters[param].AllowedPattern);
    for (const v of cases.valid) assert.ok(pattern.test(v), `${param} should accept ${JSON.stringify(v)}`);
    for (const v of cases.invalid) assert.ok(!pattern.test(v), `${param} should refuse ${JSON.stringify(v)}`);
    // the extension's own rule, anchored
    assert.equal(template.Parameters[param].AllowedPattern, `^${settings[variable].pattern}$`);
  }
});

test('the endpoint parameter refuses what the extension refuses (shared cases)', () => {
  const pattern = new RegExp(template.Parameters.Endpoint.AllowedPattern);
  for (const v of settings.O2_ENDPOINT.cases.invalid) assert.ok(!pattern.test(v), `Endpoint should refuse ${JSON.stringify(v)}`);
});

test('the endpoint parameter takes https base URLs or nothing', () => {
  const pattern = new RegExp(template.Parameters.Endpoint.AllowedPattern);
  for (const v of ['', 'https://api.openobserve.ai', 'https://o2.example.com:5080/base']) assert.ok(pattern.test(v), v);
  for (const v of ['http://o2.example.com', 'https://user@o2', 'https://o2/?q=1', 'o2.example.com']) assert.ok(!pattern.test(v), v);
});

test('the outputs name the function and the layer version', () => {
  assert.deepEqual(template.Outputs.FunctionName.Value, { Ref: 'ExampleFunction' });
  assert.deepEqual(template.Outputs.LayerVersionArn.Value,
    { 'Fn::If': ['PublishLayer', { Ref: 'ExtensionLayer' }, { Ref: 'LayerArn' }] });
});

test('the check finds an unknown property, a missing required one and a wrong nesting', () => {
  const t = clone();
  t.Resources.ExampleFunction.Properties.Architecturez = ['x86_64'];
  delete t.Resources.ExampleFunction.Properties.Role;
  t.Resources.ExampleFunction.Properties.Environment = { Vars: {} };
  assert.deepEqual(check(t).sort(), [
    'ExampleFunction.Properties.Environment: AWS::Lambda::Function.Environment has no property Vars',
    'ExampleFunction.Properties: AWS::Lambda::Function has no property Architecturez',
    'ExampleFunction.Properties: required property Role missing',
  ]);
});

test('the check finds references to nothing', () => {
  const t = clone();
  t.Resources.ExampleFunction.Properties.Layers = [{ Ref: 'NoSuchLayer' }];
  t.Resources.ExampleFunction.Properties.Role = { 'Fn::GetAtt': ['FunctionRole', 'Nope'] };
  t.Outputs.FunctionName.Value = { 'Fn::If': ['NoSuchCondition', 'a', 'b'] };
  t.Resources.FunctionRole.Properties.ManagedPolicyArns = [{ 'Fn::Sub': 'arn:${Nowhere}:x' }];
  t.Resources.Bogus = { Type: 'AWS::Lambda::Functoin', Properties: {} };
  const problems = check(t).join('\n');
  for (const expected of ['Ref to unknown NoSuchLayer', 'AWS::IAM::Role has no attribute Nope',
    'unknown condition NoSuchCondition', 'Fn::Sub names unknown ${Nowhere}', 'unknown resource type AWS::Lambda::Functoin']) {
    assert.ok(problems.includes(expected), `${expected} in:\n${problems}`);
  }
});

test('the check finds a default that breaks its own parameter constraints', () => {
  const t = clone();
  t.Parameters.Organization.Default = 'my org';
  t.Parameters.Architecture.Default = 'riscv64';
  assert.deepEqual(check(t).sort(), [
    'parameter Architecture: default riscv64 not in AllowedValues',
    'parameter Organization: default does not match its AllowedPattern',
  ]);
});
