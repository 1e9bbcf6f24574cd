using Microsoft.CodeAnalysis;

namespace LibreFang.Sidecar.Roslyn;

/// <summary>Where to report a problem about a member: its first source location, or the adapter's when it has none.</summary>
internal static class SourceLocation
{
    public static Location Of(ISymbol symbol, Location fallback)
    {
        foreach (var location in symbol.Locations)
        {
            if (location.IsInSource)
            {
                return location;
            }
        }
        return fallback;
    }
}
