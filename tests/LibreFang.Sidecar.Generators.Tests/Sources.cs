namespace LibreFang.Sidecar.Generators.Tests;

/// <summary>Adapter sources shared by the snapshot, caching and run tests.</summary>
internal static class Sources
{
    public const string Minimal = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using LibreFang.Sidecar;
        namespace Demo;

        [SidecarAdapter("minimal")]
        public sealed partial class MinimalAdapter
        {
            [OnCommand]
            private ValueTask OnSend(SendCommand send, IEventEmitter events, CancellationToken cancellationToken) =>
                events.EmitAsync(new MessageBuilder("u", "U").Text(send.Text).Build(), cancellationToken);
        }
        """;

    public const string Full = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using LibreFang.Sidecar;
        namespace Demo.Full;

        [SidecarAdapter("full", DisplayName = "Full", Description = "Every handler and config type", Capabilities = new[] { "thread", "typing_events" }, SuppressErrorResponses = true, ProtocolVersion = 1)]
        public sealed partial class FullAdapter
        {
            public FullAdapter() => Started = true;

            public bool Started { get; }

            [ConfigField("FULL_TOKEN", Label = "Token", Type = FieldType.Secret, Placeholder = "xoxb-…")]
            public required string Token { get; init; }

            [ConfigField("FULL_NAME", Label = "Name")]
            public string Name { get; init; } = "default-name";

            [ConfigField("FULL_PORT", Label = "Port", Advanced = true)]
            public int Port { get; set; } = 6667;

            [ConfigField("FULL_RATIO")]
            public double Ratio { get; init; } = 0.5;

            [ConfigField("FULL_BIG")]
            public long Big { get; init; }

            [ConfigField("FULL_PRICE")]
            public decimal? Price { get; init; }

            [ConfigField("FULL_TLS", Label = "Use TLS")]
            public bool Tls { get; init; }

            [ConfigField("FULL_CHANNELS", Label = "Channels", Placeholder = "#a,#b")]
            public string[] Channels { get; init; } = [];

            [ConfigField("FULL_ADMINS")]
            public IReadOnlyList<string> Admins { get; init; } = [];

            [ConfigField("FULL_TAGS")]
            public EquatableList<string> Tags { get; init; }

            [ConfigField("FULL_MODE", Label = "Mode", Type = FieldType.Select, Options = new[] { "fast", "safe" })]
            public string Mode { get; init; } = "safe";

            public List<Command> Seen { get; } = new();

            [OnCommand] private ValueTask OnSend(SendCommand c, IEventEmitter e, CancellationToken t) { Seen.Add(c); return e.EmitAsync(new MessageBuilder("u", "U").Text(Name + ":" + c.Text).Build(), t); }
            [OnCommand] private Task OnTyping(TypingCommand c, CancellationToken t) { Seen.Add(c); return Task.CompletedTask; }
            [OnCommand] private void OnReaction(ReactionCommand c) => Seen.Add(c);
            [OnCommand] private ValueTask OnInteractive(InteractiveCommand c, CancellationToken t, IEventEmitter e) { Seen.Add(c); return ValueTask.CompletedTask; }
            [OnCommand] private ValueTask OnStreamStart(StreamStartCommand c) { Seen.Add(c); return ValueTask.CompletedTask; }
            [OnCommand] private ValueTask OnStreamDelta(StreamDeltaCommand c) { Seen.Add(c); return ValueTask.CompletedTask; }
            [OnCommand] private ValueTask OnStreamEnd(StreamEndCommand c, IEventEmitter e) { Seen.Add(c); return ValueTask.CompletedTask; }
            [OnCommand] private ValueTask OnAnything(Command c) { Seen.Add(c); return ValueTask.CompletedTask; }

            private async Task ProduceAsync(IEventEmitter events, CancellationToken cancellationToken) =>
                await events.EmitAsync(new MessageBuilder("p", "P").Text("produced " + Mode).Build(), cancellationToken);

            public int ShutdownCalls;

            private ValueTask OnShutdownAsync(CancellationToken cancellationToken) { ShutdownCalls++; return ValueTask.CompletedTask; }

            private ReadyEvent ConfigureReady(ReadyEvent ready) => ready with { AccountId = "bot-" + Name };
        }
        """;

    public const string Nested = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using LibreFang.Sidecar;
        namespace Demo.Nested;

        public static partial class Platform<TClient> where TClient : class
        {
            internal partial class Inner
            {
                [SidecarAdapter("nested")]
                internal sealed partial class NestedAdapter
                {
                    [OnCommand] private void OnSend(SendCommand send) { }
                }
            }
        }
        """;

    public const string GlobalNamespace = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using LibreFang.Sidecar;

        [SidecarAdapter("global", DisplayName = "Global")]
        public partial class GlobalAdapter
        {
            [ConfigField("GLOBAL_FLAG")]
            public bool? Flag { get; set; }

            [OnCommand] private Task OnSend(SendCommand send) => Task.CompletedTask;
        }
        """;

    public const string Second = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using LibreFang.Sidecar;
        namespace Demo;

        [SidecarAdapter("second")]
        public sealed partial class SecondAdapter
        {
            [OnCommand] private void OnTyping(TypingCommand typing) { }
        }
        """;
}
