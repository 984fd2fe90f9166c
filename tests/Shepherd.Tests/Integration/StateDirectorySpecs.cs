using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Integration;

/// <summary>A state directory Shepherd cannot create or write is named, with SHEPHERD_HOME and what to do,
/// instead of .NET's "Access to the path … is denied".</summary>
public sealed class StateDirectorySpecs
{
    [Fact(Timeout = 30_000)]
    public async Task A_state_directory_under_a_file_names_SHEPHERD_HOME_and_the_file()
    {
        await using var s = new Sandbox();
        var file = Path.Combine(s.Dir, "not-a-dir");
        File.WriteAllText(file, "");
        var r = await s.ShepherdWith(new Dictionary<string, string?> { ["SHEPHERD_HOME"] = Path.Combine(file, "home") }, null, "list");
        r.ExitCode.ShouldBe(2, r.ToString());
        r.Stderr.Trim().ShouldBe($"shepherd: cannot use the state directory {file}/home (SHEPHERD_HOME): {file} is a file, not a directory; " +
                                 "set SHEPHERD_HOME to a directory you can write, or fix its permissions");
    }

    [Fact(Timeout = 30_000)]
    public async Task A_state_directory_where_nobody_may_create_one_says_permission_denied()
    {
        await using var s = new Sandbox();
        // sysfs refuses mkdir even to root, so this holds for any user.
        var r = await s.ShepherdWith(new Dictionary<string, string?> { ["SHEPHERD_HOME"] = "/sys/shepherd-test-home" }, null,
            "start", "t1", "--agent", "codex", "--dir", s.Project, "--prompt", "x");
        r.ExitCode.ShouldBe(2, r.ToString());
        r.Stderr.Trim().Split('\n').Length.ShouldBe(1);
        r.Stderr.ShouldContain("cannot use the state directory /sys/shepherd-test-home (SHEPHERD_HOME): permission denied in /sys");
        r.Stderr.ShouldNotContain("Access to the path");
    }
}
