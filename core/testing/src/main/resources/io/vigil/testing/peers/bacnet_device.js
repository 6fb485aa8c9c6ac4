// Test peer: a BACnet/IP device on 127.0.0.1:PORT (argv[2]) built on the @bacnet-js/client stack: its decoder reads
// the scanner's requests and its encoder writes the replies; only the device's property values are ours.
// Device instance 260001 (also answers the wildcard 4194303); the identification properties below; unknown-property
// for the others. Every request is logged as "req SERVICE ..." so a test can see what was asked.
// protocol-services-supported (97) lists ReadProperty and ReadPropertyMultiple, encoded by the library's own
// ServicesSupportedBitString, and ReadPropertyMultiple is answered with the library's encoder; with argv[3] "no-rpm"
// the device lists ReadProperty only and leaves ReadPropertyMultiple unanswered.
// Prints "ready" once it listens.
const lib = require("@bacnet-js/client");
const Bacnet = lib.default || lib;

const port = parseInt(process.argv[2], 10);
const rpm = process.argv[3] !== "no-rpm";
const INSTANCE = 260001;
const WILDCARD = 4194303;
const DEVICE = 8;
const READ_PROPERTY = 12;
const str = (value) => ({ type: 7, value });
const values = {
  75: { type: 12, value: { type: DEVICE, instance: INSTANCE } }, // object-identifier
  77: str("AHU-3 controller"), // object-name
  121: str("Vigil Test Controls"), // vendor-name
  120: { type: 2, value: 999 }, // vendor-identifier
  70: str("VTC-500"), // model-name
  44: str("4.2.1"), // firmware-revision
  12: str("ahu-app 1.7"), // application-software-version
  97: {
    type: 8,
    value: new lib.ServicesSupportedBitString(
      ...(rpm ? [lib.ServicesSupported.READ_PROPERTY, lib.ServicesSupported.READ_PROPERTY_MULTIPLE]
        : [lib.ServicesSupported.READ_PROPERTY])),
  }, // protocol-services-supported
};

const client = new Bacnet({ port, interface: "127.0.0.1", broadcastAddress: "127.255.255.255", apduTimeout: 3000 });
client.on("error", (err) => console.log("error " + err.message));
client.on("listening", () => console.log("ready"));
client.on("readProperty", (content) => {
  const { objectId, property } = content.payload;
  const sender = content.header.sender;
  console.log(`req readProperty ${objectId.type}:${objectId.instance} ${property.id}`);
  const isDevice = objectId.type === DEVICE && (objectId.instance === INSTANCE || objectId.instance === WILDCARD);
  if (!isDevice) {
    client.errorResponse(sender, READ_PROPERTY, content.invokeId, 1, 31); // object, unknown-object
  } else if (!(property.id in values)) {
    client.errorResponse(sender, READ_PROPERTY, content.invokeId, 2, 32); // property, unknown-property
  } else {
    client.readPropertyResponse(sender, content.invokeId, { type: DEVICE, instance: INSTANCE }, property, [values[property.id]]);
  }
});
client.on("readPropertyMultiple", (content) => {
  const specs = content.payload.properties;
  console.log("req readPropertyMultiple " + specs.map((s) => `${s.objectId.type}:${s.objectId.instance} `
    + s.properties.map((p) => p.id).join(",")).join(" "));
  if (!rpm) {
    return;
  }
  const sender = content.header.sender;
  const results = specs.map((s) => ({
    objectId: { type: DEVICE, instance: INSTANCE },
    values: s.properties.map((p) => ({
      property: { id: p.id, index: 0xffffffff },
      value: p.id in values ? [values[p.id]] : [{ value: { type: "BacnetError", errorClass: 2, errorCode: 32 } }],
    })),
  }));
  client.readPropertyMultipleResponse(sender, content.invokeId, results);
});
for (const service of ["writeProperty", "writePropertyMultiple", "deviceCommunicationControl",
  "reinitializeDevice", "whoIs"]) {
  client.on(service, () => console.log("req " + service));
}
