/** The project's TypeScript program (its tsconfig), for the tests that read src/ with the type checker. */
import path from 'node:path';
import ts from 'typescript';
import { projectRoot } from '../../../src/contract/index.ts';

function config(): ts.ParsedCommandLine {
  return ts.getParsedCommandLineOfConfigFile(path.join(projectRoot, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
}

/** Every file of src/ the tsconfig compiles. */
export function srcFiles(): string[] {
  return config().fileNames.filter((f) => path.relative(projectRoot, f).startsWith('src/'));
}

/** A program of `files`, with `extra` files (path to text) that exist only in memory: a probe a test plants. */
export function programOf(files: string[], extra: Record<string, string> = {}): ts.Program {
  const options = config().options;
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (f) => extra[f] ?? read(f);
  const exists = host.fileExists.bind(host);
  host.fileExists = (f) => f in extra || exists(f);
  return ts.createProgram([...files, ...Object.keys(extra)], options, host);
}
