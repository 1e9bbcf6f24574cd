using System.Text;
using LibreFang.Sidecar.Protocol;

namespace LibreFang.Sidecar.Tests.Protocol;

/// <summary>The daemon's acceptance rules for events and <c>--describe</c> output (supervisor reference, appendix A).</summary>
public sealed class EventParserTests
{
    [Theory]
    [InlineData("""{"method":"ready"}""")]
    [InlineData("""{"method":"ready","params":null}""")]
    [InlineData("""{"method":"ready","params":{}}""")]
    [InlineData("""{"method":"ready","params":[]}""")]
    [InlineData("""{"jsonrpc":"2.0","method":"ready","id":1,"params":{"capabilities":["typing"]}}""")]
    [InlineData("""{"params":{"capabilities":["typing"]},"method":"ready"}""")]
    [InlineData("""{"method":"ready","params":{"account_id":null,"protocol_version":null}}""")]
    [InlineData("""{"method":"ready","params":{"header_rules":[["h",[["Authorization","Bearer x"]]]]}}""")]
    [InlineData("""{"method":"ready","params":{"notification_recipients":[{"platform_id":"1","display_name":"A"}]}}""")]
    [InlineData("""{"method":"ready","params":{"future_key":1}}""")]
    [InlineData("""{"method":"message","params":{"user_id":"1","user_name":"Bob","text":"hi"}}""")]
    [InlineData("""{"method":"message","params":{"user_id":"1","user_name":"Bob","text":null,"channel_id":null}}""")]
    [InlineData("""{"method":"message","params":{"user_id":"1","user_name":"Bob","content":{"Text":"hello"}}}""")]
    [InlineData("""{"method":"message","params":{"user_id":"1","user_name":"Bob","content":{"Image":{"url":"u"}}}}""")]
    [InlineData("""{"method":"message","params":{"user_id":"1","user_name":"Bob","content":{"Location":{"lat":1,"lon":2}}}}""")]
    [InlineData("""{"method":"message","params":{"user_id":"1","user_name":"Bob","content":null,"text":"fallback"}}""")]
    [InlineData("""{"method":"message","params":{"user_id":"1","user_name":"Bob","metadata":{"k":1,"k":2}}}""")]
    [InlineData("""{"method":"error","params":{"message":"boom"}}""")]
    [InlineData("""{"method":"qr_ready","params":{"qr_code":"q","expires_at":"2026-05-28T20:00:00Z"}}""")]
    [InlineData("""{"method":"qr_ready","params":{"qr_code":"q","expires_at":"2026-05-28T20:00:00+09:00"}}""")]
    [InlineData("""{"method":"qr_ready","params":{"qr_code":"q","expires_at":"2026-05-28T20:00:00.123456Z"}}""")]
    [InlineData("""{"method":"qr_ready","params":{"qr_code":"q","expires_at":"2026-05-28 20:00:00Z"}}""")]
    [InlineData("""{"method":"qr_ready","params":{"qr_code":"q","expires_at":null}}""")]
    [InlineData("""{"method":"qr_status","params":{"status":"bogus"}}""")]
    public void The_daemon_accepts(string line)
    {
        var result = EventParser.Parse(Encoding.UTF8.GetBytes(line));
        Assert.True(result.IsSuccess, result.Error?.Message);
    }

