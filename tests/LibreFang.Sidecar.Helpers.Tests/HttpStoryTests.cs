using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using LibreFang.Sidecar.Helpers;
using Microsoft.AspNetCore.Http;

namespace LibreFang.Sidecar.Helpers.Tests;

/// <summary>The docs/http.md example, compiled and run against a loopback API that rate-limits once.</summary>
public sealed class HttpStoryTests
{
    [Fact]
    public async Task A_typed_client_honours_retry_after_and_backs_off_on_failures()
    {
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync("/messages", async context =>
        {
            switch (Interlocked.Increment(ref calls))
            {
                case 1:
                    context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    context.Response.Headers.RetryAfter = "0";
                    return;
                case 2:
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    return;
                default:
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync("""{"id":"m-42"}""");
                    return;
            }
        });
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(5) };
        var platform = new PlatformClient(http, new Backoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50)), new SidecarLog(TextWriter.Null));

        var id = await platform.PostMessageAsync("hello", CancellationToken.None);

        Assert.Equal("m-42", id);
        Assert.Equal(3, calls);
    }
}

// --- the example from docs/http.md ---------------------------------------------------------------

/// <summary>A typed client for a platform's HTTP API: one HttpClient, a timeout, Retry-After and backoff.</summary>
public sealed class PlatformClient(HttpClient http, Backoff backoff, SidecarLog log)
{
    public async Task<string> PostMessageAsync(string text, CancellationToken cancellationToken) =>
        await backoff.RetryAsync(async ct =>
        {
            using var response = await http.PostAsJsonAsync("messages", new PostMessage(text), PlatformJson.Default.PostMessage, ct);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var wait = RetryAfter.From(response, fallback: TimeSpan.FromSeconds(30), floor: TimeSpan.Zero);
                log.Warn("rate limited", ("wait_ms", wait));
                await Task.Delay(wait, ct);
                throw new HttpRequestException("rate limited", null, response.StatusCode);
            }
            response.EnsureSuccessStatusCode();
            var posted = await response.Content.ReadFromJsonAsync(PlatformJson.Default.PostedMessage, ct);
            return posted?.Id ?? throw new InvalidDataException("the API answered without an id");
        }, cancellationToken, log);
}

public sealed record PostMessage([property: JsonPropertyName("text")] string Text);

public sealed record PostedMessage([property: JsonPropertyName("id")] string Id);

/// <summary>Source-generated JSON: no reflection, safe under Native AOT.</summary>
[JsonSerializable(typeof(PostMessage))]
[JsonSerializable(typeof(PostedMessage))]
public sealed partial class PlatformJson : JsonSerializerContext;
