#!/usr/bin/env node
// Offline check of infra/local/docker-compose.yml, for machines without a Docker engine.
// Parses the file (a strict YAML subset, see parseYaml), then checks that what it references
// exists and that its parts agree: the lambda service's O2_ENDPOINT names the fake's service and
// container port, the fake's stubs are valid and answer the path and header the lambda sends,
// the layer mount matches the platform, the images match the tested versions, and with the profile
// `real` the lambda waits for a healthcheck that the distroless OpenObserve image can run.
// Node 20 built-ins only. Usage: node infra/local/check-compose.mjs
import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');

// ---- YAML subset -----------------------------------------------------------------------------
// Block mappings and sequences by indentation, scalars (plain, 'single', "double"), one-line flow
// sequences of scalars and the empty mapping {}. Everything else (anchors, aliases, tags,
// multi-line strings, sequences of mappings, tabs, duplicate keys) is an error rather than a guess.

export function parseYaml(text) {
  const lines = [];
  text.split('\n').forEach((raw, index) => {
    const content = stripComment(raw).replace(/\s+$/, '');
    if (content.trim() === '') return;
    const indent = content.match(/^ */)[0].length;
    if (content[indent] === '\t') throw new Error(`line ${index + 1}: tab in indentation`);
    if (content === '---' || content === '...') throw new Error(`line ${index + 1}: multiple documents`);
    lines.push({ number: index + 1, indent, text: content.slice(indent) });
  });
  if (lines.length === 0) return null;
  const [value, next] = parseBlock(lines, 0, lines[0].indent);
  if (next < lines.length) throw new Error(`line ${lines[next].number}: unexpected indentation`);
  return value;
}

function stripComment(line) {
  let quote = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
      return line.slice(0, i);
    }
  }
  return line;
}

function parseBlock(lines, start, indent) {
  const isSequence = lines[start].text === '-' || lines[start].text.startsWith('- ');
  const result = isSequence ? [] : {};
  let i = start;
  while (i < lines.length && lines[i].indent === indent) {
    const { number, text } = lines[i];
    if (isSequence) {
      if (!(text === '-' || text.startsWith('- '))) break; // the next key of the enclosing mapping
      const item = text.slice(1).trim();
      if (item === '' || /^[^"'[{][^:]*:(\s|$)/.test(item)) {
        throw new Error(`line ${number}: only scalars are supported as sequence items`);
      }
      result.push(parseValue(item, number));
      i++;
      continue;
    }
    if (text === '-' || text.startsWith('- ')) throw new Error(`line ${number}: sequence item inside a mapping`);
    const colon = findKeyColon(text);
    if (colon < 0) throw new Error(`line ${number}: expected 'key: value'`);
    const key = parseScalar(text.slice(0, colon).trim(), number);
    if (typeof key !== 'string') throw new Error(`line ${number}: keys must be strings`);
    if (Object.hasOwn(result, key)) throw new Error(`line ${number}: duplicate key '${key}'`);
    const rest = text.slice(colon + 1).trim();
    i++;
    if (rest !== '') {
      result[key] = parseValue(rest, number);
    } else if (i < lines.length && lines[i].indent > indent) {
      [result[key], i] = parseBlock(lines, i, lines[i].indent);
    } else if (i < lines.length && lines[i].indent === indent && lines[i].text.startsWith('- ')) {
      [result[key], i] = parseBlock(lines, i, indent); // a sequence may sit at its key's indentation
    } else {
      result[key] = null;
    }
  }
  if (i < lines.length && lines[i].indent > indent) {
    throw new Error(`line ${lines[i].number}: unexpected indentation`);
  }
  return [result, i];
}

function findKeyColon(text) {
  let quote = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === ':' && (i + 1 === text.length || text[i + 1] === ' ')) {
      return i;
    }
  }
  return -1;
}

function parseValue(text, number) {
  if (text === '{}') return {};
  if (text.startsWith('[')) {
    if (!text.endsWith(']')) throw new Error(`line ${number}: flow sequences must close on their line`);
    const inner = text.slice(1, -1).trim();
    return inner === '' ? [] : splitFlow(inner, number).map((item) => parseScalar(item, number));
  }
  return parseScalar(text, number);
}

