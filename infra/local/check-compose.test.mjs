// Tests of check-compose.mjs: the parser's subset, and that each kind of inconsistency in a
// changed copy of the real compose file is reported. Run: node --test infra/local/
import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkCompose, interpolate, localLambdaOptionsOf, parseYaml } from './check-compose.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const COMPOSE = readFileSync(path.join(HERE, 'docker-compose.yml'), 'utf8');
const DOC = '| `O2_ORGANIZATION_ID` | required |\n| `O2_AUTHORIZATION_HEADER` | required |\n'
  + '| `O2_ENDPOINT` | x |\n| `O2_STREAM` | x |\n| `O2_ALLOW_INSECURE_HTTP` | x |\n';

const LOCAL_LAMBDA_OPTIONS = localLambdaOptionsOf(
  readFileSync(path.join(HERE, '../../src/tools/java/dev/o2ext/sim/LocalLambdaOptions.java'), 'utf8'));

function check(text, { composeDir = HERE, wiremockVersion = '3.13.2' } = {}) {
  return checkCompose({ composeDir, composeText: text, configurationDoc: DOC, wiremockVersion,
    localLambdaOptions: LOCAL_LAMBDA_OPTIONS });
}

function changed(from, to) {
  assert.ok(COMPOSE.includes(from), `the compose file no longer contains ${from}`);
  return COMPOSE.replace(from, to);
}

function assertProblem(problems, pattern) {
  assert.ok(problems.some((p) => pattern.test(p)), `expected a problem matching ${pattern}, got ${JSON.stringify(problems)}`);
}

describe('parseYaml', () => {
  test('reads mappings, sequences, flow sequences, quoting and comments', () => {
    assert.deepEqual(parseYaml([
      'a: 1 # comment',
      'b: "x # not a comment"',
      "c: 'it''s'",
      'd: [x, "y, z", 3]',
      'e:',
      '  - p',
      '  - "q"',
      'f:',
      '- r',
      'g: {}',
      'h:',
      'i: pass#word',
    ].join('\n')), {
      a: 1, b: 'x # not a comment', c: "it's", d: ['x', 'y, z', 3], e: ['p', 'q'], f: ['r'], g: {}, h: null,
      i: 'pass#word',
    });
  });

  test('refuses what it does not implement rather than guessing', () => {
    for (const text of ['a: &x 1', 'a: *x', 'a: |', 'a:\n  - b: c', 'a: 1\na: 2', 'a:\n\t- x', 'a: {b: c}',
      'a: 1.5', 'a: yes', 'a: 010', '---\na: 1', 'a: "unterminated']) {
      assert.throws(() => parseYaml(text), Error, JSON.stringify(text));
    }
  });
});

test('interpolate uses defaults, as compose does with the variables unset', () => {
  assert.equal(interpolate('${O2_ENDPOINT:-http://o2-fake:8080}/x'), 'http://o2-fake:8080/x');
  assert.equal(interpolate('${A-b}${C}$$'), 'b$');
  assert.throws(() => interpolate('${A:?must be set}'));
  assert.throws(() => interpolate('${not valid}'));
});

