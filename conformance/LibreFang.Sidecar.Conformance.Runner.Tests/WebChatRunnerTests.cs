using LibreFang.Sidecar.Testing;

namespace LibreFang.Sidecar.Conformance.Tests;

/// <summary>
/// The web chat sample declares every capability, so the runner's capabilities check runs (a <c>typing</c> command
/// answered without an error) instead of being skipped. Port 0: each of the runner's sessions starts its own server.
/// </summary>
[Collection("echo suites")]
public sealed class WebChatSampleConformanceTests
{
    [Fact]
    public async Task The_published_webchat_adapter_passes_every_check_with_its_capabilities_exercised()
    {
        var options = new RunnerOptions
        {
            Command = [await PublishedBinary.WebChatAsync()],
            Environment = new Dictionary<string, string?> { ["WEBCHAT_TOKEN"] = "conformance-token-0123456789", ["WEBCHAT_PORT"] = "0" },
            AckWindow = TimeSpan.FromSeconds(3),
        };

        var report = await ConformanceRunner.RunAsync(options);

        Assert.True(report.Passed, ReportWriter.Table(report, color: false));
        var capabilities = Adapters.Check(report, "capabilities");
        Assert.Equal(CheckStatus.Pass, capabilities.Status);
        Assert.Contains("typing", capabilities.Summary, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Pass, Adapters.Check(report, "robustness").Status);
        Assert.Equal(CheckStatus.Pass, Adapters.Check(report, "stdout frames").Status);
    }
}
