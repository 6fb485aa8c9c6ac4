// Test peer: node-opcua server on 127.0.0.1:PORT (argv[2]); prints "ready" once it listens.
const path = require("path");
const { OPCUAServer, MessageSecurityMode, SecurityPolicy } = require("node-opcua");

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
  await server.start();
  console.log("ready " + server.getEndpointUrl());
  const stop = async () => { await server.shutdown(100); process.exit(0); };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
main().catch((e) => { console.error(e); process.exit(1); });
