using LibreFang.Sidecar.Irc.Tests.EndToEnd;

namespace LibreFang.Sidecar.Conformance.Tests;

/// <summary>The IRC sample, a real platform adapter, passes every check while connected to a real IRC server.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class IrcSampleConformanceTests
{
    [Fact]
    public async Task The_published_irc_adapter_passes_every_check_against_ngircd()
    {
        await using var server = await NgircdServer.StartAsync();
        var options = new RunnerOptions
        {
            Command = [await AdapterBinary.PathAsync()],
            Environment = AdapterBinary.Environment(server.Port),
            AckWindow = TimeSpan.FromSeconds(3),
        };

        var report = await ConformanceRunner.RunAsync(options);

        Assert.True(report.Passed, ReportWriter.Table(report, color: false));
        Assert.Equal(CheckStatus.Pass, Adapters.Check(report, "robustness").Status);
        Assert.Equal(CheckStatus.Pass, Adapters.Check(report, "shutdown").Status);
    }
}
