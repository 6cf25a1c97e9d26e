import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * No Docker engine runs these files in CI, so they are checked by parsing: docker-compose.yml with
 * a YAML parser, the Dockerfile line by line. Each check returns the list of what is wrong, so a
 * failure names the problem; the last block feeds broken copies in to prove the checks can fail.
 */

type Dict = Record<string, unknown>;

const root = process.cwd();
const composeText = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
const dockerfileText = readFileSync(join(root, 'Dockerfile'), 'utf8');

const isDict = (value: unknown): value is Dict => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `environment:` may be a map or a list of KEY=VALUE strings. */
function envOf(service: Dict): Record<string, string> {
  const env = service.environment;
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const text = String(entry);
        const eq = text.indexOf('=');
        return eq < 0 ? [text, ''] : [text.slice(0, eq), text.slice(eq + 1)];
      }),
    );
  }
  if (isDict(env)) return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
  return {};
}

/** A healthcheck `test:` may be a string or a list such as ["CMD", "node", "-e", "..."]. */
function healthcheckText(service: Dict): string | undefined {
  const healthcheck = service.healthcheck;
  if (!isDict(healthcheck) || healthcheck.disable === true) return undefined;
  const test = healthcheck.test;
  if (typeof test === 'string') return test;
  if (Array.isArray(test)) return test.map(String).join(' ');
  return undefined;
}

/** Named-volume sources mounted by a service, from short ("src:/target") or long syntax. */
function namedVolumeMounts(service: Dict): { source: string; target: string }[] {
  const mounts: { source: string; target: string }[] = [];
  for (const volume of Array.isArray(service.volumes) ? service.volumes : []) {
    if (typeof volume === 'string') {
      const [source, target] = volume.split(':');
      // Bind mounts start with a path; a named volume is a bare name.
      if (source && target && !/^[./~]/.test(source)) mounts.push({ source, target });
    } else if (isDict(volume) && (volume.type ?? 'volume') === 'volume' && typeof volume.source === 'string') {
      mounts.push({ source: volume.source, target: String(volume.target) });
    }
  }
  return mounts;
}

/** Container ports published by a service, from short ("3000:3000", "127.0.0.1:3000:3000/tcp") or long syntax. */
function publishedPorts(service: Dict): { published: string; target: string }[] {
  const ports: { published: string; target: string }[] = [];
  for (const port of Array.isArray(service.ports) ? service.ports : []) {
    if (typeof port === 'string' || typeof port === 'number') {
      const parts = String(port)
        .replace(/\/(tcp|udp)$/, '')
        .split(':');
      if (parts.length >= 2) ports.push({ published: parts[parts.length - 2]!, target: parts[parts.length - 1]! });
    } else if (isDict(port) && port.published !== undefined) {
      ports.push({ published: String(port.published), target: String(port.target) });
    }
  }
  return ports;
}

