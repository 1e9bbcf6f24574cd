using LibreFang.Sidecar.Analyzers.Tests.Infrastructure;

namespace LibreFang.Sidecar.Analyzers.Tests;

/// <summary>
/// The template's adapter, which a new project builds with warnings as errors, gets no LFS diagnostic: in particular
/// its async mutex around platform writes (WaitAsync, try, await I/O, finally Release) is not LFS0301.
/// </summary>
public sealed class TemplateAdapterTests
{
    [Fact]
    public async Task The_template_adapter_with_its_async_mutex_has_no_LFS_diagnostic()
    {
        var path = RepositoryPaths.Combine("templates", "LibreFang.Sidecar.Templates", "content", "librefang-sidecar", "src", "MyAdapter", "PlatformAdapter.cs");
        // The template's project has the SDK's implicit usings; System.Net.Http is the one the test compilation lacks.
        var source = "using System.Net.Http;\n" + File.ReadAllText(path);
        Assert.Contains("await _platformWrites.WaitAsync(cancellationToken);", source, StringComparison.Ordinal);

        var diagnostics = await DirectCompilation.AnalyzeAsync(DirectCompilation.Compile(source));

        Assert.Empty(diagnostics.Where(d => d.Id.StartsWith("LFS", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_same_mutex_held_across_the_emit_would_be_LFS0301()
    {
        var path = RepositoryPaths.Combine("templates", "LibreFang.Sidecar.Templates", "content", "librefang-sidecar", "src", "MyAdapter", "PlatformAdapter.cs");
        var source = "using System.Net.Http;\n" + File.ReadAllText(path);
        // Move the release after the echo: the emit now runs under the mutex.
        var held = source
            .Replace("            _platformWrites.Release();\n", "", StringComparison.Ordinal)
            .Replace(".Platform(\"myplatform\").Build(), cancellationToken);\n", ".Platform(\"myplatform\").Build(), cancellationToken);\n        _platformWrites.Release();\n", StringComparison.Ordinal);
        Assert.NotEqual(source, held);

        var diagnostics = await DirectCompilation.AnalyzeAsync(DirectCompilation.Compile(held));

        Assert.Contains(diagnostics, d => d.Id == "LFS0301");
    }
}
