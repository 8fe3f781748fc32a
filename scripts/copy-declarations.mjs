#!/usr/bin/env node
// tsc emits declarations for .ts files but does not copy hand-written ones (the platform files' shared
// src/**/index.d.ts): copied beside the built code so dist's types are whole. Run in a package's folder.
import { cp, readdir } from 'node:fs/promises';
import { join } from 'node:path';

for (const file of await readdir('src', { recursive: true })) {
  if (file.endsWith('.d.ts')) await cp(join('src', file), join('dist', file));
}
