using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace LibreFang.Sidecar.WebChat.Tests.EndToEnd;

/// <summary>
/// The Debian Chromium, headless, driven through the Debian chromium-driver with Selenium. Nothing is downloaded:
/// the driver and the browser are named explicitly, so Selenium Manager is never consulted.
/// </summary>
internal sealed class Browser : IDisposable
{
    private static readonly string[] BrowserPaths = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"];
    private const string DriverPath = "/usr/bin/chromedriver";
    private readonly string _profile = Directory.CreateTempSubdirectory("webchat-chromium-").FullName;

    public Browser()
    {
        var chromium = BrowserPaths.FirstOrDefault(File.Exists)
            ?? throw new Xunit.Sdk.XunitException("Chromium is not installed: apt-get install chromium chromium-driver (.ci/run installs them)");
        if (!File.Exists(DriverPath))
        {
            throw new Xunit.Sdk.XunitException("chromium-driver is not installed: apt-get install chromium-driver (.ci/run installs it)");
        }
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = chromium };
        // Root in a container: no sandbox; offline: nothing that phones home.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            "--window-size=1000,1100", "--user-data-dir=" + _profile);
        options.AddUserProfilePreference("download.default_directory", Downloads);
        options.AddUserProfilePreference("download.prompt_for_download", false);
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public ChromeDriver Driver { get; }

    /// <summary>Where the browser saves downloads.</summary>
    public string Downloads => Path.Combine(_profile, "downloads");

    public object? Script(string script, params object[] args) => Driver.ExecuteScript(script, args);

    public void Screenshot(string name)
    {
        var directory = Path.Combine(Sidecar.Testing.PublishedBinary.RepositoryRoot, "samples", "WebChat", "docs");
        Directory.CreateDirectory(directory);
        Driver.GetScreenshot().SaveAsFile(Path.Combine(directory, name));
    }

    /// <summary>Polls until the condition holds (exceptions from a page still changing count as "not yet").</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, double seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (condition())
                {
                    return;
                }
            }
            catch (WebDriverException ex)
            {
                last = ex;
            }
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException($"the page never showed {what} within {seconds} s{(last is null ? "" : ": " + last.Message)}");
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
