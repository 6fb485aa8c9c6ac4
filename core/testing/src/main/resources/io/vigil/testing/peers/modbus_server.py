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


def text_registers(data, registers, swap=False):
    """Packs bytes two per register, high byte first (or low byte first with swap), NUL-padded."""
    data = data.ljust(registers * 2, b"\0")
    pairs = [(data[i], data[i + 1]) for i in range(0, len(data), 2)]
    return [(lo << 8 | hi) if swap else (hi << 8 | lo) for hi, lo in pairs]


# hr:100-111 hold text for string tags: big-endian ASCII, byte-swapped ASCII, ISO-8859-1 padded with spaces
TEXT = (
    text_registers(b"PUMP-7", 4)
    + text_registers(b"RUNNING", 4, swap=True)
    + text_registers(b"25\xb0C    ", 4)
)


def context():
    slave = ModbusSlaveContext(
        di=ModbusSequentialDataBlock(0, [0] * 100),
        co=ModbusSequentialDataBlock(0, [0] * 100),
        hr=ModbusSequentialDataBlock(0, list(range(100)) + TEXT),
        ir=ModbusSequentialDataBlock(0, list(range(100))),
        zero_mode=True,
    )
    return ModbusServerContext(slaves=slave, single=True)


if __name__ == "__main__":
    port = int(sys.argv[1])
    asyncio.run(StartAsyncTcpServer(context=context(), identity=identity(), address=("127.0.0.1", port)))
