import * as net from 'node:net';

/**
 * How a probe opens a TCP connection. The default is a plain connect; the lab injects a dialer that
 * goes through a relay which resets a share of connections mid-handshake (issue 13's fault
 * injection), so the assessor's retry and "could not test" paths meet real resets from real servers.
 */
export type Dialer = (target: { host: string; port: number; signal?: AbortSignal }) => net.Socket;

export const directDial: Dialer = ({ host, port, signal }) =>
  net.connect({ host, port, ...(signal ? { signal } : {}) });
