// The peer: PostGraphile v4 with @graphile/pg-aggregates over the views of schema.sql, one
// worker process per core (Node runs JavaScript on one thread; thads uses every core).
//   DATABASE_URL=postgres://… PORT=18090 node server.js
const cluster = require("cluster");
const http = require("http");
const os = require("os");
const { postgraphile } = require("postgraphile");
const PgAggregatesPlugin = require("@graphile/pg-aggregates").default;

const url = process.env.DATABASE_URL;
const port = Number(process.env.PORT || 18090);
const workers = Number(process.env.WORKERS || os.cpus().length);

if (cluster.isPrimary && workers > 1) {
  for (let i = 0; i < workers; i++) cluster.fork();
  let stopping = false;
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers)) w.process.kill("SIGTERM");
    setTimeout(() => process.exit(0), 500);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  cluster.on("exit", (w, code) => {
    if (stopping) return;
    console.error(`worker ${w.process.pid} exited with ${code}`);
    stop();
  });
} else {
  const middleware = postgraphile(url, "peer", {
    appendPlugins: [PgAggregatesPlugin],
    graphiql: false,
    disableQueryLog: true,
    retryOnInitFail: false,
    dynamicJson: true,
    setofFunctionsContainNulls: false,
    ignoreRBAC: false,
    disableDefaultMutations: true,
  });
  http.createServer(middleware).listen(port, "127.0.0.1", () => {
    console.log(`peer listening on http://127.0.0.1:${port}/graphql (pid ${process.pid})`);
  });
}
