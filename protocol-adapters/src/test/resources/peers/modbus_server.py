"""Test peer: Debian's pymodbus 3.0.0 TCP server with device identification, on 127.0.0.1:PORT (argv[1])."""
import asyncio
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.device import ModbusDeviceIdentification
from pymodbus.server import StartAsyncTcpServer


def identity():
    ident = ModbusDeviceIdentification(
        info_name={
            "VendorName": "Vigil Test Pumps",
            "ProductCode": "VTP-100",
            "MajorMinorRevision": "3.0.0",
            "VendorUrl": "https://example.invalid/pumps",
            "ProductName": "pymodbus test peer",
            "ModelName": "VTP pump controller",
        }
    )
    return ident


def context():
    slave = ModbusSlaveContext(
        di=ModbusSequentialDataBlock(0, [0] * 100),
        co=ModbusSequentialDataBlock(0, [0] * 100),
        hr=ModbusSequentialDataBlock(0, list(range(100))),
        ir=ModbusSequentialDataBlock(0, list(range(100))),
        zero_mode=True,
    )
    return ModbusServerContext(slaves=slave, single=True)


if __name__ == "__main__":
    port = int(sys.argv[1])
    asyncio.run(StartAsyncTcpServer(context=context(), identity=identity(), address=("127.0.0.1", port)))
