/** Reads config, connects, listens, and shuts down gracefully on SIGTERM/SIGINT. */
import type { Server, ServerResponse } from 'node:http';
import { buildFeatures, createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { openDatabase, prepareDatabase } from './platform/db/database';
import { createLogger } from './platform/log/logger';
import { createScheduler } from './platform/jobs/scheduler';

async function main() {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  const log = createLogger(config.LOG_LEVEL);
  const database = openDatabase(config.MONGODB_URI, config.MONGODB_DB);
  await database.client.connect().catch((error: unknown) => {
    // The driver reconnects by itself; /readyz answers 503 until the database is back.
    log.warn({ err: error }, 'database not reachable at start; will keep trying');
  });
  // Indexes are built while the server already answers: on a large existing collection
  // the first build can take minutes, and a database that is down at start gets them later.
  let areIndexesReady = false;
  let isStopping = false;
  void (async () => {
    while (!areIndexesReady && !isStopping) {
      try {
        const backfilled = await prepareDatabase(database.db);
        areIndexesReady = true;
        log.info({ backfilled }, 'indexes ready');
      } catch (error) {
        log.warn({ err: error }, 'could not create indexes yet; retrying in 5 s');
        await new Promise((resolve) => setTimeout(resolve, 5000).unref());
      }
    }
  })();
  const clock = () => new Date();
  const features = buildFeatures({ db: database.db, clock, config, log });
  const scheduler = createScheduler({
    clock,
    log,
    intervalMs: config.JOB_INTERVAL_SECONDS && config.JOB_INTERVAL_SECONDS * 1000,
  });
  for (const job of features.jobs) scheduler.register(job);
  scheduler.start();
  const app = createApp({
    config,
    database,
    log,
    clock,
    features,
    areIndexesReady: () => areIndexesReady,
  });
  const server: Server = app.listen(config.PORT, config.HOST, () => {
    log.info({ url: config.publicUrl, port: config.PORT }, 'Throughline server listening');
  });

  // A keep-alive connection would hold a stopping server open until its client hangs up
  // (and keep bringing it requests): once stopping, every answer says `Connection: close`,
  // so each connection closes after the answer in flight, and idle ones close at once.
  const answering = new Set<ServerResponse>();
  const closeAfterAnswer = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader('connection', 'close');
  };
  server.on('request', (_req, res: ServerResponse) => {
    if (isStopping) closeAfterAnswer(res);
    answering.add(res);
    res.once('close', () => {
      answering.delete(res);
      if (isStopping) server.closeIdleConnections();
    });
  });

  const stop = (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    log.info({ signal, inFlight: answering.size }, 'shutting down: finishing in-flight requests');
    for (const res of answering) closeAfterAnswer(res);
    const deadline = Date.now() + config.SHUTDOWN_GRACE_SECONDS * 1000;
    const force = setTimeout(() => {
      log.error({ inFlight: answering.size }, 'shutdown grace over: exiting with work unfinished');
      process.exit(1);
    }, config.SHUTDOWN_GRACE_SECONDS * 1000).unref();
    // No job starts from now on; the running ones finish while the requests do.
    const jobsStopped = scheduler.stop().then(() => true);
    server.close(async () => {
      // Every request is answered. A job still running when the grace ends is cut off: what it
      // claimed in the delivery ledger and did not finish is retried by the next run, on any server.
      const timeLeft = Math.max(0, deadline - Date.now() - 1000);
      const areJobsDone = await Promise.race([
        jobsStopped,
        new Promise<false>((resolve) => setTimeout(() => resolve(false), timeLeft)),
      ]);
      if (!areJobsDone) log.warn('jobs still running at the end of the grace: cutting them off');
      await database.close().catch(() => undefined);
      clearTimeout(force);
      log.info('stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
