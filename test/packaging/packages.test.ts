import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * What a marketplace team gets: every package built, packed with `npm pack`, installed from the tarballs into
 * an empty project (dependencies from the registry), and used there as published: no sources, no tsx, no
 * `@calling/source` condition.
 */
const repo = resolve(import.meta.dirname, '../..');
const PACKAGES = ['protocol', 'client', 'react', 'app-shell', 'server', 'host'];
const run = (cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) =>
  execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    // Only what a stranger's shell would have: no condition that points at our sources.
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

describe('the published packages', () => {
  let work: string;
  let project: string;
  let server: ChildProcess | null = null;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'calling-pack-'));
    project = join(work, 'host-app');
    await mkdir(project);
    run('npm', ['run', 'build', '--silent'], repo);
    const packed = join(work, 'tarballs');
    await mkdir(packed);
    for (const pkg of PACKAGES)
      run('npm', ['pack', '--silent', '--pack-destination', packed], join(repo, 'packages', pkg));
    const tarballs = (await readdir(packed)).map((f) => join(packed, f));
    expect(tarballs).toHaveLength(PACKAGES.length);
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'host-app', private: true, type: 'module' }));
    // Peers (react-native and friends) are the app's to bring; the web and server parts must not need them.
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--legacy-peer-deps', ...tarballs], project);
  }, 600_000);
  afterAll(async () => {
    if (server && server.exitCode === null) server.kill('SIGKILL');
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('ship their built code and declarations only', async () => {
    for (const pkg of PACKAGES) {
      const files = await readdir(join(project, 'node_modules', '@calling', pkg), { recursive: true });
      expect(files.some((f) => String(f).startsWith('src'))).toBe(false);
      expect(files).toContain(join('dist', 'index.js'));
      expect(files).toContain(join('dist', 'index.d.ts'));
    }
  });

  it('import in plain Node: protocol, client and server', () => {
    const out = run(
      'node',
      [
        '--input-type=module',
        '-e',
        `const p = await import('@calling/protocol'); const c = await import('@calling/client');
         const s = await import('@calling/server');
         console.log(JSON.stringify([p.PROTOCOL_VERSION, typeof p.InitiatePayload?.parse, typeof c.CallClient,
           typeof s.startServer, typeof s.loadConfig]));`,
      ],
      project,
    );
    expect(JSON.parse(out)).toEqual([3, 'function', 'function', 'function', 'function']);
  });

  it('type-check a consumer against the published declarations', async () => {
    await writeFile(
      join(project, 'consumer.ts'),
      `import { CallClient } from '@calling/client';
       import { type CallLog, PROTOCOL_VERSION } from '@calling/protocol';
       import { loadConfig } from '@calling/server';
       const version: number = PROTOCOL_VERSION;
       const port: number = loadConfig({ PORT: '0' }).port;
       const maker: typeof CallClient = CallClient;
       export const checked = [version, port, maker, null as CallLog | null];
       // @ts-expect-error a protocol version is a number
       export const wrong: string = PROTOCOL_VERSION;\n`,
    );
    await writeFile(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'bundler',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          lib: ['ES2023', 'DOM'],
          types: [],
        },
        files: ['consumer.ts'],
      }),
    );
    run(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', '.'], project);
  });

  it('bundle for the web: the React bindings and the app shell resolve every file they name', async () => {
    await writeFile(
      join(project, 'web-entry.js'),
      `import { CallScreen } from '@calling/react'; import { AppRoot } from '@calling/app-shell';
       console.log(typeof CallScreen, typeof AppRoot);\n`,
    );
    const esbuild = await import('esbuild');
    const result = await esbuild.build({
      absWorkingDir: project,
      entryPoints: ['web-entry.js'],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      // As Metro does for the web: the platform's file first.
      resolveExtensions: ['.web.js', '.js'],
      // What the app brings (React, React Native, Expo and its modules) stays outside the bundle.
      external: ['react', 'react/*', 'react-native', 'react-native-*', 'expo-*', '@expo/*', '@react-native*'],
      // The call tones are sound files the bundler serves beside the code (as Metro's assets on the web).
      loader: { '.wav': 'file' },
      outdir: join(project, 'web-out'),
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const code = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? '';
    expect(code).not.toContain('react-native-webrtc');
    expect(result.outputFiles.filter((f) => f.path.endsWith('.wav'))).toHaveLength(2);
  });

  it('run the server with node from its bin, and nothing of tsx in its production dependencies', async () => {
    // What installing the tarballs brought in (production dependencies only, as any install of a package).
    expect(JSON.parse(run('npm', ['query', '#tsx'], project))).toEqual([]);
    expect(JSON.parse(run('npm', ['query', '#fastify'], project))).toHaveLength(1);

    const dataDir = join(work, 'data');
    const proc = spawn(join(project, 'node_modules/.bin/calling-server'), [], {
      cwd: project,
      env: { ...process.env, NODE_OPTIONS: '', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server = proc;
    let out = '';
    proc.stdout?.on('data', (d) => (out += d));
    proc.stderr?.on('data', (d) => (out += d));
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start line within 60 s:\n${out}`)), 60_000);
      proc.stdout?.on('data', () => {
        const m = /Private calling server: (http:\/\/\S+)/.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          resolveUrl(m[1]);
        }
      });
      proc.on('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
    });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: '+15550000001', password: 'demo-pass-1' }),
    });
    expect(login.status).toBe(200);
    const exited = new Promise<number | null>((r) => proc.on('exit', r));
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 90_000);
});
