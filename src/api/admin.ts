/**
 * /admin/show/shards: the shard layout the official clients route keyed records by. The Python
 * client's get_records_by_key and multi-head inserts (GPUdbIngestor, GPUdbTable with
 * use_multihead_io) and the Java client's BulkInserter and RecordRetriever ask for it, then send a
 * record to the worker whose rank its key's shard names.
 *
 * The emulator is one process: /show/system/properties advertises two ranks (rank 0, the head, and
 * one worker) with worker HTTP servers off, so the clients use the head URL as their only worker.
 * Every shard therefore belongs to rank 1, the first and only worker (the clients subtract one to
 * index their worker list, so rank 1 is worker 0), on tom 0. Whatever key a client hashes, it
 * lands on that one worker, which is this server.
 */
import { readOptions } from './options.js';
import { anyone } from './access.js';
import type { EmulatorContext, EndpointTable, RequestOf, ResponseOf } from './endpoint-table.js';

/**
 * How many shards the layout lists. The clients route by `hash % shards.length`, so any length
 * sends every key to the one rank; this is the emulator's choice, kept small enough that a JSON
 * answer stays a few kilobytes.
 */
export const SHARD_COUNT = 1024;

/** The layout never changes, so its version stays at 1 (the Python client treats 0 as "never read"). */
const SHARD_ARRAY_VERSION = 1;

/** The only worker rank (rank 0 is the head). */
const WORKER_RANK = 1;

const RANKS: readonly number[] = Array.from({ length: SHARD_COUNT }, () => WORKER_RANK);
const TOMS: readonly number[] = Array.from({ length: SHARD_COUNT }, () => 0);

/**
 * Kinetica's reference does not list a permission for reading the shard layout; any user who may
 * insert or look up keyed records needs it (the clients call it on their behalf), so anyone may.
 */
export const adminEndpoints: EndpointTable = {
  '/admin/show/shards': { handler: showShards, access: anyone },
};

function showShards(request: RequestOf<'/admin/show/shards'>, context: EmulatorContext): ResponseOf<'/admin/show/shards'> {
  readOptions(request.options, {}, context);
  return { version: SHARD_ARRAY_VERSION, rank: [...RANKS], tom: [...TOMS], info: {} };
}