function composeProblems(compose: unknown, repoRoot: string): string[] {
  const problems: string[] = [];
  if (!isDict(compose) || !isDict(compose.services)) return ['no top-level services map'];
  const services = compose.services;
  const postgres = services.postgres;
  const app = services.app;
  if (!isDict(postgres)) problems.push('service "postgres" is missing');
  if (!isDict(app)) problems.push('service "app" is missing');
  if (!isDict(postgres) || !isDict(app)) return problems;
  const declaredVolumes = isDict(compose.volumes) ? Object.keys(compose.volumes) : [];

  // postgres
  const image = String(postgres.image ?? '');
  if (!/^(docker\.io\/(library\/)?)?postgres:[\w.-]+$/.test(image)) {
    problems.push(`postgres.image should be the official postgres:<tag> image, got "${image}"`);
  }
  const dataMount = namedVolumeMounts(postgres).find((m) => m.target === '/var/lib/postgresql/data');
  if (dataMount?.source !== 'pgdata') {
    problems.push('postgres must mount the named volume "pgdata" at /var/lib/postgresql/data');
  }
  if (!declaredVolumes.includes('pgdata')) problems.push('volume "pgdata" is not declared under top-level volumes');
  if (!/\bpg_isready\b/.test(healthcheckText(postgres) ?? '')) {
    problems.push('postgres.healthcheck.test should run pg_isready');
  }
  const pgEnv = envOf(postgres);

  // app
  const build = typeof app.build === 'string' ? { context: app.build } : isDict(app.build) ? app.build : undefined;
  if (!build) {
    problems.push('app must be built (build:), not pulled');
  } else {
    const context = String(build.context ?? '.');
    const dockerfile = String(build.dockerfile ?? 'Dockerfile');
    if (!['.', './'].includes(context)) problems.push(`app.build.context should be the repo root, got "${context}"`);
    if (!existsSync(join(repoRoot, context, dockerfile))) {
      problems.push(`app.build names ${join(context, dockerfile)}, which does not exist`);
    }
  }

  const env = envOf(app);
  const databaseUrl = env.DATABASE_URL;
  if (databaseUrl === undefined) {
    problems.push('app.environment.DATABASE_URL is missing');
  } else {
    let url: URL | undefined;
    try {
      url = new URL(databaseUrl);
    } catch {
      problems.push(`app DATABASE_URL is not a URL: "${databaseUrl}"`);
    }
    if (url) {
      if (!['postgres:', 'postgresql:'].includes(url.protocol))
        problems.push(`DATABASE_URL protocol is ${url.protocol}`);
      if (url.hostname !== 'postgres') problems.push(`DATABASE_URL host should be "postgres", got "${url.hostname}"`);
      if (!['', '5432'].includes(url.port)) problems.push(`DATABASE_URL port should be 5432, got ${url.port}`);
      if (decodeURIComponent(url.username) !== pgEnv.POSTGRES_USER) {
        problems.push('DATABASE_URL user differs from postgres POSTGRES_USER');
      }
      if (decodeURIComponent(url.password) !== pgEnv.POSTGRES_PASSWORD) {
        problems.push('DATABASE_URL password differs from postgres POSTGRES_PASSWORD');
      }
      if (url.pathname.slice(1) !== pgEnv.POSTGRES_DB) problems.push('DATABASE_URL database differs from POSTGRES_DB');
    }
  }
  if ((env.PORT ?? '3000') !== '3000') problems.push(`app PORT should be 3000, got ${env.PORT}`);

  if (!publishedPorts(app).some((p) => p.target === '3000' && p.published === '3000')) {
    problems.push('app must publish port 3000 ("3000:3000")');
  }

  const dependsOn = app.depends_on;
  const postgresDep = isDict(dependsOn) ? dependsOn.postgres : undefined;
  if (!isDict(postgresDep) || postgresDep.condition !== 'service_healthy') {
    problems.push('app.depends_on.postgres.condition should be service_healthy');
  }
  const appCheck = healthcheckText(app) ?? '';
  if (!appCheck.includes('/health')) problems.push('app.healthcheck.test should request /health');
  if (/\b(curl|wget)\b/.test(appCheck)) problems.push('app.healthcheck uses curl/wget, which the slim image lacks');
  return problems;
}

interface Instruction {
  keyword: string;
  args: string;
}

/** Logical Dockerfile instructions: comments dropped, `\` continuations joined. */
function dockerfileInstructions(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('#')) continue; // comments and parser directives, also inside continuations
    if (line === '' && pending === '') continue;
    const continued = line.endsWith('\\');
    pending += (pending ? ' ' : '') + (continued ? line.slice(0, -1).trim() : line);
    if (continued) continue;
    const match = /^(\S+)\s*(.*)$/.exec(pending);
    if (match) instructions.push({ keyword: match[1]!.toUpperCase(), args: match[2]! });
    pending = '';
  }
  return instructions;
}

