import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { stopProcess } from './processes.js';

/**
 * A virtual X display (Debian's `xvfb`) for browsers that need one: WebKitGTK's MiniBrowser has
 * no headless mode, and Firefox has WebGL only when headful. Each browser gets its own server, on
 * a display number Xvfb picks itself (-displayfd), so parallel runs never collide.
 */
export interface VirtualDisplay {
  /** The DISPLAY value, e.g. ':99'. */
  readonly display: string;
  close(): Promise<void>;
}

export function xvfbPath(): string | undefined {
  return ['/usr/bin/Xvfb', '/usr/local/bin/Xvfb'].find((path) => existsSync(path));
}

const START_TIMEOUT_MS = 15_000;

export async function startVirtualDisplay(): Promise<VirtualDisplay> {
  const executable = xvfbPath();
  if (!executable) throw new Error('no Xvfb: install it with `apt-get install -y xvfb`');
  // fd 3 receives the display number; -nolisten tcp keeps it off the network.
  const child = spawn(executable, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp', '-noreset'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const display = await new Promise<string>((resolve, reject) => {
    let received = '';
    const timer = setTimeout(() => fail(new Error(`Xvfb did not report a display within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    (child.stdio[3] as Readable).on('data', (chunk: Buffer) => {
      received += chunk.toString();
      if (!received.includes('\n')) return;
      clearTimeout(timer);
      resolve(`:${received.trim()}`);
    });
    child.once('exit', (code) => fail(new Error(`Xvfb exited with code ${code} before reporting a display: ${stderr.join('').trim().split('\n').slice(-3).join(' | ')}`)));
    child.once('error', fail);
  });
  return { display, close: () => stopProcess(child) };
}
