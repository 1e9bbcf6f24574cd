using System.Net;
using LibreFang.Sidecar;

namespace LibreFang.Samples.WebChat;

/// <summary>
/// Checks of configuration values beyond their type. The generated binder calls the <c>init</c> accessors, so a
/// <see cref="ConfigurationException"/> thrown here reaches the host like the binder's own: an <c>error</c> event
/// naming the key, and exit code 2.
/// </summary>
internal static class ConfigCheck
{
    public const int MinTokenLength = 16;

    public static string Token(string key, string value) => value.Length >= MinTokenLength
        ? value
        : throw Problem(key, $"{key} must be at least {MinTokenLength} characters long (it guards the chat page)");

    public static int Range(string key, int value, int min, int max) => value >= min && value <= max
        ? value
        : throw Problem(key, $"{key} must be from {min} to {max}, not {value}");

    public static double Positive(string key, double value) => value > 0 && double.IsFinite(value)
        ? value
        : throw Problem(key, $"{key} must be above 0, not {value}");

    public static string Address(string key, string value) => TryParseAddress(value, out _)
        ? value
        : throw Problem(key, $"{key} must be an IP address or localhost, not '{value}'");

    /// <summary>Each entry must be a bare origin (<c>scheme://host[:port]</c>), the form browsers send in <c>Origin</c>.</summary>
    public static string[] Origins(string key, string[] value)
    {
        foreach (var origin in value)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || uri.GetLeftPart(UriPartial.Authority) != origin.TrimEnd('/'))
            {
                throw Problem(key, $"{key}: '{origin}' is not an origin such as https://chat.example.com");
            }
        }
        return value.Select(o => o.TrimEnd('/')).ToArray();
    }

    public static IPAddress ParseAddress(string value) => TryParseAddress(value, out var address)
        ? address
        : throw new ArgumentException($"not an IP address: {value}", nameof(value));

    private static bool TryParseAddress(string value, out IPAddress address)
    {
        if (string.Equals(value, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback;
            return true;
        }
        return IPAddress.TryParse(value, out address!);
    }

    private static ConfigurationException Problem(string key, string message) => new([new ConfigurationProblem(key, message)]);
}
