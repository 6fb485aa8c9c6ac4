// Test peer: node-opcua server with security only (Sign, SignAndEncrypt; Basic256Sha256, Aes128_Sha256_RsaOaep,
// Aes256_Sha256_RsaPss) on 127.0.0.1:PORT (argv[2]). Its PKI is ./pki of the working directory; client certificates it
// does not know yet go to pki/rejected and are refused. Users: anonymous, and vigil/secret.
// Prints "ready" once it listens. Objects/Pump/flow (ns=1;s=pump.flow) is a Double.
const path = require("path");
const {
  OPCUAServer, OPCUACertificateManager, MessageSecurityMode, SecurityPolicy, Variant, DataType,
} = require("node-opcua");

async function main() {
  const port = parseInt(process.argv[2], 10);
  const serverCertificateManager = new OPCUACertificateManager({
    rootFolder: path.join(process.cwd(), "pki"),
    automaticallyAcceptUnknownCertificate: false,
  });
  await serverCertificateManager.initialize();
  const server = new OPCUAServer({
    host: "127.0.0.1",
    port,
    resourcePath: "/vigil-secure",
    serverCertificateManager,
    serverInfo: { applicationUri: "urn:vigil:test:node-opcua-secure" },
    securityModes: [MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt],
    securityPolicies: [SecurityPolicy.Basic256Sha256, SecurityPolicy.Aes128_Sha256_RsaOaep, SecurityPolicy.Aes256_Sha256_RsaPss],
    allowAnonymous: true,
    userManager: { isValidUser: (user, password) => user === "vigil" && password === "secret" },
  });
  await server.initialize();
  const ns = server.engine.addressSpace.getOwnNamespace();
  const pump = ns.addObject({ organizedBy: server.engine.addressSpace.rootFolder.objects, browseName: "Pump" });
  ns.addVariable({
    componentOf: pump, browseName: "flow", nodeId: "s=pump.flow", dataType: "Double", minimumSamplingInterval: 100,
    value: { get: () => new Variant({ dataType: DataType.Double, value: 42.5 }) },
  });
  await server.start();
  console.log("ready " + server.getEndpointUrl());
  const stop = async () => { await server.shutdown(100); process.exit(0); };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
main().catch((e) => { console.error(e); process.exit(1); });
