namespace LibreFang.Sidecar.Tests.Hosting;

/// <summary>
/// What an operator reads when a size-trimmed binary has no framework message texts: the messages below are the ones
/// the runtime produces under <c>UseSystemResourceKeys</c> (a bare key, then the arguments after ", ").
/// </summary>
public sealed class ExceptionTextTests
{
    [Fact]
    public void A_bare_resource_key_becomes_its_english_text()
    {
        Assert.Equal("Object reference not set to an instance of an object.", ExceptionText.Readable(new KeyedException("Arg_NullReferenceException")));
    }

    [Fact]
    public void Arguments_after_the_key_fill_the_english_text()
    {
        Assert.Equal("The given key 'user-7' was not present in the dictionary.", ExceptionText.Readable(new KeyedException("Arg_KeyNotFoundWithKey, user-7")));
    }

    [Fact]
    public void An_argument_error_gets_its_text_and_its_parameter_spelled_out()
    {
        // ArgumentNullException("target") in such a binary: the key of its text, then the key of the parameter suffix.
        var error = new KeyedArgumentException("ArgumentNull_Generic Arg_ParamName_Name, target", "target");

        Assert.Equal("Value cannot be null. (Parameter 'target')", ExceptionText.Readable(error));
    }

    [Fact]
    public void An_unknown_key_is_named_with_the_exception_type_in_a_readable_sentence()
    {
        var text = ExceptionText.Readable(new KeyedException("net_http_message_not_success_statuscode_reason, 401, Unauthorized"));

        Assert.StartsWith("KeyedException (this build leaves out the framework's message text; its key is net_http_message_not_success_statuscode_reason, 401, Unauthorized)", text);
    }

    [Theory]
    [InlineData("platform login rejected")]
    [InlineData("HTTP 401 from the API")]
    [InlineData("")]
    [InlineData("retry in 5 s, then give up")]
    public void An_adapters_own_message_is_kept(string message)
    {
        Assert.Equal(message, ExceptionText.Readable(new KeyedException(message)));
    }

    [Fact]
    public void An_own_message_shaped_like_a_key_keeps_its_text()
    {
        Assert.Contains("token_expired", ExceptionText.Readable(new KeyedException("token_expired")));
    }

    private sealed class KeyedException(string message) : Exception(message);

    private sealed class KeyedArgumentException(string message, string parameter) : ArgumentException(null, parameter)
    {
        public override string Message { get; } = message;
    }
}
