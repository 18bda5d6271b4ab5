/**
 * A TCP proxy in front of PostgreSQL that a test can freeze (nothing passes either way, like a
 * stopped server or a network partition), thaw, or cut (every connection reset).
 */
import { once } from 'node:events';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  /** `url` (a database on the upstream server) reached through the proxy. */
  via(url: string): string;
  freeze(): void;
  thaw(): void;
  cut(): void;
  close(): Promise<void>;
}

interface Link {
  client: Socket;
  upstream: Socket;
  held: Array<() => void>;
}

export async function startTcpProxy(upstreamUrl: string): Promise<TcpProxy> {
  const target = new URL(upstreamUrl);
  const links = new Set<Link>();
  let frozen = false;

  /** Forwards `from` to `to`, holding chunks back while frozen. */
  function forward(link: Link, from: Socket, to: Socket) {
    from.on('data', (chunk: Buffer) => {
      const send = () => to.writable && to.write(chunk);
      if (frozen) link.held.push(send);
      else send();
    });
  }

  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    const link: Link = { client, upstream, held: [] };
    links.add(link);
    forward(link, client, upstream);
    forward(link, upstream, client);
    const end = () => {
      links.delete(link);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    via: (databaseUrl) => {
      const url = new URL(databaseUrl);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    freeze: () => {
      frozen = true;
    },
    thaw: () => {
      frozen = false;
      for (const link of links) for (const send of link.held.splice(0)) send();
    },
    cut: () => {
      for (const link of links) link.client.resetAndDestroy();
    },
    close: async () => {
      for (const link of links) link.client.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
