using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using LibreFang.Samples.WebChat.Web;
using Microsoft.AspNetCore.Http;

namespace LibreFang.Sidecar.WebChat.Tests.Unit;

public sealed class PageSecurityTests
{
    [Fact]
    public void The_content_security_policy_allows_exactly_the_pages_own_script_and_style()
    {
        var html = Encoding.UTF8.GetString(PageResource.Html.Span);
        var script = Regex.Match(html, "<script>(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
        var policy = PageResource.ContentSecurityPolicy;

        Assert.Contains($"script-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)))}';", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
        // One page, no outside resources: no URL to another host appears in it.
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        Assert.DoesNotContain("innerHTML", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_script_gets_a_different_hash()
    {
        Assert.NotEqual(PageResource.BuildPolicy("<script>a()</script>"), PageResource.BuildPolicy("<script>b()</script>"));
    }

    [Theory]
    [InlineData("https://chat.example.com", true)]
    [InlineData("https://chat.example.com:8443", true)]
    [InlineData("https://chat.example.com/", true)]
    [InlineData("https://chat.example.com/chat", false)]
    [InlineData("chat.example.com", false)]
    [InlineData("ftp://chat.example.com", false)]
    public void Allowed_origins_must_be_bare_origins(string origin, bool valid)
    {
        if (valid)
        {
            Assert.Equal([origin.TrimEnd('/')], Samples.WebChat.ConfigCheck.Origins("K", [origin]));
        }
        else
        {
            Assert.Contains("K: ", Assert.Throws<ConfigurationException>(() => Samples.WebChat.ConfigCheck.Origins("K", [origin])).Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("http://127.0.0.1:8780", "same-origin", false)]
    [InlineData(null, "none", false)]
    [InlineData("http://evil.example", null, true)]
    [InlineData("http://127.0.0.1:9999", null, true)]
    [InlineData("null", null, true)]
    [InlineData(null, "cross-site", true)]
    [InlineData(null, "same-site", true)]
    [InlineData("https://chat.example.com", null, false)]
    [InlineData("http://chat.example.com", null, true)]
    public void Cross_site_requests_are_recognised(string? origin, string? fetchSite, bool crossSite)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("127.0.0.1", 8780);
        if (origin is not null)
        {
            context.Request.Headers.Origin = origin;
        }
        if (fetchSite is not null)
        {
            context.Request.Headers["Sec-Fetch-Site"] = fetchSite;
        }

        Assert.Equal(crossSite, WebChatServer.IsCrossSite(context.Request, ["https://chat.example.com"]));
    }
}
