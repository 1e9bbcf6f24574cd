namespace LibreFang.Sidecar.Conformance.Tests;

/// <summary>The project's corpus copy must be the upstream corpus, byte for byte.</summary>
public sealed class CorpusCopyTests
{
    [Fact]
    public void Copy_is_present_with_both_directions()
    {
        Assert.NotEmpty(Corpus.Files("commands"));
        Assert.NotEmpty(Corpus.Files("events"));
    }

    [Fact]
    public void Copy_is_byte_identical_to_the_shared_corpus()
    {
        var shared = Corpus.SharedDirectory;
        if (shared is null)
        {
            // Outside the workspace (a clone on its own) there is nothing to compare with; the copy is then authoritative.
            return;
        }
        var ours = Corpus.RelativeFiles(Corpus.Directory);
        var theirs = Corpus.RelativeFiles(shared);
        Assert.Equal(theirs, ours);
        foreach (var relative in ours)
        {
            var expected = File.ReadAllBytes(Path.Combine(shared, relative));
            var actual = File.ReadAllBytes(Path.Combine(Corpus.Directory, relative));
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{relative} differs from ../shared/corpus");
        }
    }
}
