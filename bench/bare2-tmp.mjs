import Fastify from 'fastify';
const app = Fastify();
const body = JSON.stringify({"status":"OK","message":"","data_type":"show_system_status_response","data":"","data_str":JSON.stringify({status_map:{system:JSON.stringify({status:'running',version:'7.2.3.12.20260820000000'})},info:{}})});
app.addHook('onSend', (request, reply, payload, done) => { reply.header('x-request-time-secs', (reply.elapsedTime/1000).toFixed(5)); reply.header('access-control-allow-origin','*'); reply.header('access-control-expose-headers','x-request-time-secs'); done(null, payload); });
app.post('/bare', async () => body);
await app.listen({ port: 9395, host: '127.0.0.1' });