function splitFlow(text, number) {
  const items = [];
  let quote = null;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') { current += c + text[++i]; continue; }
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === ',') {
      items.push(current.trim());
      current = '';
      continue;
    } else if ('[]{}'.includes(c)) {
      throw new Error(`line ${number}: nested flow collections are not supported`);
    }
    current += c;
  }
  items.push(current.trim());
  return items;
}

function parseScalar(text, number) {
  if (text.startsWith('"')) {
    if (!text.endsWith('"') || text.length < 2) throw new Error(`line ${number}: unterminated string`);
    try {
      return JSON.parse(text);
    } catch {
      throw new Error(`line ${number}: unsupported escape in ${text}`);
    }
  }
  if (text.startsWith("'")) {
    const body = text.slice(1, -1);
    if (!text.endsWith("'") || text.length < 2 || /(^|[^'])'([^']|$)/.test(body)) {
      throw new Error(`line ${number}: bad single-quoted string`);
    }
    return body.replaceAll("''", "'");
  }
  if (/^[&*!|>%@`{[]/.test(text)) throw new Error(`line ${number}: unsupported YAML: ${text}`);
  if (text === '~' || text === 'null') return null;
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^-?(0|[1-9][0-9]*)$/.test(text)) return Number(text);
  // Other numbers, and YAML 1.1 booleans, read differently in different parsers: quote them.
  if (/^[-+]?(\.?[0-9]|\.inf|\.nan)/i.test(text) && !/:/.test(text) || /^(y|n|yes|no|on|off)$/i.test(text)) {
    throw new Error(`line ${number}: ambiguous plain scalar ${text}; quote it`);
  }
  return text;
}

// ---- Compose semantics --------------------------------------------------------------------------

/** Compose's interpolation with every variable unset: ${VAR:-default} gives the default. */
export function interpolate(value) {
  return value.replace(/\$\$|\$\{([^}]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (match, braced) => {
    if (match === '$$') return '$';
    if (braced === undefined) return '';
    const m = braced.match(/^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])(.*))?$/);
    if (!m) throw new Error(`bad interpolation ${match}`);
    const [, , operator, argument] = m;
    if (operator === undefined) return '';
    if (operator.endsWith('?')) throw new Error(`${match} requires a variable to be set`);
    return argument;
  });
}

const SERVICE_KEYS = new Set(['image', 'platform', 'working_dir', 'command', 'environment', 'volumes',
  'ports', 'depends_on', 'profiles', 'healthcheck']);
const CONDITIONS = new Set(['service_started', 'service_healthy', 'service_completed_successfully']);
const HEALTHCHECK_KEYS = new Set(['test', 'interval', 'timeout', 'retries', 'start_period', 'start_interval']);
// OpenObserve's images are distroless (deploy/build/Dockerfile.tag.amd64: gcr.io/distroless/cc-debian13):
// no shell, no curl, no wget. A healthcheck can only run the server's own binary.
const OPENOBSERVE_PROGRAM = '/openobserve';
const ARCH_BY_PLATFORM = { 'linux/amd64': 'x86_64', 'linux/arm64': 'arm64' };
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Returns the problems found, as sentences; an empty list means the file is consistent.
 * composeDir: where the file lives (bind paths are relative to it);
 * configurationDoc: text of docs/configuration.md, or null to skip the variable-name check;
 * wiremockVersion: the WireMock version the stubs are tested with, or null to skip that check;
 * localLambdaOptions: the options LocalLambda accepts (read from its source), or null to skip that check.
 */
export function checkCompose({ composeDir, composeText, configurationDoc, wiremockVersion, localLambdaOptions = null }) {
  const problems = [];
  const problem = (message) => problems.push(message);
  let compose;
  try {
    compose = parseYaml(composeText);
  } catch (e) {
    return [`docker-compose.yml does not parse: ${e.message}`];
  }
  for (const key of Object.keys(compose ?? {})) {
    if (!['name', 'services', 'volumes'].includes(key)) problem(`unknown top-level key '${key}'`);
  }
  const services = compose?.services ?? {};
  const declaredVolumes = new Set(Object.keys(compose?.volumes ?? {}));
  const hostPorts = new Map();

  const svc = {};
  for (const [name, service] of Object.entries(services)) {
    const where = `service ${name}`;
    if (service === null || typeof service !== 'object' || Array.isArray(service)) {
      problem(`${where} is not a mapping`);
      continue;
    }
    for (const key of Object.keys(service)) {
      if (!SERVICE_KEYS.has(key)) problem(`${where}: unknown key '${key}'`);
    }
    if (typeof service.image !== 'string') problem(`${where}: no image`);
    const environment = {};
    for (const [variable, value] of Object.entries(service.environment ?? {})) {
      if (typeof value !== 'string') {
        problem(`${where}: ${variable} must be a quoted string, not ${JSON.stringify(value)}`);
        continue;
      }
      try {
        environment[variable] = interpolate(value);
      } catch (e) {
        problem(`${where}: ${variable}: ${e.message}`);
      }
    }
    const mounts = [];
    for (const volume of service.volumes ?? []) {
      const [source, target, mode = 'rw', ...extra] = String(volume).split(':');
      if (!target || extra.length > 0 || !['ro', 'rw'].includes(mode)) {
        problem(`${where}: volume '${volume}' is not source:target[:ro|rw]`);
        continue;
      }
      if (source.startsWith('.') || source.startsWith('/')) {
        const resolved = path.resolve(composeDir, source);
        const buildOutput = path.relative(REPO, resolved).startsWith('target' + path.sep);
        if (!buildOutput && !existsSync(resolved)) problem(`${where}: bind source ${source} does not exist`);
        mounts.push({ source, resolved, target });
      } else if (!declaredVolumes.has(source)) {
        problem(`${where}: named volume '${source}' is not declared under volumes`);
      }
    }
    const containerPorts = [];
    for (const port of service.ports ?? []) {
      const m = typeof port === 'string' ? port.match(/^(\d+):(\d+)$/) : null;
      if (!m) {
        problem(`${where}: port ${JSON.stringify(port)} is not a quoted "host:container"`);
        continue;
      }
      if (hostPorts.has(m[1])) problem(`${where}: host port ${m[1]} is also used by ${hostPorts.get(m[1])}`);
      hostPorts.set(m[1], name);
      containerPorts.push(Number(m[2]));
    }
    const dependsOn = dependenciesOf(where, service.depends_on, problem);
    for (const [dependency, { required }] of Object.entries(dependsOn)) {
      if (!services[dependency]) problem(`${where}: depends on unknown service ${dependency}`);
      else if (services[dependency].profiles && !service.profiles && required) {
        // Compose refuses the file when the dependency's profile is off, unless it is not required
        problem(`${where}: depends on ${dependency}, which only runs in profiles ${services[dependency].profiles}`
          + ' (the long form with required: false starts without it)');
      }
    }
    if (service.healthcheck !== undefined) checkHealthcheck(where, service.healthcheck, problem);
    svc[name] = { service, environment, mounts, containerPorts, dependsOn, command: service.command ?? [] };
  }

  const fakes = Object.entries(svc).filter(([, s]) => String(s.service.image).startsWith('wiremock/wiremock:'));
  const lambdas = Object.entries(svc).filter(([, s]) => s.command.includes('dev.o2ext.sim.LocalLambda'));
  const reals = Object.entries(svc).filter(([, s]) => String(s.service.image).startsWith('public.ecr.aws/zinclabs/openobserve:'));
  if (fakes.length !== 1) problem(`expected one WireMock service, found ${fakes.length}`);
  if (lambdas.length !== 1) problem(`expected one service running dev.o2ext.sim.LocalLambda, found ${lambdas.length}`);
  if (reals.length !== 1) problem(`expected one OpenObserve service, found ${reals.length}`);

  let mappings = [];
  let fakePort = 8080;
  if (fakes.length === 1) {
    const [name, fake] = fakes[0];
    if (fake.service.profiles) problem(`service ${name}: the fake must run without a profile`);
    if (wiremockVersion && fake.service.image !== `wiremock/wiremock:${wiremockVersion}`) {
      problem(`service ${name}: image ${fake.service.image}, but the stubs are tested with WireMock ${wiremockVersion}`);
    }
    const portFlag = fake.command.indexOf('--port');
    if (portFlag >= 0) fakePort = Number(fake.command[portFlag + 1]);
    if (!fake.containerPorts.includes(fakePort)) problem(`service ${name}: container port ${fakePort} is not published`);
    const mount = fake.mounts.find((m) => m.target === '/home/wiremock/mappings');
    if (!mount) problem(`service ${name}: nothing mounted at /home/wiremock/mappings`);
    else mappings = readMappings(mount.resolved, problem);
  }

  if (lambdas.length === 1) {
    const [name, lambda] = lambdas[0];
    const where = `service ${name}`;
    const env = lambda.environment;
    const command = lambda.command;
    const simulatorArgs = command.slice(command.indexOf('dev.o2ext.sim.LocalLambda') + 1);
    const option = (name) => {
      const index = simulatorArgs.indexOf(name);
      return index >= 0 ? simulatorArgs[index + 1] : undefined;
    };
    if (localLambdaOptions) {
      for (const arg of simulatorArgs.filter((a) => String(a).startsWith('--'))) {
        if (!localLambdaOptions.includes(arg)) problem(`${where}: LocalLambda has no option ${arg}`);
      }
    }
    const layerDir = option('--layer');
    const layerMount = lambda.mounts.find((m) => m.target === layerDir);
    if (layerDir !== '/opt') problem(`${where}: the simulator must get --layer /opt, not ${layerDir}`);
    if (!layerMount) {
      problem(`${where}: no layer mounted at ${layerDir}`);
    } else {
      const arch = ARCH_BY_PLATFORM[lambda.service.platform];
      const expected = path.join(REPO, 'target', 'layer', arch ?? '?');
      if (!arch) problem(`${where}: platform must be one of ${Object.keys(ARCH_BY_PLATFORM)}`);
      else if (layerMount.resolved !== expected) {
        problem(`${where}: platform ${lambda.service.platform} needs the layer from target/layer/${arch}, not ${layerMount.source}`);
      }
    }
    checkFunctionCommand(where, String(option('--function') ?? '').split(/\s+/).filter((w) => w !== ''),
      lambda.mounts, problem);

    for (const variable of ['O2_ORGANIZATION_ID', 'O2_AUTHORIZATION_HEADER']) {
      if (!env[variable]) problem(`${where}: ${variable} is required by the extension`);
    }
    if (configurationDoc) {
      const documented = new Set([...configurationDoc.matchAll(/^\| `(O2_[A-Z0-9_]+)` \|/gm)].map((m) => m[1]));
      for (const variable of Object.keys(env).filter((v) => v.startsWith('O2_'))) {
        if (!documented.has(variable)) problem(`${where}: ${variable} is not a variable of docs/configuration.md`);
      }
    }
    checkEndpoint(where, env, lambda.dependsOn, fakes[0]?.[0], fakePort, problem);

    const ingest = `/api/${env.O2_ORGANIZATION_ID}/${env.O2_STREAM ?? 'default'}/_json`;
    const answering = mappings.filter((m) => m.request.method === 'POST' && fullMatch(m.request.urlPathPattern, ingest)
      && m.response.status === 200 && headerMatches(m.request.headers?.Authorization, env.O2_AUTHORIZATION_HEADER));
    if (mappings.length > 0 && answering.length === 0) {
      problem(`no stub answers POST ${ingest} with the default O2_AUTHORIZATION_HEADER with 200`);
    }
  }
  if (mappings.length > 0 && !mappings.some((m) => m.request.method === 'GET' && m.request.urlPath === '/healthz')) {
    problem('no stub answers GET /healthz');
  }

  if (reals.length === 1) {
    const [name, real] = reals[0];
    if (!(real.service.profiles ?? []).includes('real')) problem(`service ${name}: must run only in the profile 'real'`);
    for (const variable of ['ZO_ROOT_USER_EMAIL', 'ZO_ROOT_USER_PASSWORD']) {
      const raw = real.service.environment?.[variable];
      if (raw === undefined) problem(`service ${name}: ${variable} must be set`);
      // from the user's .env only: no credential, not even a default, in the compose file
      else if (!new RegExp(`^\\$\\{${variable}(:?-)?\\}$`).test(String(raw))) {
        problem(`service ${name}: ${variable} must come from .env as "\${${variable}:-}", not from the compose file`);
      }
    }
    if (!real.containerPorts.includes(5080)) problem(`service ${name}: container port 5080 is not published`);
    const test = real.service.healthcheck?.test;
    if (!Array.isArray(test)) {
      problem(`service ${name}: no healthcheck, so nothing can wait for it to be ready`);
    } else if (test[0] !== 'CMD' || test[1] !== OPENOBSERVE_PROGRAM) {
      problem(`service ${name}: the healthcheck runs ${JSON.stringify(test.slice(0, 2))}, but the image is distroless`
        + ` (no shell, curl or wget): only ["CMD", "${OPENOBSERVE_PROGRAM}", …] can run`);
    }
    for (const [lambdaName, lambda] of lambdas) {
      const dependency = lambda.dependsOn[name];
      if (dependency?.condition !== 'service_healthy') {
        problem(`service ${lambdaName}: must wait for ${name} with condition: service_healthy (with --profile real it would send before OpenObserve is ready)`);
      } else if (dependency.required && !lambda.service.profiles) {
        problem(`service ${lambdaName}: its dependency on ${name} needs required: false, or the default profile cannot start`);
      }
    }
  }
  return problems;
}

/** depends_on in either form, as name → { condition, required }; the short form is service_started, required. */
function dependenciesOf(where, dependsOn, problem) {
  const result = {};
  if (dependsOn === undefined || dependsOn === null) return result;
  if (Array.isArray(dependsOn)) {
    for (const name of dependsOn) result[String(name)] = { condition: 'service_started', required: true };
    return result;
  }
  if (typeof dependsOn !== 'object') {
    problem(`${where}: depends_on must be a list of services or a mapping`);
    return result;
  }
  for (const [name, config] of Object.entries(dependsOn)) {
    const condition = config?.condition;
    if (!CONDITIONS.has(condition)) {
      problem(`${where}: depends_on ${name}: condition must be one of ${[...CONDITIONS].join(', ')}, not ${JSON.stringify(condition)}`);
    }
    for (const key of Object.keys(config ?? {})) {
      if (!['condition', 'required', 'restart'].includes(key)) problem(`${where}: depends_on ${name}: unknown key '${key}'`);
    }
    if (config?.required !== undefined && typeof config.required !== 'boolean') {
      problem(`${where}: depends_on ${name}: required must be true or false`);
    }
    result[name] = { condition, required: config?.required !== false };
  }
  return result;
}

function checkHealthcheck(where, healthcheck, problem) {
  if (healthcheck === null || typeof healthcheck !== 'object' || Array.isArray(healthcheck)) {
    problem(`${where}: healthcheck is not a mapping`);
    return;
  }
  for (const key of Object.keys(healthcheck)) {
    if (!HEALTHCHECK_KEYS.has(key)) problem(`${where}: healthcheck: unknown key '${key}'`);
  }
  const { test } = healthcheck;
  if (!Array.isArray(test) || !['CMD', 'CMD-SHELL'].includes(test[0]) || test.length < 2) {
    problem(`${where}: healthcheck test must be ["CMD", program, args...] or ["CMD-SHELL", command]`);
  }
  for (const key of ['interval', 'timeout', 'start_period', 'start_interval']) {
    const value = healthcheck[key];
    if (value !== undefined && !(typeof value === 'string' && /^([0-9]+(ms|s|m|h))+$/.test(value))) {
      problem(`${where}: healthcheck ${key} must be a quoted duration such as "5s", not ${JSON.stringify(value)}`);
    }
  }
  if (healthcheck.retries !== undefined && !(Number.isInteger(healthcheck.retries) && healthcheck.retries > 0)) {
    problem(`${where}: healthcheck retries must be a positive number`);
  }
}

function readMappings(dir, problem) {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    problem(`mappings directory ${dir} does not exist`);
    return [];
  }
  const mappings = [];
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  if (files.length === 0) problem(`no *.json stub in ${dir}`);
  for (const file of files) {
    let mapping;
    try {
      mapping = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    } catch (e) {
      problem(`stub ${file} is not valid JSON: ${e.message}`);
      continue;
    }
    if (typeof mapping?.request?.method !== 'string' || !Number.isInteger(mapping?.response?.status)) {
      problem(`stub ${file} needs request.method and response.status`);
      continue;
    }
    mappings.push(mapping);
  }
  return mappings;
}

function checkFunctionCommand(where, functionCommand, mounts, problem) {
  if (functionCommand.length === 0) {
    problem(`${where}: no --function command`);
    return;
  }
  const executable = functionCommand[0];
  const mount = mounts.find((m) => executable.startsWith(m.target + '/'));
  if (!mount) {
    problem(`${where}: the function command ${executable} is not inside a mounted directory`);
    return;
  }
  const file = path.join(mount.resolved, path.relative(mount.target, executable));
  try {
    accessSync(file, constants.X_OK);
  } catch {
    problem(`${where}: the function command ${path.relative(REPO, file)} is missing or not executable`);
  }
}

function checkEndpoint(where, env, dependsOn, fakeName, fakePort, problem) {
  let url;
  try {
    url = new URL(env.O2_ENDPOINT ?? '');
  } catch {
    problem(`${where}: O2_ENDPOINT ${JSON.stringify(env.O2_ENDPOINT)} is not a URL`);
    return;
  }
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname) && env.O2_ALLOW_INSECURE_HTTP !== 'true') {
    problem(`${where}: O2_ENDPOINT is plain http on ${url.hostname}; the extension refuses it without O2_ALLOW_INSECURE_HTTP: "true"`);
  }
  if (url.hostname !== fakeName) {
    problem(`${where}: O2_ENDPOINT's default host ${url.hostname} is not the fake's service name ${fakeName}`);
    return;
  }
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (port !== fakePort) problem(`${where}: O2_ENDPOINT port ${port} is not the fake's container port ${fakePort}`);
  if (!Object.hasOwn(dependsOn, fakeName)) problem(`${where}: should depend on ${fakeName}`);
}

function javaRegex(pattern) {
  const dotAll = pattern.startsWith('(?s)');
  return new RegExp(`^(?:${dotAll ? pattern.slice(4) : pattern})$`, dotAll ? 's' : '');
}

function fullMatch(pattern, value) {
  return typeof pattern === 'string' && javaRegex(pattern).test(value);
}

function headerMatches(matcher, value) {
  if (!matcher) return true;
  if (matcher.absent === true) return value === undefined;
  if (typeof matcher.matches === 'string') return value !== undefined && fullMatch(matcher.matches, value);
  if (typeof matcher.equalTo === 'string') return value === matcher.equalTo;
  return false;
}

// ---- Command line --------------------------------------------------------------------------------

/** The options LocalLambdaOptions.parse accepts: its `case "--…"` labels. */
export function localLambdaOptionsOf(javaSource) {
  return [...javaSource.matchAll(/case "(--[a-z-]+)"/g)].map((m) => m[1]);
}

function main() {
  const pom = readFileSync(path.join(REPO, 'infra/cdk/pom.xml'), 'utf8');
  const optionsSource = readFileSync(path.join(REPO, 'src/tools/java/dev/o2ext/sim/LocalLambdaOptions.java'), 'utf8');
  const docPath = path.join(REPO, 'docs/configuration.md');
  const problems = checkCompose({
    composeDir: HERE,
    composeText: readFileSync(path.join(HERE, 'docker-compose.yml'), 'utf8'),
    configurationDoc: existsSync(docPath) ? readFileSync(docPath, 'utf8') : null,
    wiremockVersion: pom.match(/<wiremock\.version>([^<]+)<\/wiremock\.version>/)?.[1] ?? null,
    localLambdaOptions: localLambdaOptionsOf(optionsSource),
  });
  for (const p of problems) console.error(`check-compose: ${p}`);
  if (problems.length > 0) process.exit(1);
  console.log('check-compose: infra/local/docker-compose.yml is consistent');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
