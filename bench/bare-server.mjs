// The baseline of the wire benchmark: a bare Fastify route that returns a small JSON object.
import Fastify from 'fastify';

const app = Fastify();
app.post('/bare', async () => ({ status: 'OK', message: '', value: 1 }));
await app.listen({ port: 0, host: '127.0.0.1' });
const { port } = app.server.address();
process.stdout.write(`bare ready on http://127.0.0.1:${port}\n`);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
