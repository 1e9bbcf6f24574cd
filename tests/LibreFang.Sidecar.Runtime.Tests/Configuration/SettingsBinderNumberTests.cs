using LibreFang.Sidecar;
using Xunit;

namespace LibreFang.Sidecar.Tests.Configuration;

/// <summary>Every number type reads the invariant form only: a group separator is a problem, never a different value.</summary>
public sealed class SettingsBinderNumberTests
{
    private static SettingsBinder Binder(string value) => new(new DictionarySettings(new Dictionary<string, string> { ["N"] = value }));

    [Theory]
    [InlineData("1,5")]
    [InlineData("1,000")]
    [InlineData("1 000")]
    public void Every_number_type_rejects_a_group_separator(string value)
    {
        var int32 = Binder(value);
        Assert.False(int32.Int32("N").IsSet);
        Assert.Single(int32.Problems);

        var int64 = Binder(value);
        Assert.False(int64.Int64("N").IsSet);
        Assert.Single(int64.Problems);

        var @double = Binder(value);
        Assert.False(@double.Double("N").IsSet);
        Assert.Single(@double.Problems);

        var @decimal = Binder(value);
        Assert.False(@decimal.Decimal("N").IsSet);
        Assert.Equal("N must be a number, got '" + value + "'", Assert.Single(@decimal.Problems).Message);
    }

    [Fact]
    public void Every_number_type_reads_the_invariant_form()
    {
        Assert.Equal(-42, Binder("-42").Int32("N").Value);
        Assert.Equal(5_000_000_000L, Binder("5000000000").Int64("N").Value);
        Assert.Equal(1.5, Binder("1.5").Double("N").Value);
        Assert.Equal(1.5m, Binder("1.5").Decimal("N").Value);
        Assert.Equal(-0.25m, Binder("-0.25").Decimal("N").Value);
        Assert.Equal(1500m, Binder("1.5e3").Decimal("N").Value);
    }

    [Fact]
    public void A_problem_added_by_key_is_reported_with_the_binding_problems()
    {
        var binder = Binder("x");
        _ = binder.Int32("N");
        binder.AddProblem("OTHER", "OTHER must be set when N is");
        var error = Assert.Throws<ConfigurationException>(binder.ThrowIfInvalid);
        Assert.Equal(["N", "OTHER"], error.Problems.Select(p => p.Key));
    }

    [Fact]
    public void The_key_and_message_constructor_carries_one_problem()
    {
        var error = new ConfigurationException("IRC_PORT", "IRC_PORT must be 6697 when IRC_TLS is on");
        var problem = Assert.Single(error.Problems);
        Assert.Equal("IRC_PORT", problem.Key);
        Assert.Contains("IRC_PORT must be 6697", error.Message, StringComparison.Ordinal);
    }
}
