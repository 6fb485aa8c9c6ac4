package io.vigil.adapters.modbus;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusIOException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import io.vigil.core.device.AbstractDeviceAdapter;
import io.vigil.core.device.DeviceException;
import io.vigil.core.device.DeviceHealth;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.sample.Quality;
import io.vigil.core.sample.Sample;
import io.vigil.core.tag.TagSpec;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a Modbus TCP device with j2mod.
 *
 * <p>j2mod is blocking and its master is not meant for concurrent use, so every call runs on one thread owned by the
 * adapter and the caller gets a {@link CompletionStage} back; stages complete on that thread, so callers should hop to
 * their own executor before doing real work. Tags are coalesced into as few requests as possible ({@link ReadPlan}).
 *
 * <p>An exception response from the device (illegal address, device busy) is data: the tags of that request come
 * back {@code BAD}, after the request is split so that one wrong address does not spoil its neighbours. A timeout or a
 * broken connection fails the whole read with a {@link DeviceException}, marks the device {@code DOWN} and drops the
 * connection; the caller reconnects with {@link #connect()}.
 *
 * <p>Many devices answer fewer than the protocol's 125 registers per request; the {@link AdaptiveReadPlan} learns the
 * real limit at run time, and the tags of a request refused with exception 03 (ILLEGAL DATA VALUE) are read again at
 * once in smaller requests.
 */
public final class ModbusAdapter extends AbstractDeviceAdapter {
    /** Response timeout for connect and every request. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    private static final Logger log = LoggerFactory.getLogger(ModbusAdapter.class);
    /** Modbus exception code 03: the quantity (or a value) in the request is not acceptable to the device. */
    private static final int ILLEGAL_DATA_VALUE = 3;

    private final ModbusEndpoint endpoint;
    private final List<ModbusAddress> addresses;
    private final AdaptiveReadPlan plan;
    private final Duration timeout;
    /** Tags whose last read was an exception response; only touched on the io thread, to log changes once. */
    private final Set<Integer> failing = new HashSet<>();
    /** The text of each string tag in the read under way (null: not read); only touched on the io thread. */
    private final String[] texts;

    private ModbusTCPMaster master;

    public ModbusAdapter(DeviceSpec spec, Clock clock, Duration timeout) {
        this(spec, clock, timeout, LearnedLimits.inMemory());
    }

    /** An adapter that remembers the device's request limit in {@code learned} (the agent's is {@link #forAgent}). */
    public ModbusAdapter(DeviceSpec spec, Clock clock, Duration timeout, LearnedLimits learned) {
        super(spec, clock, "modbus", Duration.ZERO);
        Objects.requireNonNull(learned, "learned");
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("device " + spec().id() + ": timeout " + timeout + " must be positive");
        }
        this.timeout = timeout;
        this.endpoint = ModbusEndpoint.parse(spec.endpoint());
        this.addresses = spec().tags().stream().map(ModbusAddress::of).toList();
        this.plan = new AdaptiveReadPlan(addresses, endpoint, learned, clock, describe());
        this.texts = new String[addresses.size()];
    }

    public ModbusAdapter(DeviceSpec spec) {
        this(spec, Clock.systemUTC(), DEFAULT_TIMEOUT);
    }

    /** The agent's adapter: learned limits are kept in {@link LearnedLimits#DEFAULT_FILE}. */
    public static ModbusAdapter forAgent(DeviceSpec spec) {
        return new ModbusAdapter(
                spec, Clock.systemUTC(), DEFAULT_TIMEOUT, LearnedLimits.at(LearnedLimits.DEFAULT_FILE));
    }

    /** The parsed endpoint. */
    public ModbusEndpoint endpoint() {
        return endpoint;
    }

    /** How many requests one {@link #read()} sends when every request succeeds. */
    public int requestsPerRead() {
        return plan.blocks().size();
    }

    @Override
    public CompletionStage<Void> connect() {
        return onWorker("connect", () -> {
            openMaster();
            return null;
        });
    }

    @Override
    public CompletionStage<List<Sample>> read() {
        return onWorker("read", this::readAll);
    }

    @Override
    protected DeviceException failure(String operation, Exception e) {
        if (e instanceof DeviceException known) {
            return known;
        }
        String reason = describe() + ": " + operation + " failed: " + e.getMessage();
        setHealth(DeviceHealth.State.DOWN, reason);
        dropMaster();
        log.warn("{}", reason);
        return new DeviceException(reason, e);
    }

    private void openMaster() throws Exception {
        plan.restoreOnce();
        dropMaster();
        setHealth(DeviceHealth.State.CONNECTING, "connecting to " + endpoint);
        var fresh = new ModbusTCPMaster(endpoint.host(), endpoint.port(), (int) timeout.toMillis(), false);
        fresh.setRetries(1);
        fresh.connect();
        master = fresh;
        setHealth(DeviceHealth.State.UP, "");
        log.info("{}: connected, {} tags in {} requests per read", describe(), addresses.size(), requestsPerRead());
    }

    @Override
    protected void disconnect() {
        dropMaster();
    }

    private void dropMaster() {
        if (master != null) {
            master.disconnect();
            master = null;
        }
    }

    private List<Sample> readAll() throws ModbusException {
        if (master == null || !master.isConnected()) {
            throw new DeviceException(describe() + ": read while not connected; call connect() first");
        }
        double[] raw = new double[addresses.size()];
        Arrays.fill(raw, Double.NaN);
        Arrays.fill(texts, null);
        try {
            for (ReadBlock block : plan.blocks()) {
                readBlock(block, raw);
            }
        } catch (ModbusException | RuntimeException e) {
            plan.readFailed();
            throw e;
        }
        List<Sample> samples = toSamples(raw, clock().instant());
        plan.readSucceeded();
        return samples;
    }

    private void readBlock(ReadBlock block, double[] raw) throws ModbusException {
        List<ReadBlock> fitting = plan.fit(block);
        if (fitting.size() > 1) {
            for (ReadBlock part : fitting) {
                readBlock(part, raw);
            }
            return;
        }
        try {
            decodeInto(block, fetch(block), raw);
            block.tags().forEach(this::recovered);
        } catch (ModbusSlaveException e) {
            List<ReadBlock> smaller = e.getType() == ILLEGAL_DATA_VALUE ? plan.refused(block) : List.of();
            if (!smaller.isEmpty()) {
                for (ReadBlock part : smaller) {
                    readBlock(part, raw);
                }
            } else if (block.tags().size() > 1) {
                for (int tag : block.tags()) {
                    ModbusAddress a = addresses.get(tag);
                    readBlock(new ReadBlock(a.table(), a.offset(), a.width(), List.of(tag)), raw);
                }
            } else {
                failed(block.tags().get(0), e);
            }
        } catch (ModbusIOException e) {
            if (isTimeout(e)) {
                plan.timedOut(block, timeout.toMillis());
            }
            throw e;
        }
    }

    private static boolean isTimeout(ModbusIOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException
                    || (t.getMessage() != null
                            && t.getMessage().toLowerCase(Locale.ROOT).contains("timeout"))) {
                return true;
            }
        }
        return false;
    }

    /** The most registers per request the device is known to answer (125 until it refuses one). */
    public int maxRegistersPerRequest() {
        return plan.maxRegisters();
    }

    /** Reads the block; registers come back as unsigned words, bits as 0/1. */
    private int[] fetch(ReadBlock block) throws ModbusException {
        int unit = endpoint.unitId();
        return switch (block.table()) {
            case HOLDING_REGISTER -> words(master.readMultipleRegisters(unit, block.start(), block.count()));
            case INPUT_REGISTER -> words(master.readInputRegisters(unit, block.start(), block.count()));
            case COIL -> bits(master.readCoils(unit, block.start(), block.count()), block.count());
            case DISCRETE_INPUT -> bits(master.readInputDiscretes(unit, block.start(), block.count()), block.count());
        };
    }

    private static int[] words(InputRegister[] registers) {
        return Arrays.stream(registers).mapToInt(InputRegister::toUnsignedShort).toArray();
    }

    private static int[] bits(BitVector vector, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = vector.getBit(i) ? 1 : 0;
        }
        return out;
    }

    private void decodeInto(ReadBlock block, int[] values, double[] raw) {
        for (int tag : block.tags()) {
            ModbusAddress a = addresses.get(tag);
            int from = a.offset() - block.start();
            int[] slice = Arrays.copyOfRange(values, from, from + a.width());
            TagSpec t = spec().tags().get(tag);
            if (t.type().isText()) {
                texts[tag] = RegisterCodec.decodeText(a.order(), slice);
            } else {
                raw[tag] = a.table().isBits() ? slice[0] : RegisterCodec.decode(t.type(), a.order(), slice);
            }
        }
    }

    private List<Sample> toSamples(double[] raw, Instant time) {
        var samples = new ArrayList<Sample>(raw.length);
        for (int i = 0; i < raw.length; i++) {
            TagSpec tag = spec().tags().get(i);
            if (tag.type().isText()) {
                samples.add(
                        texts[i] != null
                                ? Sample.text(tag.id(), time, texts[i], Quality.GOOD)
                                : Sample.badText(tag.id(), time));
                continue;
            }
            double value = tag.toEngineering(raw[i]);
            samples.add(Double.isFinite(value) ? Sample.good(tag.id(), time, value) : Sample.bad(tag.id(), time));
        }
        return samples;
    }

    private void failed(int tag, ModbusSlaveException e) {
        if (failing.add(tag)) {
            TagSpec spec = spec().tags().get(tag);
            log.warn(
                    "{}: tag {} at {} reads BAD: device answered {}",
                    describe(),
                    spec.id(),
                    spec.address(),
                    e.getMessage());
        }
    }

    private void recovered(int tag) {
        if (failing.remove(tag)) {
            log.info(
                    "{}: tag {} reads again", describe(), spec().tags().get(tag).id());
        }
    }

    @Override
    protected String describe() {
        return "device " + spec().id() + " (Modbus TCP " + endpoint + ")";
    }
}
