import { createServer } from 'node:http';

/** The baseline: a bare node:http server answering the same JSON a GraphQL hub would. */
const body = JSON.stringify({ data: { __typename: 'Query' } });
createServer((req, res) => {
  if (req.url === '/ready') {
    res.end('ok');
    return;
  }
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
