// Test peer: the snap7 server (npm node-snap7) on 127.0.0.1:PORT (argv[2]); prints "ready" once it listens.
const snap7 = require("node-snap7");

const port = parseInt(process.argv[2], 10);
const server = new snap7.S7Server();
const db1 = Buffer.alloc(64);
db1.writeFloatBE(21.5, 0);
db1.writeInt16BE(1450, 4);
server.RegisterArea(server.srvAreaDB, 1, db1);
const merker = Buffer.alloc(16);
merker.writeUInt8(0x01, 0); // M0.0 set
server.RegisterArea(server.srvAreaMK, merker);
server.SetParam(server.LocalPort, port);
server.StartTo("127.0.0.1", (err) => {
  if (err) { console.error("snap7: " + server.ErrorText(err)); process.exit(1); }
  console.log("ready s7://127.0.0.1:" + port);
});
process.on("SIGTERM", () => { server.Stop(); process.exit(0); });
