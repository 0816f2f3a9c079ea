/**
 * The ZeroMQ side of table monitors. Kinetica publishes each monitored change as one multipart
 * message on a PUB socket (its table monitor port, 9002 by default): the first frame is the
 * monitor's topic id, each further frame one Avro binary object. Subscribers (the Python client's
 * GPUdbTableMonitor) connect to the host they reach the database at, on that port, and subscribe
 * to the topic id /create/tablemonitor returned.
 *
 * The socket is bound on first need, not at start: when /show/system/properties advertises the
 * port (a client that is about to monitor checks the socket before it creates its monitor), or
 * when a monitor is created or written to. An emulator that never serves a monitor loads no
 * ZeroMQ and holds no second port. The binding (`zeromq`) is an optional dependency, loaded then;
 * without it, or while the port cannot be bound, monitors still work as objects, nothing is
 * published, the port is advertised as -1 and the reason is logged (once). A port that was taken
 * is tried again at the next need, so a publisher comes up once another process lets it go.
 */
import type { Logger } from 'pino';
import type { Publisher } from 'zeromq';

export class MonitorPublisher {
  /**
   * Set by listen(): an emulator driven only through inject() has no network face, so it binds
   * nothing (and many of those run side by side in tests).
   */
  private logger: Logger | undefined;
  private socket: Publisher | undefined;
  private binding: Promise<number> | undefined;
  /** Set once a bind has failed and been logged; later failures of the same kind stay quiet. */
  private bindFailed = false;
  private unavailable = false;
  /** Sends one after the other: a zeromq socket takes one send at a time. */
  private sending: Promise<void> = Promise.resolve();
  private closed = false;

  /** `port` -1 is off; 0 binds a free port. */
  constructor(
    private readonly port: number,
    private readonly host: string,
  ) {}

  /** Lets the publisher bind when first needed; called once the HTTP side listens. */
  enable(logger: Logger): void {
    if (!this.closed) this.logger = logger;
  }

  /** Whether messages can go out (or will, once the binding under way completes). */
  get active(): boolean {
    return this.logger !== undefined && this.port !== -1 && !this.closed;
  }

  /** The port subscribers connect to, binding the socket on the first call; -1 when nothing is published. */
  advertisedPort(): Promise<number> {
    if (!this.active || this.unavailable) return Promise.resolve(-1);
    return (this.binding ??= this.bind().then((port) => {
      // Forget a failed attempt, so the next need tries again.
      if (port === -1) this.binding = undefined;
      return port;
    }));
  }

  /** Publishes one multipart message; dropped when nothing is bound (as ZeroMQ drops it when nobody subscribes). */
  publish(frames: Buffer[]): void {
    if (!this.active) return;
    if (!this.socket) {
      // Nobody can be subscribed before the socket exists, so nothing is lost but this message.
      void this.advertisedPort();
      return;
    }
    const socket = this.socket;
    this.sending = this.sending
      .then(() => socket.send(frames))
      .catch((error: unknown) => {
        if (!this.closed) this.logger?.warn({ err: error }, 'a table monitor notification could not be published');
      });
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
    this.socket = undefined;
  }

  private async bind(): Promise<number> {
    const logger = this.logger!;
    const address = this.host.includes(':') ? `[${this.host}]` : this.host;
    let zeromq: typeof import('zeromq');
    try {
      zeromq = await import('zeromq');
    } catch (error) {
      this.unavailable = true;
      logger.warn({ err: error }, 'table monitor notifications are off: the optional package zeromq cannot be loaded');
      return -1;
    }
    // linger 0: a closing emulator drops what subscribers have not taken instead of waiting for them.
    const socket = new zeromq.Publisher({ linger: 0, ipv6: this.host.includes(':') });
    try {
      await socket.bind(`tcp://${address}:${this.port}`);
    } catch (error) {
      socket.close();
      if (!this.bindFailed) {
        logger.warn({ err: error, port: this.port }, `table monitor notifications are off while port ${this.port} cannot be bound (tried again when next needed)`);
      }
      this.bindFailed = true;
      return -1;
    }
    if (this.closed) {
      socket.close();
      return -1;
    }
    this.socket = socket;
    const bound = Number(/:(\d+)$/.exec(socket.lastEndpoint ?? '')?.[1] ?? this.port);
    logger.info({ port: bound }, `table monitors publish on tcp://${address}:${bound}`);
    return bound;
  }
}