    [Theory]
    [InlineData("""{"method":"ready","params":{"capabilities":null}}""", "params.capabilities must be an array, got null")]
    [InlineData("""{"method":"ready","params":{"protocol_version":-1}}""", "protocol_version")]
    [InlineData("""{"method":"ready","params":{"protocol_version":"1"}}""", "protocol_version")]
    [InlineData("""{"method":"ready","params":{"protocol_version":1.0}}""", "protocol_version")]
    [InlineData("""{"method":"ready","params":{"protocol_version":true}}""", "protocol_version")]
    [InlineData("""{"method":"ready","params":{"header_rules":[{"host":"h"}]}}""", "header_rules[0]")]
    [InlineData("""{"method":"Ready"}""", "unknown variant `Ready`")]
    [InlineData("""{"method":"ready_ack"}""", "unknown variant")]
    [InlineData("""{"method":"heartbeat"}""", "unknown variant")]
    [InlineData("""{"method":"log","params":{}}""", "unknown variant")]
    [InlineData("""{"method":null}""", "method must be a string")]
    [InlineData("""{"params":{}}""", "missing field `method`")]
    [InlineData("""[]""", "expected a JSON object")]
    [InlineData("""42""", "expected a JSON object")]
    [InlineData("\"ready\"", "expected a JSON object")]
    [InlineData("""{"method":"message","params":{"user_id":1,"user_name":"Bob"}}""", "params.user_id must be a string, got number")]
    [InlineData("""{"method":"message","params":{"user_id":"1","user_name":"Bob","channel_id":-100123}}""", "params.channel_id")]
    [InlineData("""{"method":"message","params":{"user_id":"1","user_name":"Bob","message_id":42}}""", "params.message_id")]
    [InlineData("""{"method":"message","params":{"user_id":"1"}}""", "params.user_name")]
    [InlineData("""{"method":"message"}""", "missing field `params`")]
    [InlineData("""{"method":"message","params":null}""", "params must be an object, got null")]
    [InlineData("""{"method":"message","params":{"user_id":"1","user_name":"B","metadata":null}}""", "params.metadata")]
    [InlineData("""{"method":"message","params":{"user_id":"1","user_name":"B","is_group":null}}""", "params.is_group")]
    [InlineData("""{"method":"message","params":{"user_id":"1","user_name":"B","group_members":null}}""", "params.group_members")]
    [InlineData("""{"method":"message","params":{"user_id":"1","user_name":"B","content":"hello"}}""", "params.content")]
    [InlineData("""{"method":"message","params":{"user_id":"1","user_name":"B","content":{"type":"text","text":"x"}}}""", "params.content")]
    [InlineData("""{"method":"message","params":{"user_id":"1","user_name":"B","content":{"Text":"a","Sticker":{"file_id":"s"}}}}""", "params.content")]
    [InlineData("""{"method":"message","params":{"user_id":"1","user_name":"B","content":{"Voice":{"url":"u"}}}}""", "duration_seconds is missing")]
    [InlineData("""{"method":"message","params":{"user_id":"1","user_name":"B","content":{"Command":{"name":"start"}}}}""", "args is missing")]
    [InlineData("""{"method":"message","params":{"user_id":"1","user_name":"B","content":{"PollAnswer":{"poll_id":"p","option_ids":[256]}}}}""", "0 to 255")]
    [InlineData("""{"method":"message","params":{"user_id":"1","user_id":"2","user_name":"B"}}""", "duplicate field `params.user_id`")]
    [InlineData("""{"method":"message","method":"message","params":{"user_id":"1","user_name":"B"}}""", "duplicate field `method`")]
    [InlineData("""{"method":"message","params":{"user_id":"1","user_name":"B","text":NaN}}""", "invalid JSON")]
    [InlineData("""{"method":"error","params":{"msg":"boom"}}""", "params.message")]
    [InlineData("""{"method":"error","params":"boom"}""", "params must be an object")]
    [InlineData("""{"method":"error"}""", "missing field `params`")]
    [InlineData("""{"method":"typing","params":{"user_id":"u","user_name":"n"}}""", "is_typing")]
    [InlineData("""{"method":"typing","params":{"channel_id":"c"}}""", "params.user_id")]
    [InlineData("""{"method":"qr_ready","params":{"qr_code":"q","expires_at":"2026-05-28 20:00:00"}}""", "RFC 3339")]
    [InlineData("""{"method":"qr_ready","params":{"qr_code":"q","expires_at":1780000000}}""", "params.expires_at")]
    [InlineData("""{"method":"ready"} {"method":"ready"}""", "invalid JSON")]
    [InlineData("""hello world from print()""", "invalid JSON")]
    [InlineData("""{"method":"ready",}""", "invalid JSON")]
    public void The_daemon_drops(string line, string reason)
    {
        var result = EventParser.Parse(Encoding.UTF8.GetBytes(line));

        Assert.False(result.IsSuccess, $"accepted: {result.Value}");
        Assert.Contains(reason, result.Error!.Message);
    }

