using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using LibreFang.Samples.WebChat.Chat;
using LibreFang.Sidecar;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LibreFang.Samples.WebChat.Web;

/// <summary>
/// The HTTP side: the page at <c>/</c>, and under <c>/api</c> (token required, cross-site requests refused) the
/// page's event stream and its three actions: send a message, click a button, say the user is typing.
/// </summary>
/// <remarks>
/// Server-Sent Events carry everything to the page: the traffic is one-way (the page's own actions are rare POSTs),
/// SSE is plain HTTP that any proxy passes, and its event ids give resumption for free: a page that reconnects sends
/// <c>Last-Event-ID</c> and gets exactly what it missed. The page reads the stream with <c>fetch</c> rather than
/// <c>EventSource</c> so that it can send the token in a header (never in a URL, where it would end up in logs).
/// </remarks>
internal sealed partial class WebChatServer(WebChatAdapter adapter, IEventEmitter events, SidecarLog log)
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan TypingInterval = TimeSpan.FromSeconds(3);
    private const int MaxNameChars = 64;

    // Event ids are "<instance>-<sequence>": a page that outlived an adapter restart cannot mistake the new
    // instance's sequence numbers for the old one's.
    private readonly string _instance = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private readonly byte[] _tokenHash = SHA256.HashData(Encoding.UTF8.GetBytes(adapter.Token));
    private readonly CancellationTokenSource _stopping = new();

    public Uri? Address { get; private set; }

    public async Task RunAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var app = Build(endpoint);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException ex)
        {
            throw new IOException($"cannot listen on {endpoint}: {ex.Message}", ex);
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(bound);
        log.Info("web chat listening", ("url", bound));
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        // The daemon is going away: every open page gets a last "bye" event, then the server stops.
        await _stopping.CancelAsync();
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await app.StopAsync(grace.Token);
        await app.DisposeAsync();
    }

    private WebApplication Build(IPEndPoint endpoint)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        // stdout is the protocol: ASP.NET's own logging goes to the sidecar's stderr log, warnings and worse only.
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new SidecarLoggerProvider(log));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // The sidecar host owns signals and the process's end; the web host must not react to SIGTERM on its own.
        builder.Services.AddSingleton<IHostLifetime, NoHostLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(endpoint);
            // A message's text may need 6 bytes a character in JSON (\uXXXX escapes); anything bigger is refused unread.
            kestrel.Limits.MaxRequestBodySize = adapter.MaxMessageChars * 6L + 4096;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
        });
        var app = builder.Build();
        app.Use(GuardAsync);
        app.MapGet("/", ServePageAsync);
        app.MapGet("/api/events", StreamEventsAsync);
        app.MapPost("/api/messages", PostMessageAsync);
        app.MapPost("/api/buttons", PostButtonAsync);
        app.MapPost("/api/typing", PostTypingAsync);
        app.MapGet("/api/files/{id}", GetFileAsync);
        return app;
    }

    private async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }
        if (IsCrossSite(request, adapter.AllowedOrigins))
        {
            await ProblemAsync(context, StatusCodes.Status403Forbidden, "cross-site requests are refused");
            return;
        }
        if (!HasToken(request))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await ProblemAsync(context, StatusCodes.Status401Unauthorized, "the access token is missing or wrong");
            return;
        }
        context.Response.Headers.CacheControl = "no-store";
        await next(context);
    }

    /// <summary>
    /// A request another site's page made: the browser says so in <c>Sec-Fetch-Site</c>, or its <c>Origin</c> is not
    /// this server (nor one of <paramref name="allowedOrigins"/>, where a reverse proxy serves the page). Refused even
    /// with the right token, so a token leaked into another site cannot be used from it.
    /// </summary>
    internal static bool IsCrossSite(HttpRequest request, IReadOnlyCollection<string> allowedOrigins)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site is "cross-site" or "same-site")
        {
            return true;
        }
        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0 && !string.Equals(origin, $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase)
            && !allowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase);
    }

    private bool HasToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }
        // Hashes have equal lengths, so the comparison takes the same time whatever the guess.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim())), _tokenHash);
    }

    private static Task ServePageAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = PageResource.ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.Body.WriteAsync(PageResource.Html).AsTask();
    }

    private async Task StreamEventsAsync(HttpContext context)
    {
        var id = context.Request.Query["conversation"].ToString();
        if (!IsId(id))
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, "conversation must be 8 to 80 letters, digits, '-' or '_'");
            return;
        }
        var conversation = adapter.Store.GetOrAdd(id);
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        var token = linked.Token;
        Interlocked.Increment(ref conversation.Watchers);
        try
        {
            var sent = ResumePoint(context.Request.Headers["Last-Event-ID"].ToString(), conversation);
            while (!token.IsCancellationRequested)
            {
                // Take the signal before reading, so a change between the read and the wait is not missed.
                var changed = conversation.Changed;
                var pending = sent is { } after ? conversation.EventsAfter(after) : null;
                if (pending is null)
                {
                    var snapshot = conversation.Snapshot(messages => new SnapshotView(messages,
                        new LimitsView(adapter.MaxMessageChars, adapter.History), adapter.Title, adapter.AgentName));
                    await WriteEventAsync(response, snapshot, token);
                    sent = snapshot.Sequence;
                    continue;
                }
                foreach (var pageEvent in pending)
                {
                    await WriteEventAsync(response, pageEvent, token);
                    sent = pageEvent.Sequence;
                }
                if (pending.Count > 0)
                {
                    continue;
                }
                if (await Task.WhenAny(changed, Task.Delay(KeepAlive, token)) != changed)
                {
                    token.ThrowIfCancellationRequested();
                    await response.WriteAsync(": keep-alive\n\n", token);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
            // The page went away mid-write.
        }
        finally
        {
            Interlocked.Decrement(ref conversation.Watchers);
        }
        if (_stopping.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            try
            {
                await response.WriteAsync("event: bye\ndata: {\"reason\":\"the adapter is stopping\"}\n\n", context.RequestAborted);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException)
            {
            }
        }
    }

    /// <summary>The sequence a resuming page has seen, or null for a fresh page (or another instance's id): a snapshot.</summary>
    private long? ResumePoint(string lastEventId, Conversation conversation)
    {
        var dash = lastEventId.LastIndexOf('-');
        if (dash <= 0 || !lastEventId.AsSpan(0, dash).SequenceEqual(_instance)
            || !long.TryParse(lastEventId.AsSpan(dash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence)
            || sequence > conversation.Sequence)
        {
            return null;
        }
        return sequence;
    }

    private Task WriteEventAsync(HttpResponse response, PageEvent pageEvent, CancellationToken cancellationToken) =>
        // The JSON is written by System.Text.Json, which escapes line breaks: one data line per event.
        response.WriteAsync($"id: {_instance}-{pageEvent.Sequence}\nevent: {pageEvent.Name}\ndata: {pageEvent.Json}\n\n", cancellationToken);

    private async Task PostMessageAsync(HttpContext context)
    {
        var request = await ReadAsync(context, PageJson.Default.PostMessageRequest);
        if (request is null)
        {
            return;
        }
        var text = request.Text?.Trim() ?? "";
        if (!await CheckSenderAsync(context, request.Conversation, request.UserId, request.UserName))
        {
            return;
        }
        if (text.Length == 0)
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, "the message is empty");
            return;
        }
        if (text.Length > adapter.MaxMessageChars)
        {
            await ProblemAsync(context, StatusCodes.Status413PayloadTooLarge, $"a message may have at most {adapter.MaxMessageChars} characters");
            return;
        }
        if (request.ThreadId is { } thread && (thread.Length > 200 || thread.Length == 0))
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, "threadId is not a message id");
            return;
        }
        var conversation = adapter.Store.GetOrAdd(request.Conversation);
        if (!await TakeRateAsync(context, conversation))
        {
            return;
        }
        var name = request.UserName.Trim();
        var id = adapter.NextMessageId();
        conversation.Add(new ChatMessage(id, ChatMessage.User, name, WebChatAdapter.Now()) { Text = text, ThreadId = request.ThreadId });
        var message = new MessageBuilder(request.UserId, name).Text(text).MessageId(id).ChannelId(conversation.Id).Platform("webchat");
        if (request.ThreadId is { } threadId)
        {
            message.ThreadId(threadId);
        }
        await events.EmitAsync(message.Build(), context.RequestAborted);
        await JsonAsync(context, StatusCodes.Status202Accepted, new AcceptedResponse(id), PageJson.Default.AcceptedResponse);
    }

    private async Task PostButtonAsync(HttpContext context)
    {
        var request = await ReadAsync(context, PageJson.Default.PostButtonRequest);
        if (request is null || !await CheckSenderAsync(context, request.Conversation, request.UserId, request.UserName))
        {
            return;
        }
        var conversation = adapter.Store.Find(request.Conversation);
        // Only a button the agent actually offered can be clicked: the page cannot invent actions.
        var offered = conversation?.Read(request.MessageId ?? "", m => (
            Button: m.Deleted ? null : m.Buttons?.SelectMany(row => row).FirstOrDefault(b => b.Url is null && b.Action == request.Action),
            m.Text,
            m.ThreadId));
        if (conversation is null || offered?.Button is not { } button)
        {
            await ProblemAsync(context, StatusCodes.Status404NotFound, "no such button in this conversation");
            return;
        }
        if (!await TakeRateAsync(context, conversation))
        {
            return;
        }
        var name = request.UserName.Trim();
        var id = adapter.NextMessageId();
        conversation.Add(new ChatMessage(id, ChatMessage.User, name, WebChatAdapter.Now())
        {
            Text = button.Label,
            Attachment = new AttachmentView("button_callback", button.Action),
            ThreadId = offered.Value.ThreadId,
        });
        var message = new MessageBuilder(request.UserId, name).Content(Content.ButtonCallback(button.Action, offered.Value.Text))
            .MessageId(id).ChannelId(conversation.Id).Platform("webchat");
        if (offered.Value.ThreadId is { } threadId)
        {
            message.ThreadId(threadId);
        }
        await events.EmitAsync(message.Build(), context.RequestAborted);
        await JsonAsync(context, StatusCodes.Status202Accepted, new AcceptedResponse(id), PageJson.Default.AcceptedResponse);
    }

    private async Task PostTypingAsync(HttpContext context)
    {
        var request = await ReadAsync(context, PageJson.Default.PostTypingRequest);
        if (request is null || !await CheckSenderAsync(context, request.Conversation, request.UserId, request.UserName))
        {
            return;
        }
        if (adapter.Store.GetOrAdd(request.Conversation).TryTypingSlot(TypingInterval))
        {
            await events.EmitAsync(new TypingEvent(request.UserId, request.UserName.Trim(), true), context.RequestAborted);
        }
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task GetFileAsync(HttpContext context)
    {
        var id = context.Request.RouteValues["id"] as string ?? "";
        if (adapter.Files.Find(id) is not { } file || file.Conversation != context.Request.Query["conversation"].ToString())
        {
            await ProblemAsync(context, StatusCodes.Status404NotFound, "no such file (files are kept for a while only)");
            return;
        }
        // Always a download, never rendered: an agent-supplied HTML file must not run as this site.
        context.Response.ContentType = "application/octet-stream";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = file.Filename }.ToString();
        await context.Response.Body.WriteAsync(file.Data, context.RequestAborted);
    }

    private async Task<bool> CheckSenderAsync(HttpContext context, string? conversation, string? userId, string? userName)
    {
        var name = userName?.Trim() ?? "";
        var problem = !IsId(conversation) ? "conversation must be 8 to 80 letters, digits, '-' or '_'"
            : !IsId(userId) ? "userId must be 8 to 80 letters, digits, '-' or '_'"
            : name.Length is 0 or > MaxNameChars || name.Any(char.IsControl) ? $"userName must be 1 to {MaxNameChars} characters, without control characters"
            : null;
        if (problem is not null)
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, problem);
            return false;
        }
        return true;
    }

    private async Task<bool> TakeRateAsync(HttpContext context, Conversation conversation)
    {
        if (conversation.TryTake(adapter.RateBurst, adapter.RatePerMinute, out var retryAfter))
        {
            return true;
        }
        var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await ProblemAsync(context, StatusCodes.Status429TooManyRequests, $"too many messages; wait {seconds} s");
        return false;
    }

    private static async Task<T?> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type) where T : class
    {
        try
        {
            var value = await context.Request.ReadFromJsonAsync(type, context.RequestAborted);
            if (value is null)
            {
                await ProblemAsync(context, StatusCodes.Status400BadRequest, "the body must be a JSON object");
            }
            return value;
        }
        catch (BadHttpRequestException ex)
        {
            await ProblemAsync(context, ex.StatusCode, ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? "the request is too large" : ex.Message);
        }
        catch (System.Text.Json.JsonException ex)
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, "the body is not the expected JSON: " + ex.Message);
        }
        catch (InvalidOperationException)
        {
            await ProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, "the body must be application/json");
        }
        return null;
    }

    private static Task ProblemAsync(HttpContext context, int status, string error) =>
        JsonAsync(context, status, new ProblemResponse(error), PageJson.Default.ProblemResponse);

    private static Task JsonAsync<T>(HttpContext context, int status, T value, JsonTypeInfo<T> type)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(value, type, cancellationToken: context.RequestAborted);
    }

    private static bool IsId(string? value) => value is not null && IdPattern().IsMatch(value);

    [GeneratedRegex("^[A-Za-z0-9_-]{8,80}$")]
    private static partial Regex IdPattern();

    /// <summary>Leaves the process's lifetime (signals, exit) to the sidecar host.</summary>
    private sealed class NoHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
