using Shepherd.Agents;

namespace Shepherd.E2E;

/// <summary>How <see cref="OpenCodeAdapter.PickSession"/> reads <c>opencode session list --format json</c>
/// (shape as OpenCode 1.18.33 prints it).</summary>
public sealed class OpenCodeSessionListSpecs
{
    private const string List = """
        [
          {"id":"ses_old","title":"shepherd-t-1","updated":1700000000000,"created":1700000000000,"projectId":"global","directory":"/p"},
          {"id":"ses_other","title":"New session - 2025-01-01T00:00:00.000Z","updated":1800000000000,"created":1800000000000,"projectId":"global","directory":"/p"},
          {"id":"ses_new","title":"shepherd-t-1","updated":1750000000000,"created":1750000000000,"projectId":"global","directory":"/p"},
          {"id":"ses_x","title":"shepherd-t-10","updated":1900000000000,"created":1900000000000,"projectId":"global","directory":"/p"}
        ]
        """;

    [Fact]
    public void Picks_the_most_recently_updated_session_with_the_exact_title() =>
        OpenCodeAdapter.PickSession(List, "shepherd-t-1").ShouldBe("ses_new");

    [Theory]
    [InlineData("[]")]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[{\"id\":\"ses_a\",\"title\":\"other\"}]")]
    [InlineData("[{\"id\":\"nope\",\"title\":\"shepherd-t-1\"}]")]
    [InlineData("{\"id\":\"ses_a\",\"title\":\"shepherd-t-1\"}")]
    public void Gives_null_when_no_session_has_the_title(string json) =>
        OpenCodeAdapter.PickSession(json, "shepherd-t-1").ShouldBeNull();

    [Fact]
    public void Skips_noise_before_the_list() =>
        OpenCodeAdapter.PickSession("warning: something\n" + List, "shepherd-t-10").ShouldBe("ses_x");
}