    [Fact]
    public void A_lone_surrogate_escape_is_dropped()
    {
        Assert.False(EventParser.Parse(Encoding.UTF8.GetBytes("""{"method":"error","params":{"message":"\ud800"}}""")).IsSuccess);
    }

    [Fact]
    public void The_bare_legacy_ready_reads_as_all_defaults()
    {
        Assert.Equal(new ReadyEvent(), EventParser.Parse("""{"method":"ready"}"""u8).Value);
    }

    [Theory]
    [InlineData("""{"name":"t","display_name":"T","description":"d","fields":[]}""")]
    [InlineData("""{"name":"t","display_name":"T","description":"d","fields":[{"key":"K","label":"L","type":"secret"}]}""")]
    [InlineData("""{"name":"t","display_name":"T","description":"d","fields":[{"key":"K","label":"L","type":"select","options":null}]}""")]
    [InlineData("""{"name":"t","display_name":"T","description":"d","version":3,"fields":[]}""")]
    public void A_schema_the_daemon_accepts(string json) => Assert.True(EventParser.ParseSchema(Encoding.UTF8.GetBytes(json)).IsSuccess);

    [Theory]
    [InlineData("""{"name":"t","display_name":"T","description":"d","fields":[{"key":"K","label":"L","type":"text","options":[1,2]}]}""", "options[0]")]
    [InlineData("""{"name":"t","display_name":"T","description":"d","fields":[{"key":"K","label":"L","type":"text","placeholder":null}]}""", "placeholder")]
    [InlineData("""{"name":"t","display_name":"T","description":"d","fields":[{"key":"K","label":"L","type":"text","required":null}]}""", "required")]
    [InlineData("""{"name":"t","display_name":"T","description":"d","fields":[{"key":"K","label":"L","type":"text","required":"true"}]}""", "required")]
    [InlineData("""{"name":"t","display_name":"T","description":"d","fields":[{"key":"K","label":"L","field_type":"text"}]}""", "missing field `fields[0].type`")]
    [InlineData("""{"name":"t","display_name":"T","description":"d","fields":[{"key":"K","type":"text"}]}""", "fields[0].label")]
    [InlineData("""{"name":"t","display_name":"T","fields":[]}""", "description")]
    [InlineData("""{"name":"t","display_name":"T","description":null,"fields":[]}""", "description must be a string, got null")]
    [InlineData("""{"name":"t","display_name":"T","description":"d"}""", "missing field `fields`")]
    [InlineData("""{"name":"t","display_name":"T","description":"d","fields":[{"key":"K","label":"L","type":"whatever"}]}""", "not one of text, secret")]
    public void A_schema_the_dashboard_cannot_use(string json, string reason)
    {
        var result = EventParser.ParseSchema(Encoding.UTF8.GetBytes(json));
        Assert.False(result.IsSuccess);
        Assert.Contains(reason, result.Error!.Message);
    }

    [Fact]
    public void Schema_defaults_apply_when_optional_keys_are_omitted()
    {
        var field = EventParser.ParseSchema("""{"name":"t","display_name":"T","description":"d","fields":[{"key":"K","label":"L","type":"secret"}]}"""u8).Value!.Fields[0];

        Assert.Equal(new Field("K", "L", FieldType.Secret) { Required = false, Placeholder = "", Advanced = false, Options = null }, field);
    }
}
