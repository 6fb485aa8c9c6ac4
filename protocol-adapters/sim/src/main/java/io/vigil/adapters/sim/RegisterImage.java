package io.vigil.adapters.sim;

import com.ghgande.j2mod.modbus.procimg.DigitalIn;
import com.ghgande.j2mod.modbus.procimg.DigitalOut;
import com.ghgande.j2mod.modbus.procimg.FIFO;
import com.ghgande.j2mod.modbus.procimg.File;
import com.ghgande.j2mod.modbus.procimg.IllegalAddressException;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.ProcessImage;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;

/**
 * The simulator's Modbus process image, served by j2mod's slave. The tick thread replaces the whole register array at
 * once and every request copies its range out of one snapshot, so a 32-bit value can never be torn between two ticks
 * (the classic bug of images updated register by register while a master reads). Input registers mirror the holding
 * registers; there are no coils or discrete inputs. Writes land in the copies and are dropped: the plant is read-only.
 */
final class RegisterImage implements ProcessImage {
    private volatile int[] registers;

    RegisterImage(int size) {
        registers = new int[size];
    }

    int size() {
        return registers.length;
    }

    /** Publishes a new image; the array must keep the size given at construction and is not copied. */
    void publish(int[] next) {
        if (next.length != registers.length) {
            throw new IllegalArgumentException(
                    "register image size changed from " + registers.length + " to " + next.length);
        }
        registers = next;
    }

    @Override
    public Register[] getRegisterRange(int offset, int count) {
        int[] all = registers;
        if (offset < 0 || count < 0 || offset + count > all.length) {
            throw new IllegalAddressException(
                    "registers " + offset + ".." + (offset + count - 1) + " leave the image 0.." + (all.length - 1));
        }
        Register[] out = new Register[count];
        for (int i = 0; i < count; i++) {
            out[i] = new SimpleRegister(all[offset + i]);
        }
        return out;
    }

    @Override
    public Register getRegister(int offset) {
        return getRegisterRange(offset, 1)[0];
    }

    @Override
    public int getRegisterCount() {
        return registers.length;
    }

    @Override
    public InputRegister[] getInputRegisterRange(int offset, int count) {
        return getRegisterRange(offset, count);
    }

    @Override
    public InputRegister getInputRegister(int offset) {
        return getRegister(offset);
    }

    @Override
    public int getInputRegisterCount() {
        return registers.length;
    }

    @Override
    public DigitalOut[] getDigitalOutRange(int offset, int count) {
        throw none("coils");
    }

    @Override
    public DigitalOut getDigitalOut(int offset) {
        throw none("coils");
    }

    @Override
    public int getDigitalOutCount() {
        return 0;
    }

    @Override
    public DigitalIn[] getDigitalInRange(int offset, int count) {
        throw none("discrete inputs");
    }

    @Override
    public DigitalIn getDigitalIn(int offset) {
        throw none("discrete inputs");
    }

    @Override
    public int getDigitalInCount() {
        return 0;
    }

    @Override
    public File getFile(int offset) {
        throw none("files");
    }

    @Override
    public File getFileByNumber(int number) {
        throw none("files");
    }

    @Override
    public int getFileCount() {
        return 0;
    }

    @Override
    public FIFO getFIFO(int offset) {
        throw none("FIFOs");
    }

    @Override
    public FIFO getFIFOByAddress(int address) {
        throw none("FIFOs");
    }

    @Override
    public int getFIFOCount() {
        return 0;
    }

    private static IllegalAddressException none(String what) {
        return new IllegalAddressException("the plant simulator has no " + what);
    }
}
