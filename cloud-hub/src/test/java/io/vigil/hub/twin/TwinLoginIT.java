package io.vigil.hub.twin;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.hub.HubSettings;
import io.vigil.hub.Hub;
import io.vigil.hub.HubConfiguration;
import io.vigil.hub.security.SecuritySettings;
import io.vigil.hub.security.login.Role;
import io.vigil.hub.security.login.UserStore;
import io.vigil.hub.security.pki.CertificateAuthority;
import io.vigil.hub.security.pki.ServerCertificate;
import io.vigil.testing.Chromium;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * With login on and HTTPS (the hub's own certificate, which Chromium is told to accept by its public key only, as an
 * operator who installed the hub's CA would), the twin shows a login form when the API answers 401 and its live feed
 * works over wss:// after logging in; the listener asks for a client certificate, and a browser without one gets in.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TwinLoginIT {

    @TempDir
    static Path tmp;

    static Hub hub;
    static WebDriver browser;
    static Chromium chromium;

    @BeforeAll
    static void start() throws Exception {
        chromium = Chromium.locate();
        Path pki = tmp.resolve("pki");
        CertificateAuthority.init(pki, List.of(), Clock.systemUTC());
        UserStore.in(pki).put("vera", Role.VIEWER, "vera-password".toCharArray());
        hub = Hub.start(
                HubConfiguration.of(new HubSettings("127.0.0.1", 0, 0, tmp.resolve("db"), Optional.empty()))
                        .withSecurity(new SecuritySettings(true, false, pki, Duration.ofHours(1))
                                .withHttps(new ServerCertificate.HubCertificate())),
                Clock.systemUTC());
        System.setProperty("webdriver.chrome.driver", chromium.driver().toString());
        var options = new ChromeOptions();
        options.setBinary(chromium.binary().toFile());
        options.addArguments(Chromium.headlessFlags(Files.createDirectories(tmp.resolve("profile"))));
        options.addArguments("--ignore-certificate-errors-spki-list=" + hubKeyPin(pki));
        browser = new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(new File(chromium.driver().toString()))
                        .usingAnyFreePort()
                        .build(),
                options);
    }

    /** base64(SHA-256(SubjectPublicKeyInfo)) of the hub's certificate, as Chromium's pin list takes it. */
    private static String hubKeyPin(Path pki) throws Exception {
        var store = CertificateAuthority.readStore(
                pki.resolve(CertificateAuthority.HUB_STORE), pki.resolve(CertificateAuthority.HUB_PASSWORD));
        var cert = store.getCertificate(store.aliases().nextElement());
        return Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256")
                        .digest(cert.getPublicKey().getEncoded()));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void showsALoginFormOn401AndTheLiveTwinAfterLoggingIn() {
        // the page re-renders after login, so an element found in one poll may be replaced before it is read
        var wait = new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class);
        assertThat(hub.httpUri().getScheme()).isEqualTo("https");
        browser.get(hub.httpUri().toString());

        wait.until(d -> !d.findElements(By.id("login")).isEmpty());
        browser.findElement(By.name("user")).sendKeys("vera");
        browser.findElement(By.name("password")).sendKeys("wrong-password");
        browser.findElement(By.cssSelector("#login button")).click();
        wait.until(d ->
                d.findElement(By.cssSelector("#login .login-error")).getText().contains("wrong user"));

        browser.findElement(By.name("password")).clear();
        browser.findElement(By.name("password")).sendKeys("vera-password");
        browser.findElement(By.cssSelector("#login button")).click();

        wait.until(d -> "live".equals(d.findElement(By.id("conn")).getAttribute("data-state")));
        assertThat(browser.findElements(By.id("login"))).isEmpty();
    }
}
