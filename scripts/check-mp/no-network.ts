/**
 * Preloaded (`node --require`, through NODE_OPTIONS so that it also reaches the compiler process miniprogram-ci
 * forks) into every Node process of the compile. miniprogram-ci makes all its HTTP calls through the `request`
 * package; during a compile its one call fetches the list of allowed file extensions and falls back to its built-in
 * list when that fails. Here `request` fails every call at once, and any other socket connection throws, so the
 * check never reaches the network.
 */
import { EventEmitter } from 'node:events';
import Module from 'node:module';
import net from 'node:net';

type Callback = (err: Error) => void;

function refusal(what: string): Error {
  return new Error(`check:mp refuses network access (${what})`);
}

function refusedRequest(options: unknown, callback?: Callback): EventEmitter {
  const url = typeof options === 'string' ? options : String((options as { url?: unknown } | undefined)?.url ?? '');
  const handle = Object.assign(new EventEmitter(), { abort() {}, destroy() {} });
  process.nextTick(() => {
    const err = refusal(url);
    if (typeof callback === 'function') callback(err);
    else if (handle.listenerCount('error') > 0) handle.emit('error', err);
  });
  return handle;
}

const stub = Object.assign(refusedRequest, {
  get: refusedRequest,
  post: refusedRequest,
  put: refusedRequest,
  head: refusedRequest,
  del: refusedRequest,
  defaults: () => stub,
});

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleWithLoad = Module as unknown as { _load: Load };
const load = moduleWithLoad._load;
moduleWithLoad._load = function (request: string, parent: unknown, isMain: boolean) {
  if (request === 'request') return stub;
  return load.call(this, request, parent, isMain);
};

net.Socket.prototype.connect = function (): never {
  throw refusal('socket connection');
};
