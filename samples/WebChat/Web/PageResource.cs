using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace LibreFang.Samples.WebChat.Web;

/// <summary>
/// The page, embedded in the binary, and a Content-Security-Policy that allows exactly its own inline script and
/// style (by hash) and nothing else: no other script, no inline event handler, no request to another origin.
/// </summary>
internal static partial class PageResource
{
    public static ReadOnlyMemory<byte> Html { get; } = Load();

    public static string ContentSecurityPolicy { get; } = BuildPolicy(Encoding.UTF8.GetString(Html.Span));

    private static byte[] Load()
    {
        using var stream = typeof(PageResource).Assembly.GetManifestResourceStream("webchat.html")
            ?? throw new InvalidOperationException("the page is not embedded in the binary");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    internal static string BuildPolicy(string html)
    {
        var scripts = string.Join(' ', ScriptPattern().Matches(html).Select(m => Hash(m.Groups[1].Value)));
        var styles = string.Join(' ', StylePattern().Matches(html).Select(m => Hash(m.Groups[1].Value)));
        return $"default-src 'none'; script-src {scripts}; style-src {styles}; connect-src 'self'; img-src 'self'; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    private static string Hash(string content) => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(content)))}'";

    [GeneratedRegex("<script>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ScriptPattern();

    [GeneratedRegex("<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StylePattern();
}
