using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Support;
using Shouldly;

namespace Shepherd.Chaos.Specs;

/// <summary>Found by the scenario "hostile names and paths": a SHEPHERD_HOME that resolves into a directory another user
/// owns is used as is (ShepherdHome.EnsureCreated, src/Shepherd.Core/Store/ShepherdHome.cs:61, and TaskStore.Open): run
/// as root — `sudo shepherd …` with the user's environment — it writes root-owned 0600 files (the database, the reserve,
/// task directories) into the user's state directory and chmods it, after which the user's own shepherd cannot open its
/// database. Expected: exit 2 (or a clear failure) naming the owner, and nothing written there. Fixed: ShepherdHome.EnsureCreated refuses a state directory another user owns (statx's owner against geteuid), exit 2, before anything is written.</summary>
public sealed class ForeignHomeSpecs
{
    [Fact(Timeout = 120_000)]
    public async Task A_SHEPHERD_HOME_that_belongs_to_another_user_is_refused_and_left_untouched()
    {
        Assert.SkipUnless(LocalUser.CanCreate, "needs root (useradd) to create the other user");
        await using var w = new World("foreign-home");
        await using var user = await LocalUser.CreateAsync(w);
        var theirs = Directory.CreateDirectory(Path.Combine(w.Dir, "theirs")).FullName;
        (await w.WaitAsync(w.Launch(["chown", $"{user.Uid}:{user.Gid}", theirs]))).Ok.ShouldBeTrue();
        var link = Path.Combine(w.Dir, "home-link");
        File.CreateSymbolicLink(link, theirs);
        var env = new Dictionary<string, string?>(w.AgentEnv("foreign", "ok")) { ["SHEPHERD_HOME"] = link };
        var r = await w.ShepherdWith(env, null, w.StartArgs("foreign"));
        await w.Tmux("kill-server");
        r.ExitCode.ShouldNotBe(0, r.ToString());
        r.Stderr.Trim().Split('\n').Length.ShouldBe(1);
        Tree.Snapshot(theirs).ShouldBeEmpty();
    }
}
