package io.shapes.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import io.shapes.deployment.CellManagerRun;
import io.shapes.deployment.CellNode;
import io.shapes.deployment.ConsoleNode;
import io.shapes.deployment.LocalDeployment;

/**
 * The operations console in a real browser (Debian's headless chromium, driven through chromedriver): it shows
 * nothing without the admin token; with it, the deployment's real cells and fills; a split started from the CLI with
 * its progress and then the new map; a killed cell turning unhealthy within seconds; and no JavaScript error. It
 * leaves a screenshot in {@code target/console/console.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOT = Path.of("target", "console", "console.png");
    private static final long CAPACITY = 400;
    @RegisterExtension
    final DeploymentExtension deployments = DeploymentExtension.with(d -> d.cells(2).routers(1).cellCapacity(CAPACITY));
    private LocalDeployment deployment;
    private ConsoleNode console;
    private WebDriver browser;

    @BeforeAll
    void start() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium and chromedriver are not installed (Debian's chromium, chromium-driver; .ci/run installs them)");
        deployment = deployments.get();
        console = deployment.startConsole();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1300");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .build(), options);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theConsoleShowsTheDeploymentAsItChanges() throws IOException {
        String key = deployment.createTenant("painter");
        Api api = new Api(deployment.router(0).url());
        await("the router knows the key").atMost(Duration.ofSeconds(15))
                .until(() -> api.countAll(key, "painter").statusCode() == 200);
        for (int i = 0; i < 60; i++) {
            api.putOk(key, "painter", i % 2 == 0 ? "circle" : "square");
        }

        browser.get(console.url().toString());
        assertTrue(browser.findElement(By.id("sign-in")).isDisplayed(), "it asks for the token");
        assertTrue(!browser.findElement(By.id("console")).isDisplayed()
                && browser.findElements(By.cssSelector("#cells tbody tr")).isEmpty(), "and shows nothing without it");
        browser.findElement(By.id("token")).sendKeys("not-the-admin-token-but-long-enough-1234");
        browser.findElement(By.cssSelector("#sign-in button")).click();
        onPage("a wrong token is refused").atMost(Duration.ofSeconds(10))
                .until(() -> browser.findElement(By.id("status")).getText().contains("refused"));
        assertTrue(browser.findElements(By.cssSelector("#cells tbody tr")).isEmpty(), "still nothing shown");

        browser.findElement(By.id("token")).sendKeys(deployment.adminToken());
        browser.findElement(By.cssSelector("#sign-in button")).click();
        onPage("the real cells and their fill").atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertEquals(List.of("cell-1", "cell-2"), cellRows().stream().map(r -> r.getAttribute("data-cell")).toList());
            long shapes = 0;
            for (WebElement row : cellRows()) {
                String name = row.getAttribute("data-cell");
                long stored = deployment.cellAdmin().info(deployment.cell(name).url()).join().shapes();
                List<WebElement> columns = row.findElements(By.tagName("td"));
                assertEquals(String.valueOf(stored), columns.get(3).getText(), name + "'s shapes");
                java.util.regex.Matcher percent = java.util.regex.Pattern.compile("([0-9.]+) %")
                        .matcher(columns.get(4).getText());
                assertTrue(percent.find(), name + "'s fill: " + columns.get(4).getText());
                assertEquals(100.0 * stored / CAPACITY, Double.parseDouble(percent.group(1)), 0.051,
                        name + "'s fill, to a tenth of a percent");
                shapes += stored;
            }
            assertEquals(60, shapes, "every shape put");
        });
        long mapBefore = Long.parseLong(browser.findElement(By.id("strip")).getAttribute("data-version"));

        CellNode target = deployment.startCell("cell-3");
        assertEquals(0, deployment.cellManager("cell", "add", "cell-3", "--url", target.url().toString()).exitCode());
        CompletableFuture<CellManagerRun> split = CompletableFuture.supplyAsync(
                () -> deployment.cellManager("cell", "split", "cell-1", "--into", "cell-3"));
        onPage("the split appears with its progress, then done").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    List<WebElement> rows = browser.findElements(By.cssSelector("#splits tbody tr"));
                    assertTrue(!rows.isEmpty(), "a split row");
                    WebElement row = rows.get(0);
                    assertEquals("done", row.getAttribute("data-phase"));
                    assertTrue(row.getText().contains("cell-1 → cell-3") && row.getText().contains("100 %"),
                            row.getText());
                });
        assertEquals(0, split.join().exitCode(), split.join().err());
        onPage("then the new map").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            WebElement strip = browser.findElement(By.id("strip"));
            assertTrue(Long.parseLong(strip.getAttribute("data-version")) > mapBefore, "a newer map version");
            assertTrue(strip.findElements(By.cssSelector("div")).stream()
                    .anyMatch(d -> d.getAttribute("title").startsWith("cell-3:")), "cell-3 owns a range on the strip");
        });

        deployment.cell("cell-2").service().kill();
        onPage("a killed cell turns unhealthy within seconds").atMost(Duration.ofSeconds(10))
                .until(() -> cellRows().stream().anyMatch(r -> "cell-2".equals(r.getAttribute("data-cell"))
                        && "false".equals(r.getAttribute("data-healthy"))));

        Files.createDirectories(SCREENSHOT.getParent());
        Path shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                // the refused token is an expected 401, which the browser itself reports
                .filter(e -> !e.getMessage().contains("/api/overview") || !e.getMessage().contains("401"))
                .toList();
        assertEquals(List.of(), errors.stream().map(LogEntry::getMessage).toList(), "no JavaScript error");
    }

    /** A wait on the page, which redraws its tables every refresh: an element seen before a redraw is looked up again. */
    private static org.awaitility.core.ConditionFactory onPage(String what) {
        return await(what).ignoreExceptionsInstanceOf(org.openqa.selenium.StaleElementReferenceException.class);
    }

    private List<WebElement> cellRows() {
        return browser.findElements(By.cssSelector("#cells tbody tr"));
    }
}
