namespace Shepherd.Browser;

/// <summary><c>shepherd web</c>'s options: bad ones are one-line errors with exit 2, and nothing listens.</summary>
public sealed class OptionSpecs
{
    [Theory]
    [InlineData("--bind", "localhost.evil", "--bind must be an IP address")]
    [InlineData("--port", "99999", "--port must be a number from 0 to 65535")]
    [InlineData("--port", "seven", "--port must be a number from 0 to 65535")]
    public async Task A_bad_option_is_a_one_line_error(string option, string value, string message)
    {
        await using var s = new Sandbox();
        var r = await s.Shepherd("web", option, value);
        r.ExitCode.ShouldBe(2, r.ToString());
        r.Stdout.ShouldBeEmpty();
        r.Stderr.TrimEnd().Split('\n').Length.ShouldBe(1, r.ToString());
        r.Stderr.ShouldStartWith("shepherd web: " + message);
    }
}
