// Test peer: node-opcua server on 127.0.0.1:PORT (argv[2]); prints "ready" once it listens.
const path = require("path");
const { OPCUAServer, MessageSecurityMode, SecurityPolicy, Variant, DataType } = require("node-opcua");

async function main() {
  const port = parseInt(process.argv[2], 10);
  const pki = process.argv[3] || path.join(process.cwd(), "pki");
  const server = new OPCUAServer({
    host: "127.0.0.1",
    port,
    resourcePath: "/vigil-peer",
    serverCertificateManager: undefined,
    buildInfo: { productName: "Vigil node-opcua peer", manufacturerName: "node-opcua", softwareVersion: "2.186.4" },
    serverInfo: { applicationUri: "urn:vigil:test:node-opcua", productUri: "urn:vigil:test:node-opcua:product" },
    securityModes: [MessageSecurityMode.None, MessageSecurityMode.SignAndEncrypt],
    securityPolicies: [SecurityPolicy.None, SecurityPolicy.Basic256Sha256],
    allowAnonymous: true,
    nodeset_filename: [],
  });
  await server.initialize();
  addPump(server);
  await server.start();
  console.log("ready " + server.getEndpointUrl());
  const stop = async () => { await server.shutdown(100); process.exit(0); };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
// A few variables to browse and read: Objects/Pump/{flow, speed, running}.
function addPump(server) {
  const ns = server.engine.addressSpace.getOwnNamespace();
  const pump = ns.addObject({ organizedBy: server.engine.addressSpace.rootFolder.objects, browseName: "Pump" });
  const t0 = Date.now();
  const variable = (name, dataType, value) =>
    ns.addVariable({
      componentOf: pump, browseName: name, nodeId: "s=pump." + name, dataType, minimumSamplingInterval: 100,
      value: { get: () => new Variant({ dataType: DataType[dataType], value: value() }) },
    });
  variable("flow", "Double", () => 40 + ((Date.now() - t0) / 1000) % 5);
  variable("speed", "Int32", () => 1450);
  variable("running", "Boolean", () => true);
}

main().catch((e) => { console.error(e); process.exit(1); });
