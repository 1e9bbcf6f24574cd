using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;

namespace LibreFang.Sidecar.Helpers;

/// <summary>One event of a <c>text/event-stream</c>.</summary>
/// <param name="EventType">The <c>event:</c> field (<c>message</c> when absent).</param>
/// <param name="Data">The <c>data:</c> lines joined with <c>\n</c>.</param>
/// <param name="Id">The last event id seen so far (sent back as <c>Last-Event-ID</c> on reconnect).</param>
public sealed record ServerSentEvent(string EventType, string Data, string? Id);

/// <summary>
/// Reads a <c>text/event-stream</c> (ntfy, Mastodon streaming, …) as an endless sequence of events: parsing is
/// System.Net.ServerSentEvents'; this adds the reconnect the spec asks for. After the stream ends or fails it waits the
/// server's <c>retry:</c> interval (or the backoff while failures repeat) and reconnects with <c>Last-Event-ID</c>.
/// </summary>
public sealed class ServerSentEventStream(HttpClient http, Uri uri, Backoff? backoff = null, SidecarLog? log = null, TimeProvider? time = null)
{
    private readonly Backoff _backoff = backoff ?? Backoff.Default;
    private readonly SidecarLog _log = log ?? SidecarLog.Shared;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Headers added to every request (authorization).</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The last event id received.</summary>
    public string? LastEventId { get; private set; }

    /// <summary>How many connections were opened so far.</summary>
    public int Connections { get; private set; }

    /// <summary>Events until <paramref name="cancellationToken"/> is cancelled, across reconnects.</summary>
    public async IAsyncEnumerable<ServerSentEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        TimeSpan? serverRetry = null;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            HttpResponseMessage? response = null;
            Stream? body = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
                foreach (var (name, value) in Headers)
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }
                if (LastEventId is not null)
                {
                    request.Headers.TryAddWithoutValidation("Last-Event-ID", LastEventId);
                }
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                Connections++;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                response?.Dispose();
                var delay = _backoff.Delay(failures++);
                _log.Warn("event stream connection failed; backing off", ("host", uri.Host), ("delay_ms", delay), ("error", ex.Message));
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var parser = SseParser.Create(body);
            var enumerator = parser.EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (true)
                {
                    bool next;
                    try
                    {
                        next = await enumerator.MoveNextAsync().ConfigureAwait(false);
                    }
                    catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                    {
                        _log.Warn("event stream failed; reconnecting", ("host", uri.Host), ("error", ex.Message));
                        break;
                    }
                    if (!next)
                    {
                        break;
                    }
                    failures = 0;
                    if (!string.IsNullOrEmpty(parser.LastEventId))
                    {
                        LastEventId = parser.LastEventId;
                    }
                    yield return new ServerSentEvent(enumerator.Current.EventType, enumerator.Current.Data, LastEventId);
                }
            }
            finally
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
                await body.DisposeAsync().ConfigureAwait(false);
                response.Dispose();
            }
            if (parser.ReconnectionInterval != Timeout.InfiniteTimeSpan && parser.ReconnectionInterval > TimeSpan.Zero)
            {
                serverRetry = parser.ReconnectionInterval;
            }
            var wait = serverRetry ?? _backoff.Initial;
            _log.Info("event stream ended; reconnecting", ("host", uri.Host), ("delay_ms", wait));
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
