// A GRIP WebSocket-over-HTTP backend written with the official GRIP library for Node
// (@fanoutio/grip: isNodeReqWsOverHttp, getWebSocketContextFromNodeReq (which decodes with
// decodeWebSocketEvents), WebSocketContext, encodeWebSocketEvents, validateSig) on plain node:http.
// Used by tests/tst_gripnode.cpp and tests/tst_pushpindiffws.cpp.
//
//   node server.js [--port N] [--sig-key KEY --sig-iss ISS]
//
// Prints "READY <port>" once listening, then one line per request:
//   REQUEST cid=<Connection-Id> path=<path> events=<TYPE,TYPE,...> sig=<ok|bad|none|unchecked>
// Behaviour of a connection to /<anything>/<channel>:
//   OPEN              accept (grip extension) and subscribe to <channel> (the last path segment)
//   TEXT "close:N"    close the client with code N (a CLOSE event from the backend)
//   TEXT "bin:X"      answer X as a binary message
//   TEXT "unsub"      unsubscribe from <channel>, answer "echo:unsub"
//   TEXT other        echo it back as "echo:<text>"
//   BINARY            echo it back as binary, prefixed with "echo:"
//   CLOSE             close back with the client's code (the README's clean close)
//   DISCONNECT        nothing to answer
import http from 'node:http';
import {
    encodeWebSocketEvents,
    getWebSocketContextFromNodeReq,
    isNodeReqWsOverHttp,
    validateSig,
} from '@fanoutio/grip';

const args = process.argv.slice(2);
const option = (name, fallback) => {
    const at = args.indexOf(name);
    return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
};
const port = Number(option('--port', '0'));
const sigKey = option('--sig-key', null);
const sigIss = option('--sig-iss', undefined);

const log = (line) => process.stdout.write(line + '\n');
const textEncoder = new TextEncoder();

async function sigStatus(req) {
    const token = req.headers['grip-sig'];
    if (sigKey === null)
        return 'unchecked';
    if (token === undefined)
        return 'none';
    try {
        return (await validateSig(String(token), sigKey, sigIss)) ? 'ok' : 'bad';
    } catch {
        return 'bad';
    }
}

async function handle(req, res) {
    const path = new URL(req.url, 'http://backend').pathname;
    if (!isNodeReqWsOverHttp(req)) {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('not a WebSocket-over-HTTP request\n');
        return;
    }
    const sig = await sigStatus(req);
    const wsContext = await getWebSocketContextFromNodeReq(req);
    // CLOSE shows its code and reason: CLOSE:4003:bye.
    const describe = (event) => {
        const content = event.content;
        if (event.type !== 'CLOSE' || !(content instanceof Uint8Array) || content.length < 2)
            return event.type;
        const reason = Buffer.from(content.subarray(2)).toString();
        return `CLOSE:${(content[0] << 8) | content[1]}${reason ? ':' + reason : ''}`;
    };
    const types = wsContext._inEvents.map(describe).join(',');
    log(`REQUEST cid=${wsContext.id} path=${path} events=${types || '-'} sig=${sig}`);
    const channel = path.split('/').filter((part) => part !== '').pop() ?? 'root';

    if (wsContext.isOpening()) {
        wsContext.accept();
        wsContext.subscribe(channel);
    }
    try {
        while (wsContext.canRecv()) {
            const message = wsContext.recvRaw();
            if (message === null) {
                wsContext.close(wsContext.closeCode ?? 1000);
                break;
            }
            if (message instanceof Uint8Array) {
                const out = new Uint8Array(5 + message.length);
                out.set(textEncoder.encode('echo:'));
                out.set(message, 5);
                wsContext.sendBinary(out);
                continue;
            }
            if (message.startsWith('close:')) {
                wsContext.close(Number(message.slice(6)));
                break;
            }
            if (message.startsWith('bin:')) {
                wsContext.sendBinary(textEncoder.encode(message.slice(4)));
                continue;
            }
            if (message === 'unsub')
                wsContext.unsubscribe(channel);
            wsContext.send('echo:' + message);
        }
    } catch (error) {
        // recvRaw() throws on DISCONNECT: the client is gone, nothing is sent back.
        log(`DISCONNECTED cid=${wsContext.id} (${error.message})`);
    }
    const body = encodeWebSocketEvents(wsContext.getOutgoingEvents());
    res.sendDate = false; // no Date: both proxies copy the OPEN response's headers into the 101
    res.writeHead(200, { ...wsContext.toHeaders(), 'Content-Length': String(body.length) });
    res.end(Buffer.from(body));
}

const server = http.createServer((req, res) => {
    handle(req, res).catch((error) => {
        log(`ERROR ${error.stack ?? error}`);
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end('backend error\n');
    });
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1', () => log(`READY ${server.address().port}`));
for (const signal of ['SIGTERM', 'SIGINT'])
    process.on(signal, () => process.exit(0));