describe('checkCompose', () => {
  test('finds the committed file consistent', () => {
    assert.deepEqual(check(COMPOSE), []);
  });

  test('reports an endpoint port that is not the fake container port', () => {
    assertProblem(check(changed('http://o2-fake:8080', 'http://o2-fake:9090')), /port 9090 is not the fake's container port 8080/);
  });

  test('reports an endpoint host that is not the fake', () => {
    assertProblem(check(changed('http://o2-fake:8080', 'http://o2:8080')), /host o2 is not the fake's service name o2-fake/);
  });

  test('reports plain http without O2_ALLOW_INSECURE_HTTP', () => {
    assertProblem(check(changed('      O2_ALLOW_INSECURE_HTTP: "true"\n', '')), /refuses it without O2_ALLOW_INSECURE_HTTP/);
  });

  test('reports an unquoted boolean in an environment', () => {
    assertProblem(check(changed('O2_ALLOW_INSECURE_HTTP: "true"', 'O2_ALLOW_INSECURE_HTTP: true')), /must be a quoted string/);
  });

  test('reports a misspelt or missing extension variable', () => {
    const problems = check(changed('O2_ORGANIZATION_ID:', 'O2_ORGANISATION_ID:'));
    assertProblem(problems, /O2_ORGANISATION_ID is not a variable of docs\/configuration.md/);
    assertProblem(problems, /O2_ORGANIZATION_ID is required/);
  });

  test('reports a stream or organization that no stub answers', () => {
    assertProblem(check(changed('O2_STREAM: lambda-logs', 'O2_STREAM: lambda/logs')), /no stub answers POST \/api\/default\/lambda\/logs\/_json/);
  });

  test('reports a default header that the fake would refuse', () => {
    assertProblem(check(changed('Basic bG9jYWw6bG9jYWw=', 'Bearer x')), /no stub answers POST .* with the default O2_AUTHORIZATION_HEADER/);
  });

  test('reports a WireMock image that is not the tested version', () => {
    assertProblem(check(changed('wiremock/wiremock:3.13.2', 'wiremock/wiremock:3.9.1')), /tested with WireMock 3.13.2/);
  });

  test('reports a missing bind source but not a missing build output', () => {
    assertProblem(check(changed('./wiremock/mappings:', './wiremock/stubs:')), /bind source .\/wiremock\/stubs does not exist/);
    assert.deepEqual(check(COMPOSE).filter((p) => /target\/layer/.test(p)), []);
  });

  test('reports a layer of the wrong architecture for the platform', () => {
    assertProblem(check(changed('platform: linux/amd64', 'platform: linux/arm64')), /needs the layer from target\/layer\/arm64/);
  });

  test('reads the options LocalLambda accepts from its source', () => {
    assert.ok(['--layer', '--function', '--extension', '--env'].every((o) => LOCAL_LAMBDA_OPTIONS.includes(o)),
      JSON.stringify(LOCAL_LAMBDA_OPTIONS));
  });

  test('reports an option LocalLambda does not have, another layer directory and a missing function', () => {
    assertProblem(check(changed('"--layer", "/opt"', '"--layers", "/opt"')), /LocalLambda has no option --layers/);
    assertProblem(check(changed('"--layer", "/opt"', '"--layer", "/var/opt"')), /must get --layer \/opt, not \/var\/opt/);
    assertProblem(check(changed(', "--function", "/var/task/bootstrap"', '')), /no --function command/);
  });

  test('reports a host port used twice', () => {
    assertProblem(check(changed('"5080:5080"', '"18080:5080"')), /host port 18080 is also used by o2-fake/);
  });

  test('reports a required dependency on a service that only runs in a profile', () => {
    assertProblem(check(changed('        required: false\n', '')), /depends on openobserve, which only runs in profiles real/);
    assertProblem(check(changed('        required: false\n', '')), /needs required: false, or the default profile cannot start/);
    assertProblem(check(changed('        required: false\n', '        required: "no"\n')), /required must be true or false/);
  });

  test('reads both forms of depends_on', () => {
    const block = COMPOSE.slice(COMPOSE.indexOf('    depends_on:\n'), COMPOSE.indexOf('\n  o2-fake:\n'));
    const short = changed(block, '    depends_on:\n      - o2-fake\n');
    assertProblem(check(short), /must wait for openobserve with condition: service_healthy/);
    assert.deepEqual(check(short).filter((p) => /o2-fake/.test(p)), []);
    assertProblem(check(changed('      o2-fake:\n        condition: service_started\n', '')), /should depend on o2-fake/);
    assertProblem(check(changed('condition: service_started', 'condition: started')), /condition must be one of/);
  });

  test('reports a lambda that does not wait for a healthy OpenObserve', () => {
    assertProblem(check(changed('condition: service_healthy', 'condition: service_started')),
      /must wait for openobserve with condition: service_healthy/);
  });

  test('reports an OpenObserve healthcheck that is missing or needs what the distroless image lacks', () => {
    const healthcheck = COMPOSE.slice(COMPOSE.indexOf('    healthcheck:\n'), COMPOSE.indexOf('\nvolumes:'));
    assertProblem(check(changed(healthcheck, '')), /no healthcheck, so nothing can wait for it/);
    assertProblem(check(changed('["CMD", "/openobserve", "node", "status"]', '["CMD", "curl", "-f", "http://localhost:5080/healthz"]')),
      /the image is distroless \(no shell, curl or wget\)/);
    assertProblem(check(changed('["CMD", "/openobserve", "node", "status"]', '["CMD-SHELL", "wget -q -O- localhost:5080/healthz"]')),
      /the image is distroless/);
    assertProblem(check(changed('["CMD", "/openobserve", "node", "status"]', '"/openobserve node status"')),
      /healthcheck test must be \["CMD"/);
  });

  test('reports healthcheck settings Compose would read differently or refuse', () => {
    assertProblem(check(changed('interval: "5s"', 'interval: 5')), /interval must be a quoted duration/);
    assertProblem(check(changed('timeout: "5s"', 'timeout: "5 seconds"')), /timeout must be a quoted duration/);
    assertProblem(check(changed('retries: 12', 'retries: 0')), /retries must be a positive number/);
    assertProblem(check(changed('start_period: "60s"', 'start_delay: "60s"')), /healthcheck: unknown key 'start_delay'/);
  });

  test('reports a real OpenObserve outside its profile or without credentials', () => {
    assertProblem(check(changed('    profiles: ["real"]\n', '')), /only in the profile 'real'/);
    assertProblem(check(changed('ZO_ROOT_USER_PASSWORD:', 'ZO_ROOT_PASSWORD:')), /ZO_ROOT_USER_PASSWORD must be set/);
    assertProblem(check(changed('"${ZO_ROOT_USER_PASSWORD:-}"', '"${ZO_ROOT_USER_PASSWORD:-Complexpass#123}"')),
      /ZO_ROOT_USER_PASSWORD must come from .env/);
    assertProblem(check(changed('"${ZO_ROOT_USER_EMAIL:-}"', '"root@example.com"')), /ZO_ROOT_USER_EMAIL must come from .env/);
  });

  test('reports an unknown service key and an undeclared named volume', () => {
    assertProblem(check(changed('    working_dir: /src', '    workdir: /src')), /unknown key 'workdir'/);
    assertProblem(check(changed('"openobserve-data:/data"', '"o2-data:/data"')), /named volume 'o2-data' is not declared/);
  });

  describe('with a copy of infra/local', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'check-compose-'));
    cpSync(HERE, dir, { recursive: true });
    after(() => rmSync(dir, { recursive: true, force: true }));

    test('reports a stub that is not valid JSON', () => {
      writeFileSync(path.join(dir, 'wiremock/mappings/broken.json'), '{"request": ');
      assertProblem(check(COMPOSE, { composeDir: dir }), /stub broken.json is not valid JSON/);
      rmSync(path.join(dir, 'wiremock/mappings/broken.json'));
    });

    test('reports a missing healthz stub', () => {
      const healthz = path.join(dir, 'wiremock/mappings/healthz.json');
      const saved = readFileSync(healthz);
      rmSync(healthz);
      assertProblem(check(COMPOSE, { composeDir: dir }), /no stub answers GET \/healthz/);
      writeFileSync(healthz, saved);
    });

    test('reports a function command that is not executable', () => {
      mkdirSync(path.join(dir, 'function'), { recursive: true });
      writeFileSync(path.join(dir, 'function/bootstrap'), '#!/bin/sh\n', { mode: 0o644 });
      const local = changed('"../../layer-build/local/sample-function:/var/task:ro"', '"./function:/var/task:ro"');
      assertProblem(check(local, { composeDir: dir }), /function\/bootstrap is missing or not executable/);
      chmodSync(path.join(dir, 'function/bootstrap'), 0o755);
      assert.deepEqual(check(local, { composeDir: dir }).filter((p) => /bootstrap/.test(p)), []);
    });
  });
});
