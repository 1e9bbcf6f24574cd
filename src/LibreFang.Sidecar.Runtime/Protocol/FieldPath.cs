using System.Text.Json;

namespace LibreFang.Sidecar.Protocol;

/// <summary>The method and JSON path a nested reader reports errors against.</summary>
internal readonly record struct FieldPath(string Method, string Path)
{
    public FieldPath Child(string name) => this with { Path = Path + "." + name };

    public FieldPath Index(int index) => this with { Path = Path + "[" + index + "]" };

    public WireException Error(string problem) => new($"{Method}: {Path} {problem}", Path);

    /// <summary>The string token under <paramref name="reader"/>, which must be one.</summary>
    public string String(ref Utf8JsonReader reader) => JsonTokens.GetString(ref reader, Method, Path);
}
