using Shepherd.Notify;
using Shepherd.Tasks;
using Shouldly;

namespace Shepherd.Tests.Unit;

/// <summary>A broken config file is reported as <c>file:line:col: what is wrong</c>, never with Tomlyn's converter text.</summary>
public sealed class ConfigErrorSpecs : IDisposable
{
    private readonly string _file = Path.Combine(Directory.CreateTempSubdirectory("shepherd-config-").FullName, "config.toml");

    [Theory]
    [InlineData("notify = [unterminated\n[[[", ":1:11: Unexpected token `unterminated`")]
    [InlineData("x = 1\ny = = 2", ":2:5: Unexpected token `=`")]
    [InlineData("a = \"b\n", ":1:7: Invalid newline in a string")]
    [InlineData("# settings\nstall_after = 5", ":2:1: stall_after must be a string")]
    [InlineData("notify = \"desktop\"", ":1:1: notify must be a list of strings")]
    [InlineData("\n\nnotify = [\"bogus\"]", ":3:1: invalid notifier 'bogus'")]
    [InlineData("stall_after = \"soon\"", ":1:1: invalid stall_after 'soon'")]
    [InlineData("stall_kill = \"yes\"", ":1:1: stall_kill must be true or false")]
    public void A_broken_config_names_the_file_line_and_column(string toml, string expected)
    {
        File.WriteAllText(_file, toml);
        var e = Should.Throw<UsageException>(() => ShepherdConfig.Load(_file));
        e.Message.ShouldStartWith(_file + expected);
        e.Message.ShouldNotContain("Tomlyn");
        e.Message.ShouldNotContain("converter");
        e.Message.ShouldNotContain("\n");
    }

    [Fact]
    public void A_valid_config_still_loads()
    {
        File.WriteAllText(_file, "notify = [\"desktop\"]\nstall_after = \"1h30m\"\nstall_kill = true\ncontinue_prompt = \"go on\"\n");
        var c = ShepherdConfig.Load(_file);
        c.Notify.ShouldBe(["desktop"]);
        c.StallAfter.ShouldBe(TimeSpan.FromMinutes(90));
        c.StallKill.ShouldBeTrue();
        c.ContinuePrompt.ShouldBe("go on");
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_file)!, recursive: true);
}
