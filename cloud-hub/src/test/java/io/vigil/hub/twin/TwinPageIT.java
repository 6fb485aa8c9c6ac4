package io.vigil.hub.twin;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vigil.core.hub.HubLauncher;
import io.vigil.core.hub.HubSettings;
import io.vigil.core.hub.RunningHub;
import io.vigil.core.sample.Sample;
import io.vigil.core.wire.AnomalyEvent;
import io.vigil.core.wire.AssetData;
import io.vigil.core.wire.MessageType;
import io.vigil.core.wire.MetricDef;
import io.vigil.core.wire.Score;
import io.vigil.core.wire.SparkplugCodec;
import io.vigil.core.wire.SparkplugTopic;
import io.vigil.testing.Chromium;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The twin page in a real headless Chromium against a real hub started in this process, fed the way an edge agent
 * feeds it: Sparkplug B NBIRTH, DBIRTH and DDATA over MQTT. Every check waits on page state (bounded), never on time.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver}; Selenium Manager never runs (no download at test
 * time), and a missing binary fails the test with the package to install.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TwinPageIT {
    private static final Duration PAGE_WAIT = Duration.ofSeconds(30);
    private static final String GROUP = "plant";
    private static final String NODE = "edge-1";
    private static final String ASSET = "pump-1";
    private static final String FLOW = ASSET + "/flow";

    @TempDir
    static Path tempDir;

    private static RunningHub hub;
    private static Vertx vertx;
    private static MqttClient mqtt;
    private static WebDriver browser;
    private static Chromium chromium;
    private static long seq;

    @BeforeAll
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    static void startHubAgentAndBrowser() throws Exception {
        chromium = Chromium.locate();
        hub = HubLauncher.find().start(new HubSettings("127.0.0.1", 0, 0, tempDir.resolve("hub"), Optional.empty()));
        vertx = Vertx.vertx();
        connectAgent();
        publish(SparkplugTopic.node(GROUP, MessageType.NBIRTH, NODE), SparkplugCodec.nodeBirth(Instant.now(), 0, 0));
        publish(
                device(MessageType.DBIRTH),
                SparkplugCodec.deviceBirth(
                        Instant.now(),
                        nextSeq(),
                        List.of(
                                new MetricDef("flow", "l/min"),
                                new MetricDef("pressure", "bar"),
                                new MetricDef(SparkplugCodec.SCORE_PREFIX + "pump-ae", ""),
                                new MetricDef(SparkplugCodec.ANOMALY_EVENT, "")),
                        Map.of("protocol", "modbus-tcp", "device", "pump-modbus")));
        publishSamples(31.9, 2.5);
        browser = startChromium(tempDir.resolve("chromium-profile"));
    }

    @AfterAll
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    static void stopEverything() {
        var failures = new ArrayList<Throwable>();
        stop(failures, () -> browser.quit(), browser);
        stop(failures, () -> await(mqtt.disconnect()), mqtt);
        stop(failures, () -> await(vertx.close()), vertx);
        stop(failures, () -> hub.close(), hub);
        if (!failures.isEmpty()) {
            var error = new AssertionError("stopping the browser, the agent or the hub failed");
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }

    @BeforeEach
    void openTwin() {
        browser.get(hub.httpUri().toString());
        waitFor("the live feed to connect", d -> "live".equals(attribute(By.id("conn"), "data-state")));
    }

    @Test
    void showsEachAssetWithProtocolStatusAndUnits() {
        waitFor("card " + ASSET + " to show its protocol", d -> text(card("[data-role=protocol]"))
                .equals("modbus-tcp"));

        assertThat(attribute(By.cssSelector("[data-asset='" + ASSET + "']"), "data-status"))
                .isEqualTo("online");
        assertThat(text(card("[data-sensor='" + FLOW + "'] .unit"))).isEqualTo("l/min");
        assertThat(text(card("[data-sensor='" + ASSET + "/pressure'] .unit"))).isEqualTo("bar");
        assertThat(attribute(valueOf(FLOW), "data-quality")).isEqualTo("GOOD");
        waitFor("the hub health in the header", d -> !text(By.id("health-hub")).equals("…"));
    }

    @Test
    void updatesSensorValueFromLiveFeedWithoutReload() throws Exception {
        waitFor("a flow value", d -> !text(valueOf(FLOW)).equals("—"));
        js("window.vigilProbe = 'same page';");

        publishSamples(47.25, 2.6);

        waitFor("flow 47.25 from the live feed", d -> text(valueOf(FLOW)).equals("47.25"));
        assertThat(text(valueOf(ASSET + "/pressure"))).isEqualTo("2.6");
        assertThat(js("return window.vigilProbe;"))
                .as("the page was not reloaded")
                .isEqualTo("same page");
    }

    @Test
    void clickingSensorShowsItsTrendAndAppendsLiveSamples() throws Exception {
        waitUntilHubCommitted();
        waitFor("a flow value", d -> !text(valueOf(FLOW)).equals("—"));

        browser.findElement(valueOf(FLOW)).click();

        waitFor("the trend of " + FLOW + " to load points", d -> trendPoints() > 0);
        assertThat(attribute(By.id("trend"), "data-trend-tag")).isEqualTo(FLOW);
        int loaded = trendPoints();
        publishSamples(52.0, 2.7);
        waitFor("the live sample to extend the trend", d -> trendPoints() > loaded);
    }

    @Test
    void anomalyEventAppearsInEventListAndMarksScoreAboveThreshold() throws Exception {
        waitFor("a flow value", d -> !text(valueOf(FLOW)).equals("—"));
        browser.findElement(valueOf(FLOW)).click();
        waitFor("the event list of " + ASSET, d -> !attribute(By.id("events"), "data-count")
                .isEmpty());

        Instant at = Instant.now();
        publish(
                device(MessageType.DDATA),
                SparkplugCodec.deviceData(
                        at,
                        nextSeq(),
                        new AssetData(
                                List.of(Sample.good("flow", at, 88.8)),
                                List.of(new Score("pump-ae", at, 1.7)),
                                List.of(new AnomalyEvent("pump-ae@1.0.0", at, 1.7, 0.9)))));

        waitFor("the anomaly in the event list", d -> browser.findElements(By.cssSelector("#events .event")).stream()
                .anyMatch(e ->
                        e.getText().contains("pump-ae@1.0.0") && e.getText().contains("1.7")));
        By score = By.cssSelector("[data-score='" + ASSET + "/pump-ae']");
        waitFor("score 1.7 above threshold 0.9", d -> "true".equals(attribute(score, "data-above")));
        assertThat(text(By.cssSelector("[data-score='" + ASSET + "/pump-ae'] .score-threshold")))
                .isEqualTo("threshold 0.9");
        assertThat(Integer.parseInt(attribute(By.id("trend"), "data-trend-markers")))
                .isGreaterThan(0);
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void stop(List<Throwable> failures, Step step, Object started) {
        if (started != null) {
            try {
                step.run();
            } catch (Exception | AssertionError e) {
                failures.add(e);
            }
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void connectAgent() throws Exception {
        SparkplugTopic death = SparkplugTopic.node(GROUP, MessageType.NDEATH, NODE);
        var options = new MqttClientOptions()
                .setClientId(NODE)
                .setCleanSession(true)
                .setWillFlag(true)
                .setWillTopic(death.toString())
                .setWillQoS(1)
                .setWillMessageBytes(Buffer.buffer(SparkplugCodec.nodeDeath(0)));
        mqtt = MqttClient.create(vertx, options);
        URI uri = hub.mqttUri();
        await(mqtt.connect(uri.getPort(), uri.getHost()));
    }

    private static void publishSamples(double flow, double pressure) throws Exception {
        Instant now = Instant.now();
        var data = new AssetData(
                List.of(Sample.good("flow", now, flow), Sample.good("pressure", now, pressure)),
                List.of(new Score("pump-ae", now, 0.12)),
                List.of());
        publish(device(MessageType.DDATA), SparkplugCodec.deviceData(now, nextSeq(), data));
    }

    private static void publish(SparkplugTopic topic, byte[] payload) throws Exception {
        await(mqtt.publish(topic.toString(), Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false));
    }

    private static SparkplugTopic device(MessageType type) {
        return SparkplugTopic.device(GROUP, type, NODE, ASSET);
    }

    private static synchronized long nextSeq() {
        seq = (seq + 1) % 256;
        return seq;
    }

    /** The trend reads the database, so wait until the hub says the first samples are committed. */
    private static void waitUntilHubCommitted() throws InterruptedException {
        long deadline = System.nanoTime() + PAGE_WAIT.toNanos();
        while (hub.totals().samples() < 2) {
            assertThat(System.nanoTime())
                    .as("hub committed no sample within " + PAGE_WAIT)
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static WebDriver startChromium(Path profile) throws Exception {
        Files.createDirectories(profile);
        System.setProperty("webdriver.chrome.driver", chromium.driver().toString());
        var options = new ChromeOptions();
        options.setBinary(chromium.binary().toFile());
        options.addArguments(Chromium.headlessFlags(profile));
        options.addArguments("--disable-quic", "--window-size=1280,900");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromium.driver().toString()))
                .usingAnyFreePort()
                .build();
        var driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(PAGE_WAIT);
        return driver;
    }

    /** Waits on page state; on timeout the failure carries the page text and the browser console. */
    private static void waitFor(String what, Function<WebDriver, Boolean> condition) {
        try {
            new WebDriverWait(browser, PAGE_WAIT)
                    .ignoring(NoSuchElementException.class)
                    .until(condition::apply);
        } catch (TimeoutException e) {
            throw new AssertionError("waited " + PAGE_WAIT.toSeconds() + " s for " + what + "\n--- page text ---\n"
                    + browser.findElement(By.tagName("body")).getText() + "\n--- browser console ---\n"
                    + console());
        }
    }

    private static String console() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(entry -> entry.getLevel() + " " + entry.getMessage())
                .collect(Collectors.joining("\n"));
    }

    private static By valueOf(String tag) {
        return By.cssSelector("[data-tag='" + tag + "']");
    }

    private static By card(String inner) {
        return By.cssSelector("[data-asset='" + ASSET + "'] " + inner);
    }

    private static String text(By by) {
        return browser.findElement(by).getText().trim();
    }

    private static String attribute(By by, String name) {
        String value = browser.findElement(by).getDomAttribute(name);
        return value == null ? "" : value;
    }

    private static int trendPoints() {
        return Integer.parseInt(attribute(By.id("trend"), "data-trend-points"));
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }
}
