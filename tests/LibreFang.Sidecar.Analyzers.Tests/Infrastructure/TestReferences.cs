using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace LibreFang.Sidecar.Analyzers.Tests.Infrastructure;

/// <summary>What every test compilation references: .NET 10 reference assemblies and the real runtime assembly.</summary>
internal static class TestReferences
{
    /// <summary>
    /// .NET 10 reference assemblies. <c>ReferenceAssemblies.Net.Net100</c> pins Microsoft.NETCore.App.Ref 10.0.1, which
    /// the package feed here does not serve; 10.0.12 is. The testing library fetches it from NuGet on first use into
    /// its cache under the temp folder.
    /// </summary>
    public static ReferenceAssemblies Net10 { get; } = new(
        "net10.0",
        new PackageIdentity("Microsoft.NETCore.App.Ref", "10.0.12"),
        Path.Combine("ref", "net10.0"));

    /// <summary>LibreFang.Sidecar.Runtime as built next to the tests.</summary>
    public static MetadataReference Runtime { get; } =
        MetadataReference.CreateFromFile(typeof(LibreFang.Sidecar.Command).Assembly.Location);

    /// <summary>The usings every test source starts with (the SDK's implicit usings, plus the runtime namespace).</summary>
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using LibreFang.Sidecar;

        """;
}
