// Test peer: the snap7 server (npm node-snap7) on 127.0.0.1:PORT (argv[2]); prints "ready" once it listens.
const snap7 = require("node-snap7");

const port = parseInt(process.argv[2], 10);
const server = new snap7.S7Server();
const db1 = Buffer.alloc(64);
db1.writeFloatBE(21.5, 0);
server.RegisterArea(server.srvAreaDB, 1, db1);
server.SetParam(server.LocalPort, port);
server.StartTo("127.0.0.1", (err) => {
  if (err) { console.error("snap7: " + server.ErrorText(err)); process.exit(1); }
  console.log("ready s7://127.0.0.1:" + port);
});
process.on("SIGTERM", () => { server.Stop(); process.exit(0); });
