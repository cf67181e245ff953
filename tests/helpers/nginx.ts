import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './redis';

/**
 * Debian's nginx in front of given upstream ports, with the deployment's own proxy rules
 * (deploy/nginx-proxy.conf), on a free port. Everything nginx writes (pid, logs, temp files)
 * stays in a temporary folder, removed by `stop`.
 */

const NGINX_HINT = "No nginx for the tests: install Debian's nginx (`apt-get install -y nginx`) or set NGINX_PATH.";
const PROXY_RULES = path.resolve(import.meta.dirname, '../../deploy/nginx-proxy.conf');
const START_TIMEOUT_MS = 10_000;
/** What deploy/nginx.conf sets on each node's line (a node failing twice rests for 5 s); its keepalive_timeout is copied below. */
const UPSTREAM_PARAMETERS = 'max_fails=2 fail_timeout=5s';

export interface TestNginx {
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  /** What nginx logged (its error log), for failure messages. */
  errorLog(): string;
  stop(): Promise<void>;
}

function nginxPath(): string {
  const found = [process.env.NGINX_PATH, '/usr/sbin/nginx'].find((p): p is string => !!p && fs.existsSync(p));
  if (!found) throw new Error(NGINX_HINT);
  return found;
}

/** The nginx.conf the test runs: the deployment's rules inside a minimal http block. */
function testConfig(dir: string, port: number, upstreamPorts: number[]): string {
  const tmp = (name: string) => path.join(dir, name);
  return `
worker_processes 1;
pid ${tmp('nginx.pid')};
error_log ${tmp('error.log')} warn;
${process.getuid?.() === 0 ? 'user root;' : ''}
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${tmp('client_body')};
  proxy_temp_path ${tmp('proxy')};
  fastcgi_temp_path ${tmp('fastcgi')};
  uwsgi_temp_path ${tmp('uwsgi')};
  scgi_temp_path ${tmp('scgi')};
  map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
  upstream together_board {
${upstreamPorts.map((p) => `    server 127.0.0.1:${p} ${UPSTREAM_PARAMETERS};`).join('\n')}
    keepalive 8;
    keepalive_timeout 4s;
  }
  server {
    listen 127.0.0.1:${port};
    include ${PROXY_RULES};
  }
}
`;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts nginx (`nginx -p <tmp> -c <conf> -g 'daemon off;'`) round-robin over `upstreamPorts`. */
export async function startNginx(upstreamPorts: number[]): Promise<TestNginx> {
  const binary = nginxPath();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'together-board-nginx-'));
  const port = await freePort();
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, testConfig(dir, port, upstreamPorts));
  const errorLog = () => {
    try {
      return fs.readFileSync(path.join(dir, 'error.log'), 'utf8');
    } catch {
      return '';
    }
  };
  let stderr = '';
  const child: ChildProcess = spawn(binary, ['-p', dir, '-c', conf, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      const why = `${stderr}${errorLog()}`;
      await stop();
      throw new Error(`nginx did not start on port ${port}: ${why}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { port, url: `http://127.0.0.1:${port}`, errorLog, stop };
}
