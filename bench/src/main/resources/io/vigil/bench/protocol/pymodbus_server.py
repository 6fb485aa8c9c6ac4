"""Bench peer: Debian's pymodbus 3.0.0 TCP server on 127.0.0.1:PORT with REGISTERS holding registers.

Usage: /usr/bin/python3 pymodbus_server.py PORT REGISTERS
Prints "ready" once the listening socket is about to open.
"""
import asyncio
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.server import StartAsyncTcpServer


def context(registers):
    slave = ModbusSlaveContext(
        di=ModbusSequentialDataBlock(0, [0] * 16),
        co=ModbusSequentialDataBlock(0, [0] * 16),
        hr=ModbusSequentialDataBlock(0, [i % 65536 for i in range(registers)]),
        ir=ModbusSequentialDataBlock(0, [0] * 16),
        zero_mode=True,
    )
    return ModbusServerContext(slaves=slave, single=True)


if __name__ == "__main__":
    port = int(sys.argv[1])
    registers = int(sys.argv[2])
    print("ready", flush=True)
    asyncio.run(StartAsyncTcpServer(context=context(registers), address=("127.0.0.1", port)))
