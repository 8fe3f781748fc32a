/**
 * `--server-rev REV`: run the server from a committed revision instead of the work tree (so a run measures
 * committed code while someone edits packages/). `git archive REV packages` into a temp dir, beside a
 * node_modules whose entries link to the repo's, except the workspace packages, which link into the export.
 */

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ServerTree {
  root: string;
  rev: string;
  remove(): void;
}

export function exportServerTree(repoRoot: string, rev: string): ServerTree {
  const short = execFileSync('git', ['rev-parse', '--short', `${rev}^{commit}`], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 10_000,
  }).trim();
  const root = mkdtempSync(join(tmpdir(), `call-load-server-${short}-`));
  try {
    const tar = execFileSync('git', ['archive', '--format=tar', short, 'packages', 'package.json'], {
      cwd: repoRoot,
      maxBuffer: 512 * 1024 * 1024,
      timeout: 60_000,
    });
    execFileSync('tar', ['-x', '-C', root], { input: tar, timeout: 60_000 });
    const nm = join(root, 'node_modules');
    mkdirSync(nm);
    for (const entry of readdirSync(join(repoRoot, 'node_modules'))) {
      if (entry === '@calling') continue;
      symlinkSync(join(repoRoot, 'node_modules', entry), join(nm, entry));
    }
    // Workspace links are relative (../../packages/x): the same link here points into the export.
    mkdirSync(join(nm, '@calling'));
    for (const entry of readdirSync(join(repoRoot, 'node_modules', '@calling'))) {
      symlinkSync(readlinkSync(join(repoRoot, 'node_modules', '@calling', entry)), join(nm, '@calling', entry));
    }
    // Nested installs (a package's own node_modules) are not in git: link them too.
    for (const pkg of readdirSync(join(root, 'packages'))) {
      const nested = join(repoRoot, 'packages', pkg, 'node_modules');
      try {
        readdirSync(nested);
        symlinkSync(nested, join(root, 'packages', pkg, 'node_modules'));
      } catch {}
    }
  } catch (err) {
    rmSync(root, { recursive: true, force: true });
    throw err;
  }
  return { root, rev: short, remove: () => rmSync(root, { recursive: true, force: true }) };
}