function dockerfileProblems(text: string): string[] {
  const problems: string[] = [];
  const instructions = dockerfileInstructions(text);
  const stageStarts = instructions.flatMap((instruction, index) => (instruction.keyword === 'FROM' ? [index] : []));
  if (stageStarts.length < 2) problems.push(`expected a multi-stage build (>= 2 FROM), found ${stageStarts.length}`);
  if (stageStarts.length === 0) return problems;
  const finalStage = instructions.slice(stageStarts[stageStarts.length - 1]);

  const users = finalStage.filter((i) => i.keyword === 'USER');
  const user = users.length > 0 ? users[users.length - 1]!.args.split(':')[0]!.trim() : undefined;
  if (user === undefined || user === 'root' || user === '0') {
    problems.push(`final stage must switch to a non-root USER, got ${user ?? 'none'}`);
  }

  const exposed = finalStage
    .filter((i) => i.keyword === 'EXPOSE')
    .flatMap((i) => i.args.split(/\s+/))
    .map((port) => port.replace(/\/tcp$/, ''));
  if (!exposed.includes('3000')) problems.push('final stage must EXPOSE 3000');

  const healthcheck = finalStage.find((i) => i.keyword === 'HEALTHCHECK');
  if (!healthcheck || /^NONE\b/i.test(healthcheck.args) || !healthcheck.args.includes('/health')) {
    problems.push('final stage needs a HEALTHCHECK that requests /health');
  } else if (/\b(curl|wget)\b/.test(healthcheck.args)) {
    problems.push('HEALTHCHECK uses curl/wget, which the slim image lacks');
  }

  const cmds = finalStage.filter((i) => i.keyword === 'CMD');
  const cmd = cmds[cmds.length - 1];
  let argv: unknown;
  try {
    argv = cmd ? JSON.parse(cmd.args) : undefined;
  } catch {
    argv = undefined;
  }
  // Exec form, so that node itself (not /bin/sh) is PID 1 and receives SIGTERM.
  if (!Array.isArray(argv) || argv[0] !== 'node' || !argv.includes('dist/main.js')) {
    problems.push(`CMD should be the exec form ["node", "dist/main.js"], got ${cmd?.args ?? 'none'}`);
  }
  return problems;
}

describe('docker-compose.yml', () => {
  const compose: unknown = parse(composeText);

  it('is valid YAML with the postgres and app services', () => {
    expect(isDict(compose)).toBe(true);
    const services = (compose as Dict).services as Dict;
    expect(Object.keys(services).sort()).toEqual(['app', 'postgres']);
  });

  it('runs official postgres on a declared named volume, and app built here against it', () => {
    expect(composeProblems(compose, root)).toEqual([]);
  });

  it('points the app at the postgres service by host name', () => {
    const app = (compose as { services: { app: Dict } }).services.app;
    const url = new URL(envOf(app).DATABASE_URL!);
    expect(url.hostname).toBe('postgres');
    expect(url.hostname in (compose as { services: Dict }).services).toBe(true);
  });
});

describe('Dockerfile', () => {
  it('is multi-stage and runs dist/main.js as a non-root user with a /health check on port 3000', () => {
    expect(dockerfileProblems(dockerfileText)).toEqual([]);
  });

  it('builds from package-lock.json with npm ci and prunes devDependencies', () => {
    const runs = dockerfileInstructions(dockerfileText)
      .filter((i) => i.keyword === 'RUN')
      .map((i) => i.args)
      .join('\n');
    expect(runs).toMatch(/\bnpm ci\b/);
    expect(runs).toMatch(/\bnpm run build\b/);
    expect(runs).toMatch(/\bnpm prune --omit=dev\b/);
  });
});

describe('the checks themselves', () => {
  const fresh = (): Dict => parse(composeText) as Dict;

  it('fail when the named volume is not declared at top level', () => {
    const compose = fresh();
    delete compose.volumes;
    expect(composeProblems(compose, root)).toContain('volume "pgdata" is not declared under top-level volumes');
  });

  it('fail when app does not wait for a healthy postgres', () => {
    const compose = fresh();
    ((compose.services as Dict).app as Dict).depends_on = ['postgres'];
    expect(composeProblems(compose, root)).toContain('app.depends_on.postgres.condition should be service_healthy');
  });

  it('fail when DATABASE_URL points at localhost', () => {
    const compose = fresh();
    const app = (compose.services as Dict).app as Dict;
    app.environment = {
      ...(app.environment as Dict),
      DATABASE_URL: 'postgres://diplomacy:diplomacy@localhost:5432/diplomacy',
    };
    expect(composeProblems(compose, root)).toContain('DATABASE_URL host should be "postgres", got "localhost"');
  });

  it('fail when the final stage runs as root or in shell form', () => {
    const broken = `${dockerfileText}\nUSER root\nCMD node dist/main.js\n`;
    const problems = dockerfileProblems(broken);
    expect(problems).toContain('final stage must switch to a non-root USER, got root');
    expect(problems.some((p) => p.startsWith('CMD should be the exec form'))).toBe(true);
  });

  it('fail on a single-stage Dockerfile without a healthcheck', () => {
    const problems = dockerfileProblems(
      'FROM node:20-bookworm-slim\nUSER node\nEXPOSE 3000\nCMD ["node", "dist/main.js"]\n',
    );
    expect(problems).toEqual([
      'expected a multi-stage build (>= 2 FROM), found 1',
      'final stage needs a HEALTHCHECK that requests /health',
    ]);
  });
});
